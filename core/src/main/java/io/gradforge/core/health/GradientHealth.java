package io.gradforge.core.health;

import io.gradforge.core.health.meanfield.MeanFieldPrediction;
import io.gradforge.core.health.meanfield.PointwiseFunction;
import io.gradforge.core.health.meanfield.SignalMoments;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures gradient health: at init with one probe batch, or during training with a {@link HealthProbe}.
 *
 * {@snippet :
 * HealthReport atInit = GradientHealth.atInit(network, Loss.SOFTMAX_CROSS_ENTROPY, x, y);
 *
 * HealthProbe probe = GradientHealth.probe(network, 2000, 100);
 * TrainingResult result = trainer.fit(network, data, probe, () -> false);
 * HealthReport afterTraining = probe.report(result);
 * afterTraining.verdict().forEach(System.out::println);
 * }
 *
 * @implNote Stateless and thread-safe; the network passed in is mutable state used by one thread at a time.
 */
public final class GradientHealth {

    private GradientHealth() {
    }

    /**
     * One forward pass in training mode and one backward pass on {@code (x, y)}, no update, and the report of
     * what they show. Observes only: parameter values and batch-norm running statistics are as before (the
     * running statistics the forward pass updates are restored); gradient and activation buffers are
     * overwritten, as any forward/backward does.
     *
     * @param x a probe batch [batch x inputSize]; Not modified
     * @param y its targets [batch x outputSize]; Not modified
     */
    public static HealthReport atInit(Network network, Loss loss, Tensor x, Tensor y) {
        return atInit(network, loss, x, y, Clipping.none());
    }

    /**
     * {@link #atInit(Network, Loss, Tensor, Tensor)} for a network that will train with {@code clipping}: the
     * remedies for a flag through time then leave clipping out when it is in use.
     */
    public static HealthReport atInit(Network network, Loss loss, Tensor x, Tensor y, Clipping clipping) {
        Objects.requireNonNull(clipping, "clipping");
        int n = network.layers().size();
        double[] secondMoments = new double[n];
        double[] ratios = new double[n];
        HealthSnapshot snapshot = measure(network, loss, x, y, !(clipping instanceof Clipping.None), secondMoments,
                ratios);
        double inputSecondMoment = x.squaredNorm() / Math.max(1, x.size());
        double rowCovariance = SignalMoments.rowCovariance(x.toDoubleArray(), x.rows(), x.cols());
        MeanFieldComparison mf = meanField(network, inputSecondMoment, rowCovariance, x.rows(), snapshot.flow(),
                secondMoments, ratios);
        return HealthReport.of(snapshot, null, mf, null);
    }

    /** The per-layer snapshot (step 0) of one forward and backward pass on {@code (x, y)}; see {@link #atInit}. */
    public static HealthSnapshot measure(Network network, Loss loss, Tensor x, Tensor y) {
        int n = network.layers().size();
        return measure(network, loss, x, y, false, new double[n], new double[n]);
    }

