package io.gradforge.core.health;

import io.gradforge.core.health.meanfield.SignalMoments;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TrainingProbe} that records {@link HealthSnapshot}s at step 0, every {@code every} steps, and at the
 * last step of the budget, plus the global gradient norm of every step. Make one with
 * {@link GradientHealth#probe(Network, long, int)}, pass it to {@code Trainer.fit}, then call
 * {@link #report(TrainingResult)}.
 *
 * <p>A snapshot of step s describes the state the step started from (weights before its update, so
 * {@code relativeChangeSinceInit} is 0 at step 0) with that step's activations and gradients, plus the update
 * ratio {@code ||step W|| / ||W||} of its update. The mean-field comparison is computed at step 0 from the
 * initial weights, with the input second moment inferred from the first dense layer:
 * {@code (mean(h_1^2) - sigmaB2_1) / sigmaW2_1} (the network's input is not visible to a probe).
 *
 * <p>Cost: between probed steps the probe stores one double per step (allocated up front); a probed step reads
 * every probed buffer once (O(batch x width) per layer plus O(weights) for the distance to W0) and allocates
 * only the snapshot. The initial weights are copied once, into tensors allocated at construction.
 *
 * @implNote Not thread-safe: one probe observes one training run of one network.
 */
public final class HealthProbe implements TrainingProbe {

    private final Network network;
    private final long totalSteps;
    private final int every;
    private final ProbedLayers probed;
    private final @Nullable Tensor[] w0;
    private final double[] weightNormBefore;
    private final double[] gradientNorms;
    private final LayerStats[] pending;
    private final boolean clipped;
    private List<RecurrentStats> pendingRecurrent = List.of();
    private final List<HealthSnapshot> snapshots = new ArrayList<>();
    private int seen;
    private boolean w0Copied;
    private long pendingStep = -1;
    private double pendingLoss;
    private double pendingGradNorm;
    private @Nullable MeanFieldComparison meanField;

    HealthProbe(Network network, long totalSteps, int every, boolean clipped) {
        this.clipped = clipped;
        this.network = Objects.requireNonNull(network, "network");
        if (totalSteps < 1 || totalSteps > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("total steps must be in [1, " + (Integer.MAX_VALUE - 8)
                    + "] but was " + totalSteps + ".");
        }
        if (every < 1) {
            throw new IllegalArgumentException("probe cadence must be >= 1 step but was " + every + ".");
        }
        this.totalSteps = totalSteps;
        this.every = every;
        this.probed = new ProbedLayers(network);
        int n = probed.size();
        this.w0 = new Tensor[n];
        for (int i = 0; i < n; i++) {
            Dense d = probed.dense(i);
            w0[i] = d == null ? null : Tensor.zeros(d.weight().precision(), d.weight().rows(), d.weight().cols());
        }
        this.weightNormBefore = new double[n];
        this.gradientNorms = new double[(int) totalSteps];
        this.pending = new LayerStats[n];
    }

    /**
     * Whether the flags judge dead units on step {@code step}'s snapshot when the run goes its full length: step 0,
     * the last step and the snapshot nearest a tenth of the way (see {@code HealthRules}); only those pay for the
     * chance level of dead units.
     */
    private boolean judged(long step) {
        long last = totalSteps - 1;
        if (step == 0 || step == last) return true;
        long target = HealthRules.earlyTarget(last);
        long below = target / every * every; // probed steps around the target
        long above = below + every;
        long nearest = below == 0 || Math.abs(above - target) < Math.abs(target - below) ? Math.min(above, last) : below;
        return step == nearest;
    }

    /** Whether step {@code step} is snapshotted. */
    public boolean probes(long step) {
        return step == 0 || step % every == 0 || step == totalSteps - 1;
    }

    @Override
    public void afterBackward(long step, Network net, double loss, double gradientNorm) {
        if (net != network) {
            throw new IllegalArgumentException("this probe observes " + network + " but was given " + net + ".");
        }
        if (!w0Copied) {
            for (int i = 0; i < w0.length; i++) {
                Tensor t = w0[i];
                Dense d = probed.dense(i);
                if (t != null && d != null) t.copyFrom(d.weight());
            }
            w0Copied = true;
        }
        if (step >= 0 && step < gradientNorms.length) {
            gradientNorms[(int) step] = gradientNorm;
            seen = (int) Math.max(seen, step + 1);
        }
        if (!probes(step)) return;
        for (int i = 0; i < pending.length; i++) {
            LayerStats s = probed.measure(i, w0[i], false, true, judged(step));
            pending[i] = s;
            weightNormBefore[i] = s.weightNorm();
        }
        pendingRecurrent = probed.measureRecurrent(clipped);
        pendingStep = step;
        pendingLoss = loss;
        pendingGradNorm = gradientNorm;
        if (meanField == null) {
            meanField = initialMeanField();
        }
    }

    /** The snapshotted steps: their update ratios need the optimizer's update norms. */
    @Override
    public boolean readsUpdateNorms(long step) {
        return probes(step);
    }

    @Override
    public void afterUpdate(long step, Network net, Optimizer optimizer, double learningRate) {
        if (step != pendingStep) return;
        List<LayerStats> layers = new ArrayList<>(pending.length);
        for (int i = 0; i < pending.length; i++) {
            LayerStats s = pending[i];
            int p = probed.weightParameter(i);
            if (s.isDense() && p >= 0 && optimizer.stepCount() > 0) {
                double before = weightNormBefore[i];
                double update = optimizer.lastUpdateNorm(p);
                double ratio = before == 0.0 ? (update == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : update / before;
                s = s.withWeights(ratio, s.relativeChangeSinceInit(), s.weightNorm());
            }
            layers.add(s);
        }
        snapshots.add(HealthSnapshot.of(step, pendingLoss, pendingGradNorm, layers, pendingRecurrent));
        pendingStep = -1;
    }

    /** The snapshots so far. */
    public HealthTrace trace() {
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("the probe has not recorded a snapshot yet.");
        }
        return new HealthTrace(snapshots, Arrays.copyOf(gradientNorms, seen));
    }

    /** The snapshots recorded so far (possibly none). */
    public List<HealthSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /**
     * The report of the observed run: init = the first snapshot, the trace, the mean-field comparison at step 0,
     * flags, score and {@link ConvergenceStats} over this probe's step budget.
     */
    public HealthReport report(TrainingResult result) {
        Objects.requireNonNull(result, "result");
        ConvergenceStats convergence = ConvergenceStats.of(result, Math.max(totalSteps, result.steps()));
        if (snapshots.isEmpty()) {
            if (!result.diverged()) {
                throw new IllegalStateException("the probe recorded no snapshot: was it passed to Trainer.fit?");
            }
            return HealthReport.of(null, null, null, convergence);
        }
        HealthTrace trace = trace();
        return HealthReport.of(trace.first(), trace, meanField, convergence);
    }

    private MeanFieldComparison initialMeanField() {
        List<Dense> dense = network.denseLayers();
        GradientFlow flow = HealthSnapshot.of(0, 0, 0, Arrays.asList(pending)).flow();
        double qIn = Double.NaN;
        double kIn = Double.NaN;
        int rows = Math.max(1, network.batchSize());
        if (!dense.isEmpty()) {
            Dense first = dense.getFirst();
            Tensor h = first.preActivation();
            double sigmaW2 = TrunkMeanField.sigmaW2(first);
            double sigmaB2 = TrunkMeanField.sigmaB2(first);
            qIn = sigmaW2 > 0 ? Math.max(0.0, (h.squaredNorm() / h.size() - sigmaB2) / sigmaW2) : Double.NaN;
            Tensor x = first.input();
            if (network.layers().getFirst() == first && x != null) {
                kIn = SignalMoments.rowCovariance(x.toDoubleArray(), x.rows(), x.cols()); // only batch norm needs it
            }
        }
        int n = network.layers().size();
        double[] secondMoments = new double[n];
        double[] ratios = new double[n];
        GradientHealth.outputSecondMoments(network, secondMoments);
        Arrays.fill(ratios, Double.NaN); // training's backward keeps no gradient between top-level layers
        return GradientHealth.meanField(network, qIn, kIn, rows, flow, secondMoments, ratios);
    }
}
