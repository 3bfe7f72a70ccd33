package io.gradforge.core.check;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Compares a network's analytical gradients (forward with {@code training = true}, backward) with centred
 * finite differences (L(w + eps) - L(w - eps)) / (2 eps) for parameter elements and input elements.
 *
 * <p>Relative error of one element: |a - n| / max(|a| + |n|, floor), with analytical a and numerical n. The
 * floor (default 1e-4) turns the comparison absolute for gradients near zero, where the finite difference
 * has an absolute round-off error of about 1e-16 |L| / eps ~ 1e-10 that no relative measure can beat.
 *
 * <p>Every pass uses {@code training = true}, so batch normalization uses batch statistics consistently
 * (its running statistics change during the check; they do not affect training-mode outputs). All values
 * are restored after each perturbation. Float64 networks only: float32 round-off swamps any eps.
 *
 * {@snippet :
 * GradientCheckResult r = GradientCheck.of(net, Loss.MSE, input, target);
 * assert r.passed() : r;
 * }
 */
public final class GradientCheck {

    /**
     * Check settings.
     *
     * @param epsilon finite-difference step
     * @param floor denominator floor of the relative error (see the class comment)
     * @param threshold pass when every relative error is below it
     * @param maxElementsPerTensor parameters (and the input) with more elements are checked on a random sample of
     *        this many elements
     * @param seed seed of that sample
     */
    public record Options(double epsilon, double floor, double threshold, int maxElementsPerTensor, long seed) {
        public static final double DEFAULT_EPSILON = 1e-6;
        public static final double DEFAULT_FLOOR = 1e-4;
        public static final double DEFAULT_THRESHOLD = 1e-6;
        public static final int DEFAULT_MAX_ELEMENTS = 256;

        public Options {
            if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive but was " + epsilon + ".");
            }
            if (!(floor > 0) || !Double.isFinite(floor)) {
                throw new IllegalArgumentException("floor must be positive but was " + floor + ".");
            }
            if (!(threshold > 0)) throw new IllegalArgumentException("threshold must be positive but was " + threshold + ".");
            if (maxElementsPerTensor <= 0) {
                throw new IllegalArgumentException("maxElementsPerTensor must be positive but was " + maxElementsPerTensor + ".");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_EPSILON, DEFAULT_FLOOR, DEFAULT_THRESHOLD, DEFAULT_MAX_ELEMENTS, 0);
        }

        public Options withThreshold(double t) { return new Options(epsilon, floor, t, maxElementsPerTensor, seed); }
        public Options withMaxElementsPerTensor(int m) { return new Options(epsilon, floor, threshold, m, seed); }
        public Options withSeed(long s) { return new Options(epsilon, floor, threshold, maxElementsPerTensor, s); }
        public Options withEpsilon(double e) { return new Options(e, floor, threshold, maxElementsPerTensor, seed); }
        public Options withFloor(double f) { return new Options(epsilon, f, threshold, maxElementsPerTensor, seed); }
    }

    private GradientCheck() {}

    /** Checks with {@link Options#defaults()}. */
    public static GradientCheckResult of(Network network, Loss loss, Tensor input, Tensor target) {
        return of(network, loss, input, target, Options.defaults());
    }

    /** Checks every parameter (sampled when large) and the input. {@code input} is restored afterwards. */
    public static GradientCheckResult of(Network network, Loss loss, Tensor input, Tensor target, Options options) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        if (network.precision() != io.gradforge.core.tensor.Precision.FLOAT64) {
            throw new IllegalArgumentException("gradient check needs a FLOAT64 network but was " + network.precision()
                    + "; build a float64 copy to check it.");
        }
        Tensor prediction = network.forward(input, true);
        Tensor gradPrediction = Tensor.zeros(prediction.precision(), prediction.rows(), prediction.cols());
        loss.forwardBackward(prediction, target, gradPrediction);
        Tensor gradInput = network.backward(gradPrediction).copy();
        Map<String, Tensor> analytic = new LinkedHashMap<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            analytic.put(p.name(), p.grad().copy());
            values.put(p.name(), p.value());
        }
        analytic.put(GradientCheckResult.INPUT, gradInput);
        values.put(GradientCheckResult.INPUT, input);

        RandomGenerator rng = Network.random(options.seed());
        Map<String, Double> maxErr = new LinkedHashMap<>();
        double overall = 0;
        String worst = "";
        int checked = 0;
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Tensor v = e.getValue();
            Tensor a = analytic.get(e.getKey());
            int[] indices = sample(v.size(), options.maxElementsPerTensor(), rng);
            double m = 0;
            for (int i : indices) {
                double n = numerical(network, loss, input, target, v, i, options.epsilon());
                double err = relativeError(a.get(i), n, options.floor());
                if (!(err <= m)) m = err; // NaN propagates as the worst
                if (!(err <= overall)) {
                    overall = err;
                    worst = e.getKey() + "[" + i + "] (analytic " + a.get(i) + ", numerical " + n + ")";
                }
                checked++;
            }
            maxErr.put(e.getKey(), m);
        }
        return new GradientCheckResult(maxErr, overall, worst, options.threshold(),
                overall < options.threshold(), checked);
    }

    /** |a - n| / max(|a| + |n|, floor). */
    public static double relativeError(double analytic, double numerical, double floor) {
        return Math.abs(analytic - numerical) / Math.max(Math.abs(analytic) + Math.abs(numerical), floor);
    }

    private static double numerical(Network net, Loss loss, Tensor input, Tensor target, Tensor v, int i, double eps) {
        double old = v.get(i);
        v.set(i, old + eps);
        double plus = loss.value(net.forward(input, true), target);
        v.set(i, old - eps);
        double minus = loss.value(net.forward(input, true), target);
        v.set(i, old);
        return (plus - minus) / (2 * eps);
    }

    private static int[] sample(int size, int max, RandomGenerator rng) {
        if (size <= max) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) all[i] = i;
            return all;
        }
        // partial Fisher-Yates: max distinct indices
        int[] perm = new int[size];
        for (int i = 0; i < size; i++) perm[i] = i;
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(size - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, max);
    }
}