    /**
     * {@link #measure(Network, Loss, Tensor, Tensor)}, also filling, per top-level layer, the mean square of its output
     * and the ratio {@code ||g_in||^2 / ||g_out||^2} of the squared gradient norms at its input and output (the same
     * backward pass as {@code Network.backward}, one layer at a time).
     */
    private static HealthSnapshot measure(Network network, Loss loss, Tensor x, Tensor y, boolean clipped,
                                          double[] secondMoments, double[] ratios) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (y.rows() != x.rows() || y.cols() != network.outputSize()) {
            throw new IllegalArgumentException("targets must be " + x.rows() + "x" + network.outputSize()
                    + " but were " + y.rows() + "x" + y.cols() + ".");
        }
        List<Tensor[]> saved = saveRunningStats(network.layers(), new ArrayList<>());
        Tensor prediction = network.forward(x, true);
        outputSecondMoments(network, secondMoments);
        List<Layer> layers = network.layers();
        Tensor grad = Tensor.zeros(network.precision(), prediction.rows(), prediction.cols());
        double value = loss.forwardBackward(prediction, y, grad);
        Tensor g = grad;
        for (int i = layers.size() - 1; i >= 0; i--) {
            double out = g.squaredNorm();
            g = layers.get(i).backward(g);
            ratios[i] = g.squaredNorm() / out;
        }
        for (Tensor[] s : saved) s[0].copyFrom(s[1]);
        ProbedLayers probed = new ProbedLayers(network);
        List<LayerStats> stats = new ArrayList<>(probed.size());
        for (int i = 0; i < probed.size(); i++) stats.add(probed.measure(i, null, true, true, true));
        return HealthSnapshot.of(0, value, Math.sqrt(squaredGradientNorm(network)), stats, probed.measureRecurrent(clipped));
    }

    /**
     * Activation statistics only: one forward pass in training mode on {@code x}, no backward (a third of the
     * cost). Gradient fields of the returned stats are NaN; batch-norm running statistics are restored.
     *
     * @param x a batch [batch x inputSize]; Not modified
     */
    public static List<LayerStats> forwardStats(Network network, Tensor x) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(x, "x");
        List<Tensor[]> saved = saveRunningStats(network.layers(), new ArrayList<>());
        network.forward(x, true);
        for (Tensor[] s : saved) s[0].copyFrom(s[1]);
        ProbedLayers probed = new ProbedLayers(network);
        List<LayerStats> stats = new ArrayList<>(probed.size());
        for (int i = 0; i < probed.size(); i++) stats.add(probed.measure(i, null, true, false, false));
        return List.copyOf(stats);
    }

    /**
     * A probe recording snapshots at step 0, every {@code every} steps and at step {@code totalSteps - 1}.
     *
     * @param totalSteps the trainer's step budget (to know the last step), at least 1
     * @param every      the cadence, at least 1
     */
    public static HealthProbe probe(Network network, long totalSteps, int every) {
        return probe(network, totalSteps, every, Clipping.none());
    }

    /** {@link #probe(Network, long, int)} for a run that clips with {@code clipping} (see {@link #atInit(Network, Loss, Tensor, Tensor, Clipping)}). */
    public static HealthProbe probe(Network network, long totalSteps, int every, Clipping clipping) {
        Objects.requireNonNull(clipping, "clipping");
        return new HealthProbe(network, totalSteps, every, !(clipping instanceof Clipping.None));
    }

    /** The engine's activation as a mean-field {@link PointwiseFunction} (PReLU at its initial slope). */
    public static PointwiseFunction pointwise(Activation activation) {
        Objects.requireNonNull(activation, "activation");
        return PointwiseFunction.of(activation.yamlName(), activation::value, activation::derivative);
    }

    /**
     * The mean-field prediction for the network's current weights beside what one pass measured; see
     * {@link MeanFieldComparison} and, beyond plain chains of dense layers, {@link TrunkMeanField}.
     *
     * @param inputSecondMoment mean square of the input
     * @param inputRowCovariance k of the input ({@link SignalMoments#rowCovariance}); NaN when unknown (then a
     *                           network with batch norm gets no prediction)
     * @param rows              the batch's rows
     * @param measured          the trunk dense layers' flow of the same pass
     * @param secondMoments     per top-level layer, the measured mean square of its output (NaN if not measured);
     *                          Not modified
     * @param ratios            per top-level layer, the measured {@code ||g_in||^2 / ||g_out||^2} (NaN if not
     *                          measured); Not modified
     */
    static MeanFieldComparison meanField(Network network, double inputSecondMoment, double inputRowCovariance,
                                         int rows, GradientFlow measured, double[] secondMoments, double[] ratios) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(measured, "measured");
        List<Double> w2 = new ArrayList<>();
        List<Double> b2 = new ArrayList<>();
        for (Dense d : network.denseLayers()) {
            w2.add(TrunkMeanField.sigmaW2(d));
            b2.add(TrunkMeanField.sigmaB2(d));
        }
        TrunkMeanField.Prediction p = TrunkMeanField.predict(network, inputSecondMoment, inputRowCovariance, rows);
        MeanFieldPrediction prediction = p.denseFlow();
        double predicted = prediction == null || prediction.chi().isEmpty() ? Double.NaN
                : prediction.geometricMeanChi();
        List<Layer> layers = network.layers();
        List<TrunkStage> trunk = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            trunk.add(new TrunkStage(i, l.name(), kind(l), l.outputSize(), secondMoments[i],
                    p.secondMoments().get(i), ratios[i], p.ratios().get(i)));
        }
        return new MeanFieldComparison(w2, b2, inputSecondMoment, prediction, predicted, measured.geometricMean(),
                trunk);
    }

    /** Fills {@code out[i]} with the mean square of what top-level layer i returned in the last forward. */
    static void outputSecondMoments(Network network, double[] out) {
        for (int i = 0; i < out.length; i++) {
            Tensor y = network.layerOutput(i);
            out[i] = y.squaredNorm() / Math.max(1, y.size());
        }
    }

    /** The kind of a layer as {@link TrunkStage#kind()} names it. */
    static String kind(Layer layer) {
        return switch (layer) {
            case Dense d -> "dense";
            case ActivationLayer a -> "activation";
            case BatchNorm b -> "batch_norm";
            case LayerNorm n -> "layer_norm";
            case Residual r -> "residual";
            case ConcatSkip c -> "concat";
            case Recurrent r -> "recurrent";
        };
    }

    /** The squared global norm of all parameter gradients. */
    static double squaredGradientNorm(Network network) {
        double s = 0.0;
        for (var p : network.parameters()) s += p.grad().squaredNorm();
        return s;
    }

    private static List<Tensor[]> saveRunningStats(List<Layer> layers, List<Tensor[]> out) {
        for (Layer l : layers) {
            switch (l) {
                case BatchNorm b -> {
                    out.add(new Tensor[] {b.runningMean(), b.runningMean().copy()});
                    out.add(new Tensor[] {b.runningVar(), b.runningVar().copy()});
                }
                case Residual r -> saveRunningStats(r.branch(), out);
                case ConcatSkip c -> saveRunningStats(c.branch(), out);
                case Dense d -> { }
                case ActivationLayer a -> { }
                case LayerNorm n -> { }
                case Recurrent r -> { }
            }
        }
        return out;
    }
}
