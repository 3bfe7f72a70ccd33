package io.gradforge.core.health;

import static io.gradforge.core.health.HealthFlag.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Applies the {@link HealthFlag} thresholds and computes the health score; see {@link HealthReport#score()}. */
final class HealthRules {

    private HealthRules() {
    }

    static List<RaisedFlag> flags(HealthSnapshot init, @Nullable HealthTrace trace,
                                  @Nullable ConvergenceStats convergence) {
        Map<HealthFlag, String> raised = new EnumMap<>(HealthFlag.class);
        HealthSnapshot last = trace == null || trace.snapshots().size() < 2 ? null : trace.last();
        boolean diverged = convergence != null && convergence.diverged();
        if (diverged) {
            raised.put(DIVERGED, "the loss or gradient became NaN or infinite, or the loss rose far above its start, after " + convergence.steps()
                    + " steps");
        }
        // Gradient flow and saturation are judged at init and early in training (about a tenth of the way in):
        // once a network has converged its output-layer delta shrinks with the loss, so late ratios between
        // layers say little about trainability. A non-finite or huge norm counts at any sample.
        HealthSnapshot early = early(trace);
        flow(raised, init, "at init");
        if (early != null) flow(raised, early, "at step " + early.step());
        if (last != null) hugeOrNonFinite(raised, last, "at step " + last.step());
        activations(raised, init, "at init", true);
        if (early != null) activations(raised, early, "at step " + early.step(), true);
        // Units that die during training (dying relu) show at the end.
        if (last != null) activations(raised, last, "at step " + last.step(), false);
        if (trace != null && trace.snapshots().size() >= 1) {
            updates(raised, trace);
        }
        if (last != null) {
            weights(raised, init, last);
        }
        if (convergence != null && convergence.stagnating()) {
            double improvement = convergence.earlyToEndImprovement();
            raised.put(STAGNATING, fmt("after the first quarter of %d steps the loss %s and is still %.3g (initial "
                            + "%.3g)", convergence.steps(), improvement < 0
                            ? fmt("rose by %.1f%%", -100 * improvement) : fmt("improved by only %.1f%%", 100 * improvement),
                    convergence.finalLoss(), convergence.initialLoss()));
        }
        ThroughTime.flags(raised, init, trace);
        List<RaisedFlag> out = new ArrayList<>();
        raised.forEach((f, r) -> out.add(RaisedFlag.of(f, r)));
        return out;
    }

    private static void flow(Map<HealthFlag, String> raised, HealthSnapshot s, String when) {
        GradientFlow f = s.flow();
        double maxGrad = 0.0;
        boolean finite = f.finite();
        for (LayerStats l : s.denseLayers()) {
            if (!Double.isFinite(l.weightGradNorm()) || !Double.isFinite(l.deltaNorm())) finite = false;
            maxGrad = Math.max(maxGrad, l.deltaNorm());
            maxGrad = Math.max(maxGrad, l.weightGradNorm());
        }
        double maxNorm = Math.max(maxGrad, f.maxDeltaNorm());
        double decades = f.attenuationDecades();
        double r = perLayerRatio(s);
        String profile = fmt("%s: delta norm %.3g at the first dense layer vs %.3g at the last (%d layers), "
                        + "%.2f decades, squared ratio %.3g per layer", when, f.deltaNorms().getFirst(),
                f.deltaNorms().getLast(), f.depth(), -decades, r);
        if (!finite || maxNorm > EXPLODING_NORM) {
            raised.putIfAbsent(EXPLODING, fmt("%s: a gradient norm reached %.3g (limit %.0g)", when, maxNorm,
                    EXPLODING_NORM));
        } else if ((decades >= TREND_DECADES && r < VANISHING_RATIO) || decades >= HARD_DECADES) {
            raised.putIfAbsent(VANISHING, profile);
        } else if ((decades <= -TREND_DECADES && r > EXPLODING_RATIO) || decades <= -HARD_DECADES) {
            raised.putIfAbsent(EXPLODING, profile);
        }
    }

    /** The step the early sample is nearest to in a run whose last sample is at {@code lastStep}: a tenth of it. */
    static long earlyTarget(long lastStep) {
        return Math.max(1, lastStep / 10);
    }

    /** The sample about a tenth of the way through training, or null when there is none after step 0. */
    static @Nullable HealthSnapshot early(@Nullable HealthTrace trace) {
        if (trace == null || trace.snapshots().size() < 2) return null;
        long target = earlyTarget(trace.last().step());
        HealthSnapshot best = null;
        for (HealthSnapshot s : trace.snapshots()) {
            if (s.step() == 0) continue;
            if (best == null || Math.abs(s.step() - target) < Math.abs(best.step() - target)) best = s;
        }
        return best;
    }

    private static void hugeOrNonFinite(Map<HealthFlag, String> raised, HealthSnapshot s, String when) {
        double maxNorm = 0.0;
        boolean finite = s.flow().finite();
        for (LayerStats l : s.denseLayers()) {
            if (!Double.isFinite(l.weightGradNorm()) || !Double.isFinite(l.deltaNorm())) finite = false;
            maxNorm = Math.max(maxNorm, Math.max(l.deltaNorm(), l.weightGradNorm()));
        }
        if (!finite || maxNorm > EXPLODING_NORM) {
            raised.putIfAbsent(EXPLODING, fmt("%s: a gradient norm reached %.3g (limit %.0g)", when, maxNorm,
                    EXPLODING_NORM));
        }
    }

    private static void activations(Map<HealthFlag, String> raised, HealthSnapshot s, String when,
                                    boolean saturation) {
        double sat = meanSaturation(s.layers());
        if (saturation && sat > SATURATION_FRACTION) {
            raised.putIfAbsent(SATURATED, fmt("%s: %.0f%% of %s outputs sit in the flat tails (limit %.0f%%)", when,
                    100 * sat, saturatingNames(s.layers()), 100 * SATURATION_FRACTION));
        }
        LayerStats worst = null;
        for (LayerStats l : s.layers()) {
            if (l.deadBeyondChance() && (worst == null || l.deadExcess() > worst.deadExcess())) worst = l;
        }
        if (worst != null) {
            double expected = worst.expectedDeadFraction();
            raised.putIfAbsent(DEAD_UNITS, Double.isNaN(expected)
                    ? fmt("%s: %.0f%% of the units of relu layer %s output 0 for the whole batch (limit %.0f%%)", when,
                            100 * worst.deadFraction(), worst.name(), 100 * DEAD_FRACTION)
                    : fmt("%s: %.0f%% of the units of relu layer %s output 0 for the whole batch, where %.0f%% would by "
                            + "chance on its inputs (limit %.0f%%, and %.0f points above chance)", when,
                            100 * worst.deadFraction(), worst.name(), 100 * expected, 100 * DEAD_FRACTION,
                            100 * worst.deadMargin()));
        }
    }

    private static void updates(Map<HealthFlag, String> raised, HealthTrace trace) {
        List<HealthSnapshot> snaps = trace.snapshots();
        int dense = snaps.getFirst().denseLayers().size();
        for (int d = 0; d < dense; d++) {
            double[] ratios = new double[snaps.size()];
            int n = 0;
            double max = 0.0;
            for (HealthSnapshot s : snaps) {
                LayerStats l = s.denseLayers().get(d);
                double u = l.updateRatio();
                // A step relative to weights near 0 (Fixup's zero-initialized last layer of a branch, as it starts
                // to grow) is large by arithmetic, not by instability.
                if (!Double.isNaN(u) && !nearZeroWeights(l)) {
                    ratios[n++] = u;
                    max = Math.max(max, u);
                }
            }
            if (n == 0) continue;
            double median = median(ratios, n);
            String name = snaps.getFirst().denseLayers().get(d).name();
            if (max > UPDATE_RATIO_HIGH) {
                raised.putIfAbsent(UNSTABLE_UPDATES, fmt("dense layer %s: an update moved the weights by %.3g of "
                        + "their norm (limit %.0g; healthy ~%.0g)", name, max, UPDATE_RATIO_HIGH, UPDATE_RATIO_TARGET));
            } else if (median < UPDATE_RATIO_LOW) {
                raised.putIfAbsent(UNSTABLE_UPDATES, median == 0.0
                        ? fmt("dense layer %s: its weights did not move (median update 0; healthy ~%.0g of the weight "
                                + "norm)", name, UPDATE_RATIO_TARGET)
                        : fmt("dense layer %s: a median update moves the weights by only %.2g of their norm (limit "
                                + "%.0g, healthy ~%.0g)", name, median, UPDATE_RATIO_LOW, UPDATE_RATIO_TARGET));
            }
        }
    }

    /**
     * Whether a dense layer's weights are below a tenth of the norm LeCun's init gives its shape
     * ({@code sqrt(width)}: unit variance over fan-in): too near 0 for an update ratio to mean anything.
     */
    static boolean nearZeroWeights(LayerStats l) {
        return l.weightNorm() < NEAR_ZERO_WEIGHTS * Math.sqrt(l.width());
    }

    /** See {@link #nearZeroWeights}. */
    static final double NEAR_ZERO_WEIGHTS = 0.1;

    private static void weights(Map<HealthFlag, String> raised, HealthSnapshot init, HealthSnapshot last) {
        List<LayerStats> dense = last.denseLayers();
        int l = dense.size();
        if (l >= 3) {
            int quarter = Math.max(1, l / 4);
            double early = meanChange(dense.subList(0, quarter));
            double late = meanChange(dense.subList(l - quarter, l));
            if (late > 1e-8 && early < FROZEN_CHANGE_RATIO * late) {
                raised.put(EARLY_LAYERS_FROZEN, early == 0.0
                        ? fmt("at step %d the first %d dense layers had not changed at all, the last %d changed %.3g "
                                + "of their initial norm", last.step(), quarter, quarter, late)
                        : fmt("at step %d the first %d dense layers changed %.3g of their initial norm, the last %d "
                                + "changed %.3g (ratio %.2g, limit %.1f)", last.step(), quarter, early, quarter, late,
                                early / late, FROZEN_CHANGE_RATIO));
            }
        }
        List<LayerStats> initial = init.denseLayers();
        for (int d = 0; d < l && d < initial.size(); d++) {
            LayerStats s = dense.get(d);
            double initNorm = initial.get(d).weightNorm();
            if (initNorm > 0 && Double.isFinite(initNorm) && s.weightNorm() < COLLAPSE_NORM_RATIO * initNorm) {
                raised.putIfAbsent(WEIGHTS_COLLAPSING, fmt("at step %d dense layer %s has weight norm %.3g, %.0f%% "
                        + "of its initial %.3g (limit %.0f%%)", last.step(), s.name(), s.weightNorm(),
                        100 * s.weightNorm() / initNorm, initNorm, 100 * COLLAPSE_NORM_RATIO));
            }
        }
    }

    // ---------------------------------------------------------------- score

    /**
     * The score of a run (see {@link HealthReport}): {@link #earlyScore} of its measurements up to a tenth of the way
     * in, or 0 when the run diverged at any step.
     */
    static double score(HealthSnapshot init, @Nullable HealthTrace trace, @Nullable ConvergenceStats convergence) {
        if (convergence != null && convergence.diverged()) return 0.0;
        return earlyScore(init, trace, null);
    }

    /**
     * The score from measurements at init and up to the early sample only, chosen on the evidence of
     * {@code bench/predictive-validity} (docs/health-score.md): {@code min(init flow, early flow) x updates}.
     * Saturation and dead units are left out: on three spaces they correlated with <em>better</em> convergence or
     * not at all, as did the late samples (a converged network's output delta shrinks with its loss). A run that
     * diverged within its first tenth ({@code convergence}) scores 0: that too was measured by then.
     */
    static double earlyScore(HealthSnapshot init, @Nullable HealthTrace trace,
                             @Nullable ConvergenceStats convergence) {
        if (convergence != null && convergence.diverged()
                && convergence.steps() <= earlyTarget(Math.max(0, convergence.budget() - 1))) {
            return 0.0;
        }
        double p = initFlowScore(init);
        HealthSnapshot early = early(trace);
        if (early != null) {
            p = Math.min(p, earlyFlowScore(early)) * updateScore(trace, early.step());
        }
        if (!init.recurrent().isEmpty()) p *= ThroughTime.score(init, trace);
        if (!Double.isFinite(p)) return 0.0;
        return Math.min(1.0, Math.max(0.0, p));
    }

    /** At init: attenuation either way up to {@link #SCORE_FREE_DECADES_AT_INIT} is free; 0 when not finite. */
    static double initFlowScore(HealthSnapshot s) {
        GradientFlow f = s.flow();
        if (f.depth() < 2) return 1.0;
        if (!f.finite() || Double.isNaN(f.attenuationDecades())) return 0.0;
        return decline(Math.abs(f.attenuationDecades()) - SCORE_FREE_DECADES_AT_INIT, SCORE_DECADES);
    }

    /**
     * Early in training: every decade by which the gradient reaching the first dense layer is smaller than the one
     * leaving the loss counts (growth does not: it is already judged at init, and a trained network's first
     * layers often take larger gradients); 0 when not finite.
     */
    static double earlyFlowScore(HealthSnapshot s) {
        GradientFlow f = s.flow();
        if (f.depth() < 2) return 1.0;
        if (!f.finite() || Double.isNaN(f.attenuationDecades())) return 0.0;
        return decline(f.attenuationDecades(), SCORE_DECADES);
    }

    /** {@code 1 / (1 + (max(0, excess) / scale)^2)}: 1 while {@code excess <= 0}, 0.5 at one scale beyond. */
    static double decline(double excess, double scale) {
        double d = Math.max(0.0, excess) / scale;
        return 1.0 / (1.0 + d * d);
    }

    /** The attenuation at init, either way, that costs nothing in the score. */
    static final double SCORE_FREE_DECADES_AT_INIT = 2.5;
    /** Each further this many decades of attenuation make the flow factor 1 / (1 + k^2). */
    static final double SCORE_DECADES = 1.0;
    /** A median update ratio within one decade of 1e-3 costs nothing ... */
    static final double SCORE_FREE_UPDATE_DECADES = 1.0;
    /** ... and each further this many decades make the factor 1 / (1 + k^2). */
    static final double SCORE_UPDATE_DECADES = 2.0;

    private static double updateScore(HealthTrace trace, long upToStep) {
        double median = medianUpdate(trace, upToStep);
        if (Double.isNaN(median)) return 1.0;
        if (!Double.isFinite(median)) return 0.0;
        return decline(Math.abs(Math.log10(median / UPDATE_RATIO_TARGET)) - SCORE_FREE_UPDATE_DECADES,
                SCORE_UPDATE_DECADES);
    }

    /**
     * The median positive update ratio over the dense layers of the snapshots up to {@code upToStep}; NaN when
     * there is none (exactly 0 is left out: a layer with no gradient, e.g. a ReZero branch at step 0).
     */
    static double medianUpdate(HealthTrace trace, long upToStep) {
        List<Double> all = new ArrayList<>();
        for (HealthSnapshot s : trace.snapshots()) {
            if (s.step() > upToStep) break;
            for (LayerStats l : s.denseLayers()) {
                double u = l.updateRatio();
                if (u > 0.0) all.add(u);
            }
        }
        if (all.isEmpty()) return Double.NaN;
        double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
        return median(a, a.length);
    }

    /**
     * The per-dense-layer squared ratio {@code (||delta_first||^2 / ||delta_last||^2)^(1 / (D - 1))} of the trunk's
     * first and last dense layers, D counting every dense layer (branches included): the geometric mean of the
     * ratios for a plain chain, and a per-layer-of-depth rate for a residual network whose trunk skips blocks.
     */
    static double perLayerRatio(HealthSnapshot s) {
        int d = s.denseLayers().size();
        double decades = s.flow().attenuationDecades();
        if (d < 2 || Double.isNaN(decades)) return s.flow().geometricMean();
        return Math.pow(10.0, -2.0 * decades / (d - 1));
    }

    static double meanSaturation(List<LayerStats> layers) {
        double sum = 0.0;
        int n = 0;
        for (LayerStats l : layers) {
            if (l.saturates()) {
                sum += l.saturationFraction();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double meanDead(List<LayerStats> layers) {
        double sum = 0.0;
        int n = 0;
        for (LayerStats l : layers) {
            if (l.canDie()) {
                sum += l.deadFraction();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static String saturatingNames(List<LayerStats> layers) {
        return String.join("/", layers.stream().filter(LayerStats::saturates).map(LayerStats::activation)
                .distinct().toList());
    }

    private static double meanChange(List<LayerStats> layers) {
        double sum = 0.0;
        int n = 0;
        for (LayerStats l : layers) {
            if (!Double.isNaN(l.relativeChangeSinceInit())) {
                sum += l.relativeChangeSinceInit();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double median(double[] a, int n) {
        double[] c = Arrays.copyOf(a, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
