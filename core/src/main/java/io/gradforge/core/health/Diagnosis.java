package io.gradforge.core.health;

import static io.gradforge.core.health.HealthRules.fmt;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        for (RaisedFlag f : report.flags()) out.add(sentence(report, f));
        if (out.isEmpty()) out.add(healthy(report));
        return List.copyOf(out);
    }

    /**
     * The verdict on a network measured at initialization on a probe batch and then during training: one sentence
     * per flag raised by either, in {@link HealthFlag} order, the training run's measurement where both raised it (its
     * snapshot at step 0 is on a training batch, so its percentages differ a little from the probe's); "healthy" only
     * when neither raised a flag.
     */
    public static List<String> verdict(HealthReport atInit, HealthReport duringTraining) {
        Map<HealthFlag, String> lines = new EnumMap<>(HealthFlag.class);
        for (RaisedFlag f : duringTraining.flags()) lines.putIfAbsent(f.flag(), sentence(duringTraining, f));
        for (RaisedFlag f : atInit.flags()) {
            // through time, the end of training judges: training opens a gated cell's path (see ThroughTime)
            if (ThroughTime.isThroughTime(f.flag()) && duringTraining.trace() != null) continue;
            lines.putIfAbsent(f.flag(), sentence(atInit, f));
        }
        if (lines.isEmpty()) return List.of(healthy(duringTraining.init() != null ? duringTraining : atInit));
        return List.copyOf(lines.values());
    }

    private static String sentence(HealthReport report, RaisedFlag f) {
        Set<String> acts = activations(report.initLayers());
        boolean squashing = acts.contains("sigmoid") || acts.contains("tanh");
        boolean relu = acts.contains("relu");
        double sat = report.init() == null ? Double.NaN : HealthRules.meanSaturation(report.initLayers());
        return switch (f.flag()) {
            case VANISHING -> {
                GradientFlow flow = report.flow();
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
            case DEAD_UNITS -> "DEAD_UNITS: " + f.reason() + (f.reason().startsWith("at init")
                    ? "; units off for every row beyond chance point at the biases or the inputs: check the bias "
                            + "initialization (a negative bias switches relu units off) and the input scaling, or "
                            + "use leaky_relu/elu (or prelu), which pass gradient below 0"
                    : "; units died during training and get no gradient to come back: lower the learning rate (or "
                            + "add warmup or gradient clipping), or use leaky_relu/elu (or prelu)");
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
            case VANISHING_THROUGH_TIME -> "VANISHING_THROUGH_TIME: the gradient from the loss fades on its way back "
                    + "through the sequence, so dependencies across it cannot be learned; "
                    + ThroughTime.remedies(report, f.flag()) + " [" + f.reason() + "]";
            case EXPLODING_THROUGH_TIME -> "EXPLODING_THROUGH_TIME: the gradient grows on its way back through the "
                    + "sequence; " + ThroughTime.remedies(report, f.flag()) + " [" + f.reason() + "]";
        };
    }

    private static String healthy(HealthReport report) {
        GradientFlow flow = report.flow();
        HealthSnapshot init = report.init();
        if (init != null && !init.recurrent().isEmpty()) {
            return fmt("healthy: no flag raised (score %.2f)%s", report.score(), ThroughTime.summary(report));
        }
        if (flow == null || init == null || flow.depth() < 2) {
            return fmt("healthy: no flag raised (score %.2f)", report.score());
        }
        int dense = init.denseLayers().size();
        String over = dense == flow.depth()
                ? fmt("geometric mean over the %d dense layers", dense)
                : fmt("from the first to the last of the %d trunk dense layers, per dense layer of the %d in all",
                        flow.depth(), dense);
        return fmt("healthy: no flag raised (score %.2f); squared delta-norm ratio %.3g per layer going back (%s), "
                + "%.2f decades between the first and the last", report.score(), HealthRules.perLayerRatio(init), over,
                flow.attenuationDecades());
    }

    /**
     * A fixed-width table, one row per probed unit, of the last snapshot (init for a report at init). NaN prints as
     * "-". Beside each trunk dense layer l: {@code r}, the measured {@code ||delta_l||^2 / ||delta_{l+1}||^2} to the
     * next trunk dense layer, and for a report at init {@code r_mf}, what mean-field theory predicts for it
     * ({@link MeanFieldComparison}; plain chains only). Flow, flags and score are reported by the caller.
     */
    public static String table(HealthReport report) {
        List<LayerStats> rows = report.finalLayers();
        HealthSnapshot shown = report.trace() != null ? report.trace().last() : report.init();
        List<Double> ratios = shown == null ? List.of() : shown.flow().ratios();
        MeanFieldComparison mf = report.meanField();
        List<Double> predicted = report.trace() == null && mf != null && mf.prediction() != null
                ? mf.prediction().chi() : List.of();
        StringBuilder sb = new StringBuilder();
        String format = "%-4s %-14s %-10s %6s %10s %10s %9s %9s %6s %6s %9s %9s %9s %8s %8s%n";
        sb.append(String.format(Locale.ROOT, format, "#", "layer", "act", "width", "|dW|", "|delta|", "mean", "std",
                "sat", "dead", "upd/W", "dW/W0", "|W|", "r", "r_mf"));
        int trunk = 0;
        for (LayerStats s : rows) {
            double r = Double.NaN;
            double rMf = Double.NaN;
            if (s.onTrunk()) {
                if (trunk < ratios.size()) r = ratios.get(trunk);
                if (trunk < predicted.size()) rMf = predicted.get(trunk);
                trunk++;
            }
            sb.append(String.format(Locale.ROOT, format,
                    s.index(), clip(s.name() + (s.isDense() ? "" : "*"), 14), clip(s.activation(), 10), s.width(),
                    num(s.weightGradNorm()), num(s.deltaNorm()), num(s.activationMean()), num(s.activationStd()),
                    pct(s.saturationFraction()), pct(s.deadFraction()), num(s.updateRatio()),
                    num(s.relativeChangeSinceInit()), num(s.weightNorm()), ratio(r), ratio(rMf)));
        }
        return sb.toString();
    }

    /** The distances t-k at which {@link #throughTime} prints ||dL/dh_k||, those below T. */
    static final int[] SHOWN_DISTANCES = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

    /**
     * The health through time of every recurrent layer in {@code s}, a few lines a layer (none for a network without
     * one): ||dL/dh_k|| at some distances t-k from the last step, the fitted decay per step and the attenuation over
     * the sequence, for an rnn the largest singular value of W_hh beside Pascanu et al.'s 1/gamma, and the shares of
     * gate values near the ends of their ranges.
     */
    public static List<String> throughTime(HealthSnapshot s) {
        List<String> out = new ArrayList<>();
        for (RecurrentStats r : s.recurrent()) {
            out.add(fmt("through time, recurrent layer %s (%s, T = %d, %d units; %s):", r.name(), r.cell(),
                    r.steps(), r.hidden(), r.lossAtLastStep() ? "the loss enters at the last step"
                            : "returns every step, so gradient enters at each: shown, not judged"));
            StringBuilder norms = new StringBuilder("  ||dL/dh_k|| (mean over rows) at distance t-k:");
            for (int d : SHOWN_DISTANCES) {
                if (d < r.steps()) norms.append(' ').append(d).append(": ").append(num(r.gradNorm(d)));
            }
            if (indexOf(r.steps() - 1) < 0) {
                norms.append(' ').append(r.steps() - 1).append(": ").append(num(r.gradNorm(r.steps() - 1)));
            }
            out.add(norms.toString());
            String bound = !r.plainRnn() ? "" : fmt("; sigma_max(W_hh) %.4g vs 1/gamma = %.0f (Pascanu et al. 2013: "
                    + "below it the gradient must vanish, above it it can explode)", r.maxSingularValue(),
                    1 / RecurrentStats.GAMMA);
            out.add(fmt("  decay %.4gx per step going back (least squares on log10 ||dL/dh_k||), %.2f decades over "
                    + "the sequence%s", r.decayPerStep(), r.attenuationDecades(), bound));
            if (!r.gates().isEmpty()) {
                List<String> g = new ArrayList<>();
                for (RecurrentStats.GateStats gate : r.gates()) {
                    String role = switch (r.cell() + "." + gate.gate()) {
                        case "lstm.f" -> "forget, ";
                        case "gru.z" -> "update, near 1 keeps h, ";
                        default -> "";
                    };
                    g.add(fmt("%s (%s%s) %s/%s", gate.gate(), role, gate.function(), pct(gate.nearLow()),
                            pct(gate.nearHigh())));
                }
                out.add(fmt("  gate values within %.2f of the low/high end: %s", RecurrentStats.GATE_MARGIN,
                        String.join(", ", g)));
            }
        }
        return out;
    }

    private static int indexOf(int d) {
        for (int i = 0; i < SHOWN_DISTANCES.length; i++) {
            if (SHOWN_DISTANCES[i] == d) return i;
        }
        return -1;
    }

    private static String ratio(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format(Locale.ROOT, Math.abs(v) >= 1e-2 && Math.abs(v) < 1e3 || v == 0 ? "%.4f" : "%.2e", v);
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
