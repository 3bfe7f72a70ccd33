package io.gradforge.core.health;

import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The units of one network that health probing reads, found once, with the scratch space measuring needs:
 * dense layers in {@link Network#denseLayers()} order and stand-alone activation layers between them, and apart
 * from them the recurrent layers, measured through time ({@link RecurrentStats}). Reading allocates only the
 * returned stats.
 */
final class ProbedLayers {

    private final Network network;
    private final List<Layer> units = new ArrayList<>();
    private final List<Boolean> inBranch = new ArrayList<>();
    private final List<Recurrent> recurrent = new ArrayList<>();
    private final int[] denseIndex;
    private final int[] weightParameter;
    private final boolean[] alive;
    private final double[] randomWeights;
    private final double[] moments = new double[4];

    /** Random weight vectors drawn for {@link #expectedDeadFraction}: a standard error of at most 0.022. */
    static final int CHANCE_SAMPLES = 512;

    ProbedLayers(Network network) {
        this.network = network;
        collect(network.layers(), false);
        int n = units.size();
        denseIndex = new int[n];
        weightParameter = new int[n];
        List<Parameter> params = network.parameters();
        int dense = 0;
        int maxWidth = 1;
        int maxFanIn = 1;
        for (int i = 0; i < n; i++) {
            Layer l = units.get(i);
            maxWidth = Math.max(maxWidth, l.outputSize());
            maxFanIn = Math.max(maxFanIn, l.inputSize());
            denseIndex[i] = -1;
            weightParameter[i] = -1;
            if (l instanceof Dense d) {
                denseIndex[i] = dense++;
                for (int p = 0; p < params.size(); p++) {
                    if (params.get(p).value() == d.weight()) {
                        weightParameter[i] = p;
                        break;
                    }
                }
            }
        }
        if (dense != network.denseLayers().size()) {
            throw new IllegalStateException("found " + dense + " dense layers but the network lists "
                    + network.denseLayers().size() + ".");
        }
        alive = new boolean[maxWidth];
        randomWeights = new double[maxFanIn];
    }

    private void collect(List<Layer> layers, boolean branch) {
        for (Layer l : layers) {
            switch (l) {
                case Dense d -> add(d, branch);
                case ActivationLayer a -> add(a, branch);
                case Residual r -> {
                    collect(r.branch(), true);
                    Dense projection = r.projection();
                    if (projection != null) {
                        add(projection, branch); // the skip path: on the trunk
                    }
                }
                case ConcatSkip c -> collect(c.branch(), true);
                case BatchNorm b -> { }
                case LayerNorm n -> { }
                case Recurrent r -> recurrent.add(r); // its health lies along time: see measureRecurrent
            }
        }
    }

    private void add(Layer l, boolean branch) {
        units.add(l);
        inBranch.add(branch);
    }

    Network network() {
        return network;
    }

    int size() {
        return units.size();
    }

    /**
     * Every recurrent layer measured through time from the buffers of the last forward and backward, forward order
     * (empty for a network without one).
     *
     * @param clipped whether the training clips gradients (for the remedies' words)
     */
    List<RecurrentStats> measureRecurrent(boolean clipped) {
        if (recurrent.isEmpty()) return List.of();
        List<RecurrentStats> out = new ArrayList<>(recurrent.size());
        for (Recurrent r : recurrent) out.add(ThroughTime.measure(r, clipped));
        return out;
    }

    /** The index of unit i's weight in {@code Network.parameters()}, or -1. */
    int weightParameter(int i) {
        return weightParameter[i];
    }

    /** The dense layer of unit i, or null for an activation layer. */
    @Nullable Dense dense(int i) {
        return units.get(i) instanceof Dense d ? d : null;
    }

    /**
     * Measures unit i from the buffers of the last forward and backward.
     *
     * The update ratio is NaN (the probe fills it in after the optimizer step).
     *
     * @param w0 the unit's initial weight, or null: relative change 0 when {@code atInit}, else NaN
     * @param gradients without, the gradient norms are NaN
     * @param chance whether to compute {@link LayerStats#expectedDeadFraction()} for a relu layer with more than
     *     {@link HealthFlag#DEAD_FRACTION} dead (about a millisecond such a layer; the flags judge only some samples)
     */
    LayerStats measure(int i, @Nullable Tensor w0, boolean atInit, boolean gradients, boolean chance) {
        Layer l = units.get(i);
        String name = l.name();
        if (l instanceof Dense d) {
            Tensor w = d.weight();
            double weightNorm = Math.sqrt(w.squaredNorm());
            activationMoments(d.activation().kind(), d.preActivation(), d.output());
            Tensor x = d.input();
            double expectedDead = chance && moments[3] > HealthFlag.DEAD_FRACTION && x != null
                    ? expectedDeadFraction(x, i) : Double.NaN;
            double update = Double.NaN;
            double change = atInit ? 0.0 : Double.NaN;
            if (w0 != null) {
                double base = Math.sqrt(w0.squaredNorm());
                change = base == 0.0 ? Double.NaN : Math.sqrt(squaredDistance(w, w0)) / base;
            }
            return new LayerStats(i, denseIndex[i], name, LayerStats.Kind.DENSE, inBranch.get(i), d.outputSize(),
                    d.activation().yamlName(), gradients ? Math.sqrt(d.weightGrad().squaredNorm()) : Double.NaN,
                    gradients ? Math.sqrt(d.preActivationGrad().squaredNorm()) : Double.NaN, moments[0], moments[1], moments[2], moments[3],
                    expectedDead, update, change, weightNorm);
        }
        ActivationLayer a = (ActivationLayer) l;
        Tensor h = a.preActivation();
        if (h == null) {
            throw new IllegalStateException("activation layer '" + name + "' has not run forward yet.");
        }
        activationMoments(a.activation().kind(), h, a.output());
        return new LayerStats(i, -1, name, LayerStats.Kind.ACTIVATION, inBranch.get(i), a.outputSize(),
                a.activation().yamlName(),
                Double.NaN, Double.NaN, moments[0], moments[1], moments[2], moments[3], Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** Fills moments with {mean, std, saturation fraction, dead fraction} of y = phi(h). */
    private void activationMoments(ActivationKind kind, Tensor h, Tensor y) {
        int n = y.size();
        int width = y.cols();
        double sum = 0.0;
        double sumSq = 0.0;
        long saturated = 0;
        for (int k = 0; k < n; k++) {
            double v = y.get(k);
            sum += v;
            sumSq += v * v;
            if (kind == ActivationKind.TANH) {
                if (Math.abs(v) > LayerStats.TANH_SATURATION) saturated++;
            } else if (kind == ActivationKind.SIGMOID) {
                if (v < LayerStats.SIGMOID_SATURATION || v > 1.0 - LayerStats.SIGMOID_SATURATION) saturated++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double var = n == 0 ? Double.NaN : Math.max(0.0, sumSq / n - mean * mean);
        moments[0] = mean;
        moments[1] = Math.sqrt(var);
        moments[2] = kind == ActivationKind.TANH || kind == ActivationKind.SIGMOID
                ? (n == 0 ? 0.0 : (double) saturated / n) : Double.NaN;
        if (kind == ActivationKind.RELU && width > 0) {
            Arrays.fill(alive, 0, width, false);
            for (int row = 0, k = 0; row < y.rows(); row++) {
                for (int j = 0; j < width; j++, k++) {
                    if (h.get(k) > 0.0) alive[j] = true;
                }
            }
            int dead = 0;
            for (int j = 0; j < width; j++) {
                if (!alive[j]) dead++;
            }
            moments[3] = (double) dead / width;
        } else {
            moments[3] = Double.NaN;
        }
    }

    /**
     * The share of units with fresh zero-bias Gaussian weights that would output 0 for every row of {@code x}:
     * {@link #CHANCE_SAMPLES} weight vectors from a generator seeded by the unit's position, so the same inputs give
     * the same number. Only the directions of the rows matter (not the weights' scale): nearly parallel rows, as a
     * deep relu network makes them, leave a unit off for the whole batch about half of the time.
     */
    private double expectedDeadFraction(Tensor x, int unit) {
        SplittableRandom random = new SplittableRandom(0x6D65616EL + unit);
        int rows = x.rows();
        int in = x.cols();
        int dead = 0;
        for (int s = 0; s < CHANCE_SAMPLES; s++) {
            for (int c = 0; c < in; c++) randomWeights[c] = random.nextGaussian();
            boolean off = true;
            for (int r = 0, k = 0; r < rows && off; r++, k += in) {
                double h = 0.0;
                for (int c = 0; c < in; c++) h += x.get(k + c) * randomWeights[c];
                off = h <= 0.0;
            }
            if (off) dead++;
        }
        return (double) dead / CHANCE_SAMPLES;
    }

    private static double squaredDistance(Tensor a, Tensor b) {
        double s = 0.0;
        for (int k = 0; k < a.size(); k++) {
            double d = a.get(k) - b.get(k);
            s += d * d;
        }
        return s;
    }
}
