package io.gradforge.core.optim;

import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The mutable half of an optimizer: the moment buffers and step counter for one list of parameters, updated
 * by the rule its {@link OptimizerConfig} describes. Make one with {@link OptimizerConfig#create()}.
 *
 * <p>State is keyed by position in the parameter list. It is allocated on the first {@link #step} (in each
 * parameter's precision) and checked against the list on every later step: a list of another length, or a
 * parameter of another shape or precision, is rejected with {@link IllegalStateException} (use a fresh
 * optimizer, or {@link #reset()}, for another network). After the first step, {@code step} allocates nothing.
 *
 * <p>For diagnostics, a {@link #measuredStep} also records the squared L2 norm of the update it actually applied to
 * each parameter (after rounding to the parameter's precision): see {@link #lastUpdateNorm(int)}, {@link
 * #copyUpdateSquaredNorms(double[])} and {@link #updateToParameterRatio(int, Parameter)}. A plain {@link #step}
 * applies the same update without summing them (the sum keeps the update loops from vectorizing, and probes read
 * only some steps: {@code TrainingProbe.readsUpdateNorms}).
 *
 * {@snippet :
 * Optimizer opt = OptimizerConfig.momentum(0.9).create();
 * for (long s = 0; s < total; s++) {
 *     network.backward(...);                     // fills every parameter's grad
 *     clipping.apply(params);
 *     opt.step(params, schedule.learningRate(0.1, s, total));
 * }
 * }
 *
 * @implNote Not thread-safe: one optimizer belongs to one training run.
 */
public final class Optimizer {
    private final OptimizerConfig config;
    private long stepCount;
    // null until the first step; then one entry per parameter (entries null where the rule needs no buffer).
    private Tensor @Nullable [] first;
    private Tensor @Nullable [] second;
    private int @Nullable [] rows;
    private int @Nullable [] cols;
    private Precision @Nullable [] precisions;
    private double @Nullable [] updateSquaredNorms;
    private boolean lastStepMeasured;

    Optimizer(OptimizerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public OptimizerConfig config() {
        return config;
    }

    /** How many steps have been taken since creation or the last {@link #reset()}. */
    public long stepCount() {
        return stepCount;
    }

    /** Forgets all state (moments, step count), so the next step may see a new parameter list. */
    public void reset() {
        stepCount = 0;
        first = null;
        second = null;
        rows = null;
        cols = null;
        precisions = null;
        updateSquaredNorms = null;
        lastStepMeasured = false;
    }

    /**
     * Updates every parameter's value in place from its gradient. Gradients are read, never modified. The update
     * norms are not measured: after this step, {@link #lastUpdateNorm} and its neighbours throw.
     *
     * @param params       the parameters, in the same order on every call (values Modified, grads Not modified)
     * @param learningRate the step size, finite and non-negative (0 is allowed, e.g. the first warmup step)
     * @throws IllegalStateException if {@code params} differs in length, shape or precision from the first call
     */
    public void step(List<Parameter> params, double learningRate) {
        step(params, learningRate, false);
    }

    /**
     * {@link #step} that also records each parameter's squared update norm, for {@link #lastUpdateNorm}, {@link
     * #copyUpdateSquaredNorms} and {@link #updateToParameterRatio} to read until the next step. The update is the
     * same, bit for bit.
     */
    public void measuredStep(List<Parameter> params, double learningRate) {
        step(params, learningRate, true);
    }

    private void step(List<Parameter> params, double learningRate, boolean measure) {
        Objects.requireNonNull(params, "params");
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be non-negative and finite but was " + learningRate + ".");
        }
        if (rows == null) {
            allocate(params);
        } else {
            checkShapes(params);
        }
        stepCount++;
        lastStepMeasured = measure;
        double[] norms = Objects.requireNonNull(updateSquaredNorms);
        Tensor[] m = Objects.requireNonNull(first);
        Tensor[] v = Objects.requireNonNull(second);
        OptimizerConfig c = config;
        double wd = c.weightDecay();
        double bc1 = 1 - Math.pow(c.beta1(), stepCount);
        double bc2 = 1 - Math.pow(c.beta2(), stepCount);
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            Tensor value = p.value();
            Tensor grad = p.grad();
            int n = value.size();
            double squaredNorm = switch (c.kind()) {
                case SGD, MOMENTUM, NESTEROV -> {
                    boolean nesterov = c.kind() == OptimizerKind.NESTEROV;
                    Tensor buf = m[i];
                    yield value.isFloat64()
                            ? UpdateRules.sgd(n, value.f64(), grad.f64(), buf == null ? null : buf.f64(),
                                    learningRate, wd, c.momentum(), nesterov, measure)
                            : UpdateRules.sgd(n, value.f32(), grad.f32(), buf == null ? null : buf.f32(),
                                    learningRate, wd, c.momentum(), nesterov, measure);
                }
                case ADAM, ADAMW -> {
                    double coupled = c.kind() == OptimizerKind.ADAM ? wd : 0;
                    double decoupled = c.kind() == OptimizerKind.ADAMW ? wd : 0;
                    Tensor mi = Objects.requireNonNull(m[i]);
                    Tensor vi = Objects.requireNonNull(v[i]);
                    yield value.isFloat64()
                            ? UpdateRules.adam(n, value.f64(), grad.f64(), mi.f64(), vi.f64(), learningRate, coupled,
                                    decoupled, c.beta1(), c.beta2(), bc1, bc2, c.epsilon(), measure)
                            : UpdateRules.adam(n, value.f32(), grad.f32(), mi.f32(), vi.f32(), learningRate, coupled,
                                    decoupled, c.beta1(), c.beta2(), bc1, bc2, c.epsilon(), measure);
                }
                case RMSPROP -> {
                    Tensor si = Objects.requireNonNull(v[i]);
                    yield value.isFloat64()
                            ? UpdateRules.rmsProp(n, value.f64(), grad.f64(), si.f64(), learningRate, wd,
                                    c.rmsAlpha(), c.epsilon(), measure)
                            : UpdateRules.rmsProp(n, value.f32(), grad.f32(), si.f32(), learningRate, wd,
                                    c.rmsAlpha(), c.epsilon(), measure);
                }
            };
            if (measure) norms[i] = squaredNorm;
        }
    }

    /**
     * The L2 norm of the update applied to parameter {@code paramIndex} by the last step.
     *
     * @throws IllegalStateException if no step has been taken, or the last was not a {@link #measuredStep}
     */
    public double lastUpdateNorm(int paramIndex) {
        return Math.sqrt(requireStepped()[checkIndex(paramIndex)]);
    }

    /**
     * Copies the squared L2 norms of the updates of the last step into {@code out} (Modified; length at least
     * the number of parameters) and returns it. Allocates nothing.
     */
    public double[] copyUpdateSquaredNorms(double[] out) {
        double[] norms = requireStepped();
        if (out.length < norms.length) {
            throw new IllegalArgumentException("output must hold " + norms.length + " values but its length was "
                    + out.length + ".");
        }
        System.arraycopy(norms, 0, out, 0, norms.length);
        return out;
    }

    /**
     * ||update|| / ||w|| for parameter {@code paramIndex} after the last step: the update:parameter ratio
     * (around 1e-3 is the usual healthy value). Infinite when the parameter is all zeros and the update is not.
     */
    public double updateToParameterRatio(int paramIndex, Parameter parameter) {
        double update = lastUpdateNorm(paramIndex);
        double weight = Math.sqrt(parameter.value().squaredNorm());
        return update == 0 ? 0 : update / weight;
    }

    private double[] requireStepped() {
        double[] norms = updateSquaredNorms;
        if (norms == null || stepCount == 0) {
            throw new IllegalStateException("no step has been taken yet.");
        }
        if (!lastStepMeasured) {
            throw new IllegalStateException("step " + stepCount + " did not measure its update norms; take the steps"
                    + " whose norms are read with measuredStep(...).");
        }
        return norms;
    }

    private int checkIndex(int paramIndex) {
        int count = Objects.requireNonNull(updateSquaredNorms).length;
        if (paramIndex < 0 || paramIndex >= count) {
            throw new IndexOutOfBoundsException("parameter index must be in [0, " + count + ") but was " + paramIndex + ".");
        }
        return paramIndex;
    }

    private void allocate(List<Parameter> params) {
        int count = params.size();
        boolean needsFirst = config.kind() != OptimizerKind.SGD && config.kind() != OptimizerKind.RMSPROP;
        boolean needsSecond = config.kind() == OptimizerKind.ADAM || config.kind() == OptimizerKind.ADAMW
                || config.kind() == OptimizerKind.RMSPROP;
        Tensor[] m = new Tensor[count];
        Tensor[] v = new Tensor[count];
        int[] r = new int[count];
        int[] c = new int[count];
        Precision[] prec = new Precision[count];
        for (int i = 0; i < count; i++) {
            Tensor value = Objects.requireNonNull(params.get(i), "parameter").value();
            r[i] = value.rows();
            c[i] = value.cols();
            prec[i] = value.precision();
            if (needsFirst) m[i] = Tensor.zeros(prec[i], r[i], c[i]);
            if (needsSecond) v[i] = Tensor.zeros(prec[i], r[i], c[i]);
        }
        first = m;
        second = v;
        rows = r;
        cols = c;
        precisions = prec;
        updateSquaredNorms = new double[count];
    }

    private void checkShapes(List<Parameter> params) {
        int[] r = Objects.requireNonNull(rows);
        int[] c = Objects.requireNonNull(cols);
        Precision[] prec = Objects.requireNonNull(precisions);
        if (params.size() != r.length) {
            throw new IllegalStateException("optimizer state was created for " + r.length + " parameters but step got "
                    + params.size() + "; use a new optimizer (or reset()) for another parameter list.");
        }
        for (int i = 0; i < r.length; i++) {
            Tensor value = params.get(i).value();
            if (value.rows() != r[i] || value.cols() != c[i] || value.precision() != prec[i]) {
                throw new IllegalStateException("parameter " + i + " ('" + params.get(i).name() + "') is " + value.rows()
                        + "x" + value.cols() + " " + value.precision() + " but the optimizer state was created for "
                        + r[i] + "x" + c[i] + " " + prec[i] + "; use a new optimizer (or reset()) for another parameter list.");
            }
        }
    }
}
