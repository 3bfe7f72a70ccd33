package io.gradforge.core.health;

import static io.gradforge.core.health.HealthRules.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link HealthReport} into words: a verdict that links each raised flag to its measured numbers and to
 * remedies from the literature, and a per-layer table.
 *
 * {@snippet :
 * HealthReport report = GradientHealth.atInit(network, Loss.SOFTMAX_CROSS_ENTROPY, x, y);
 * report.verdict().forEach(System.out::println);
 * System.out.println(report.toTable());
 * }
 */
public final class Diagnosis {

    private Diagnosis() {
    }

    /** One sentence per raised flag (a single "healthy" sentence when none was), in {@link HealthFlag} order. */
    public static List<String> verdict(HealthReport report) {
        List<String> out = new ArrayList<>();
        Set<String> acts = activations(report.initLayers());
        boolean squashing = acts.contains("sigmoid") || acts.contains("tanh");
        boolean relu = acts.contains("relu");
        double sat = report.init() == null ? Double.NaN : HealthRules.meanSaturation(report.initLayers());
        for (RaisedFlag f : report.flags()) {
            out.add(switch (f.flag()) {
                case VANISHING -> {
                    GradientFlow flow = flowFor(report);
                    String perLayer = flow == null ? "" : fmt("gradient shrinks about %.2gx per layer going back "
                                    + "(delta norm %.2g at layer 1 vs %.2g at layer %d); ",
                            1 / Math.sqrt(flow.geometricMean()), flow.deltaNorms().getFirst(),
                            flow.deltaNorms().getLast(), flow.depth());
                    String satNote = squashing && sat > 0.05
                            ? fmt("%s saturates %.0f%% of units; ", HealthRules.saturatingNames(report.initLayers()),
                                    100 * sat) : "";
                    String remedy = squashing
                            ? "replace sigmoid/tanh with relu-family activations (relu/leaky_relu with he_normal, or "
                                    + "selu with lecun_normal), or add residual blocks or batch norm"
                            : relu ? "use he_normal (variance 2/fan_in) for relu layers, or add residual blocks "
                                    + "(ReZero) or batch norm"
                            : "raise the init scale toward criticality (he_normal for relu-family, lecun_normal for "
                                    + "selu), or add residual blocks or normalization";
                    yield "VANISHING: " + perLayer + satNote + remedy + " [" + f.reason() + "]";
                }
                case EXPLODING -> "EXPLODING: gradients grow on their way back; lower the init scale (xavier/he "
                        + "instead of larger), clip gradients by global norm, add normalization (layer norm, or put "
                        + "batch norm after the activation), or use residual blocks with a small branch scale ["
                        + f.reason() + "]";
                case SATURATED -> "SATURATED: " + f.reason() + "; saturated units pass almost no gradient: "
                        + "lower the init scale (xavier for tanh/sigmoid), normalize the inputs, add batch norm, or "
                        + "switch to relu-family activations";
                case DEAD_UNITS -> "DEAD_UNITS: " + f.reason() + "; dead units never recover: use leaky_relu/elu "
                        + "(or prelu), a lower learning rate, he init, and a small positive bias";
                case UNSTABLE_UPDATES -> "UNSTABLE_UPDATES: " + f.reason() + "; aim for update/weight ratios near "
                        + "1e-3: lower the learning rate if larger (or clip gradients, add warmup), raise it if "
                        + "smaller";
                case DIVERGED -> "DIVERGED: " + f.reason() + "; lower the learning rate, clip gradients by global "
                        + "norm, add warmup or normalization, check the init scale";
                case EARLY_LAYERS_FROZEN -> "EARLY_LAYERS_FROZEN: " + f.reason() + "; the first layers barely "
                        + "learn: fix the gradient flow (relu-family with he init, residual blocks, normalization) or "
                        + "use an adaptive optimizer (adam)";
                case WEIGHTS_COLLAPSING -> "WEIGHTS_COLLAPSING: " + f.reason() + "; lower the weight decay or the "
                        + "learning rate";
                case STAGNATING -> "STAGNATING: " + f.reason() + "; learning stalled early: check gradient flow, try "
                        + "a larger learning rate, adam, or a better-conditioned architecture";
            });
        }
        if (out.isEmpty()) {
            GradientFlow flow = flowFor(report);
            out.add(flow == null || flow.depth() < 2
                    ? fmt("healthy: no flag raised (score %.2f)", report.score())
                    : fmt("healthy: no flag raised (score %.2f); squared gradient ratio %.3g per layer, %.2f decades "
                            + "between the first and last layer", report.score(), flow.geometricMean(),
                            flow.attenuationDecades()));
        }
        return List.copyOf(out);
    }

    /**
     * A fixed-width table, one row per probed unit, of the last snapshot (init for a report at init), with the
     * init delta norm beside it after training. NaN prints as "-".
     */
    public static String table(HealthReport report) {
        List<LayerStats> rows = report.finalLayers();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-4s %-14s %-10s %6s %10s %10s %9s %9s %6s %6s %9s %9s %9s%n",
                "#", "layer", "act", "width", "|dW|", "|delta|", "mean", "std", "sat", "dead", "upd/W", "dW/W0",
                "|W|"));
        for (LayerStats s : rows) {
            sb.append(String.format(Locale.ROOT, "%-4d %-14s %-10s %6d %10s %10s %9s %9s %6s %6s %9s %9s %9s%n",
                    s.index(), clip(s.name() + (s.isDense() ? "" : "*"), 14), clip(s.activation(), 10), s.width(),
                    num(s.weightGradNorm()), num(s.deltaNorm()), num(s.activationMean()), num(s.activationStd()),
                    pct(s.saturationFraction()), pct(s.deadFraction()), num(s.updateRatio()),
                    num(s.relativeChangeSinceInit()), num(s.weightNorm())));
        }
        GradientFlow flow = report.flow();
        if (flow != null && flow.depth() >= 2) {
            sb.append(fmt("gradient flow at init: r_geo %.4g, attenuation %.2f decades", flow.geometricMean(),
                    flow.attenuationDecades()));
            if (!Double.isNaN(report.predictedGeometricMean())) {
                sb.append(fmt(", mean-field r_geo %.4g", report.predictedGeometricMean()));
            }
            sb.append(System.lineSeparator());
        }
        sb.append(fmt("score %.3f; flags %s%n", report.score(), report.flagSet()));
        return sb.toString();
    }

    private static @Nullable GradientFlow flowFor(HealthReport report) {
        return report.flow();
    }

    private static Set<String> activations(List<LayerStats> layers) {
        Set<String> s = new TreeSet<>();
        for (LayerStats l : layers) s.add(l.activation());
        return s;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 || v == 0 ? "%.4f" : "%.3e", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
