package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    private static final double[] START = {1.0, -2.0};
    private static final double[][] CONSTANT_GRADS = {{0.5, -1.0}, {0.5, -1.0}, {0.5, -1.0}};
    private static final double[][] VARYING_GRADS = {{0.5, -1.0}, {-0.25, 2.0}, {1.0, 0.0}};

    /** Runs the optimizer on a 1x2 parameter and returns its values after each step. */
    private static double[][] run(OptimizerConfig config, Precision precision, double lr, double[][] grads) {
        Parameter p = new Parameter("w", Tensor.of(precision, 1, 2, START), Tensor.zeros(precision, 1, 2));
        Optimizer opt = config.create();
        double[][] out = new double[grads.length][];
        for (int s = 0; s < grads.length; s++) {
            p.grad().set(0, grads[s][0]);
            p.grad().set(1, grads[s][1]);
            opt.step(List.of(p), lr);
            out[s] = p.value().toDoubleArray();
        }
        return out;
    }

    private static void assertSteps(double[][] expected, double[][] actual, double tolerance) {
        for (int s = 0; s < expected.length; s++) {
            assertArrayEquals(expected[s], actual[s], tolerance, "after step " + (s + 1));
        }
    }

    private static double tolerance(Precision precision) {
        return precision == Precision.FLOAT64 ? 1e-12 : 2e-6;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sgdHandComputed(Precision precision) {
        // p -= 0.1 * g with g = (0.5, -1): (1, -2) -> (0.95, -1.9) -> (0.9, -1.8) -> (0.85, -1.7)
        double[][] expected = {{0.95, -1.9}, {0.9, -1.8}, {0.85, -1.7}};
        assertSteps(expected, run(OptimizerConfig.sgd(), precision, 0.1, CONSTANT_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sgdWithCoupledWeightDecayHandComputed(Precision precision) {
        // g' = g + 0.1 p; p -= 0.1 g'.  Element 0: g' = 0.6 -> 0.94; g' = 0.594 -> 0.8806; g' = 0.58806 -> 0.821794
        double[][] expected = {{0.94, -1.88}, {0.8806, -1.7612}, {0.821794, -1.643588}};
        OptimizerConfig config = OptimizerConfig.sgd().withWeightDecay(0.1);
        assertSteps(expected, run(config, precision, 0.1, CONSTANT_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void momentumHandComputed(Precision precision) {
        // v = 0.9 v + g; p -= 0.1 v.  Element 0: v = 0.5, 0.95, 1.355 -> p = 0.95, 0.855, 0.7195
        double[][] expected = {{0.95, -1.9}, {0.855, -1.71}, {0.7195, -1.439}};
        assertSteps(expected, run(OptimizerConfig.momentum(0.9), precision, 0.1, CONSTANT_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void nesterovHandComputed(Precision precision) {
        // v = 0.9 v + g; p -= 0.1 (g + 0.9 v).  Element 0: d = 0.95, 1.355, 1.7195 -> p = 0.905, 0.7695, 0.59755
        double[][] expected = {{0.905, -1.81}, {0.7695, -1.539}, {0.59755, -1.1951}};
        assertSteps(expected, run(OptimizerConfig.nesterov(0.9), precision, 0.1, CONSTANT_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void adamWithConstantGradientMovesByLearningRateEachStep(Precision precision) {
        // With a constant g, bias-corrected m-hat = g and v-hat = g^2, so each step moves lr * g / (|g| + eps).
        double d0 = 0.1 * 0.5 / (0.5 + 1e-8);
        double d1 = 0.1 * 1.0 / (1.0 + 1e-8);
        double[][] expected = {{1 - d0, -2 + d1}, {1 - 2 * d0, -2 + 2 * d1}, {1 - 3 * d0, -2 + 3 * d1}};
        assertSteps(expected, run(OptimizerConfig.adam(), precision, 0.1, CONSTANT_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void adamMatchesFormulaWithVaryingGradients(Precision precision) {
        double[][] expected = referenceAdam(0.1, 0.9, 0.999, 1e-8, 0, VARYING_GRADS);
        // Step 1 element 0 written out: m = 0.05, v = 0.00025, m-hat = 0.5, v-hat = 0.25 -> 1 - 0.1*0.5/(0.5+1e-8)
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), expected[0][0], 1e-15);
        assertSteps(expected, run(OptimizerConfig.adam(), precision, 0.1, VARYING_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void adamWithCoupledWeightDecayMatchesFormula(Precision precision) {
        OptimizerConfig config = OptimizerConfig.adam().withWeightDecay(0.1).withBetas(0.8, 0.99);
        double[][] expected = referenceAdam(0.05, 0.8, 0.99, 1e-8, 0.1, VARYING_GRADS);
        assertSteps(expected, run(config, precision, 0.05, VARYING_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void adamWDecaysWeightsDecoupled(Precision precision) {
        // Step 1, element 0: p = 1 * (1 - 0.1 * 0.01) - 0.1 * 0.5 / (0.5 + 1e-8)
        double[][] expected = referenceAdamW(0.1, 0.01, VARYING_GRADS);
        assertEquals(0.999 - 0.1 * 0.5 / (0.5 + 1e-8), expected[0][0], 1e-15);
        assertSteps(expected, run(OptimizerConfig.adamW(0.01), precision, 0.1, VARYING_GRADS), tolerance(precision));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void rmsPropMatchesFormula(Precision precision) {
        // Step 1, element 0: s = 0.01 * 0.25 = 0.0025, sqrt(s) = 0.05 -> p = 1 - 0.01 * 0.5 / (0.05 + 1e-8)
        double[][] expected = new double[3][2];
        double[] p = START.clone();
        double[] s = new double[2];
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 2; i++) {
                double g = VARYING_GRADS[t][i];
                s[i] = 0.99 * s[i] + 0.01 * g * g;
                p[i] -= 0.01 * g / (Math.sqrt(s[i]) + 1e-8);
            }
            expected[t] = p.clone();
        }
        assertEquals(1 - 0.01 * 0.5 / (0.05 + 1e-8), expected[0][0], 1e-15);
        assertSteps(expected, run(OptimizerConfig.rmsProp(), precision, 0.01, VARYING_GRADS), tolerance(precision));
    }

    private static double[][] referenceAdam(double lr, double b1, double b2, double eps, double wd, double[][] grads) {
        double[][] out = new double[grads.length][];
        double[] p = START.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < 2; i++) {
                double g = grads[t - 1][i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    private static double[][] referenceAdamW(double lr, double wd, double[][] grads) {
        double[][] out = new double[grads.length][];
        double[] p = START.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < 2; i++) {
                double g = grads[t - 1][i];
                p[i] -= lr * wd * p[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                p[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    @Test
    void recordsAppliedUpdateNorms() {
        Parameter a = new Parameter("a", Tensor.of(1, 2, 1.0, -2.0), Tensor.of(1, 2, 0.5, -1.0));
        Parameter b = new Parameter("b", Tensor.of(Precision.FLOAT32, 2, 1, 3.0, 4.0), Tensor.of(Precision.FLOAT32, 2, 1, 0.0, 2.0));
        Optimizer opt = OptimizerConfig.sgd().create();
        assertThrows(IllegalStateException.class, () -> opt.lastUpdateNorm(0));
        opt.measuredStep(List.of(a, b), 0.1);
        assertEquals(1, opt.stepCount());
        // updates: a = (-0.05, 0.1), b = (0, -0.2)
        assertEquals(Math.sqrt(0.0025 + 0.01), opt.lastUpdateNorm(0), 1e-12);
        assertEquals(0.2, opt.lastUpdateNorm(1), 1e-6);
        double[] out = new double[3];
        opt.copyUpdateSquaredNorms(out);
        assertEquals(0.0125, out[0], 1e-12);
        assertEquals(0.04, out[1], 1e-6);
        // b is now (3, 3.8): ratio 0.2 / sqrt(9 + 14.44)
        assertEquals(0.2 / Math.sqrt(9 + 3.8 * 3.8), opt.updateToParameterRatio(1, b), 1e-6);
        assertThrows(IndexOutOfBoundsException.class, () -> opt.lastUpdateNorm(2));
        assertThrows(IllegalArgumentException.class, () -> opt.copyUpdateSquaredNorms(new double[1]));
    }

    @Test
    void aPlainStepLeavesNoNormsToRead() {
        Parameter a = new Parameter("a", Tensor.of(1, 2, 1.0, -2.0), Tensor.of(1, 2, 0.5, -1.0));
        Optimizer opt = OptimizerConfig.adam().create();
        opt.measuredStep(List.of(a), 0.1);
        opt.lastUpdateNorm(0);
        opt.step(List.of(a), 0.1);
        var e = assertThrows(IllegalStateException.class, () -> opt.lastUpdateNorm(0));
        assertEquals("step 2 did not measure its update norms; take the steps whose norms are read with"
                + " measuredStep(...).", e.getMessage());
        assertThrows(IllegalStateException.class, () -> opt.copyUpdateSquaredNorms(new double[1]));
        assertThrows(IllegalStateException.class, () -> opt.updateToParameterRatio(0, a));
        opt.measuredStep(List.of(a), 0.1);
        assertTrue(opt.lastUpdateNorm(0) > 0);
    }

    @Test
    void rejectsAChangedParameterList() {
        Parameter a = new Parameter("a", Tensor.zeros(Precision.FLOAT64, 2, 3), Tensor.zeros(Precision.FLOAT64, 2, 3));
        Parameter b = new Parameter("b", Tensor.zeros(Precision.FLOAT64, 3, 2), Tensor.zeros(Precision.FLOAT64, 3, 2));
        Parameter c = new Parameter("c", Tensor.zeros(Precision.FLOAT32, 2, 3), Tensor.zeros(Precision.FLOAT32, 2, 3));
        Optimizer opt = OptimizerConfig.adam().create();
        opt.step(List.of(a), 0.1);
        var e1 = assertThrows(IllegalStateException.class, () -> opt.step(List.of(a, a), 0.1));
        assertTrue(e1.getMessage().contains("created for 1 parameters but step got 2"), e1.getMessage());
        var e2 = assertThrows(IllegalStateException.class, () -> opt.step(List.of(b), 0.1));
        assertTrue(e2.getMessage().contains("'b') is 3x2 FLOAT64"), e2.getMessage());
        assertThrows(IllegalStateException.class, () -> opt.step(List.of(c), 0.1));
        opt.reset();
        opt.step(List.of(b), 0.1);
        assertEquals(1, opt.stepCount());
    }

    @Test
    void rejectsBadLearningRate() {
        Optimizer opt = OptimizerConfig.sgd().create();
        var e = assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(), -0.1));
        assertEquals("learning rate must be non-negative and finite but was -0.1.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(), Double.NaN));
    }

    @Test
    void configValidationNamesTheBadValue() {
        assertMessage("momentum must be in [0, 1) but was 1.0.", () -> OptimizerConfig.momentum(1.0));
        assertMessage("Nesterov momentum must be positive but was 0.0.", () -> OptimizerConfig.nesterov(0));
        assertMessage("beta1 must be in [0, 1) but was -0.5.", () -> OptimizerConfig.adam().withBetas(-0.5, 0.9));
        assertMessage("beta2 must be in [0, 1) but was 1.0.", () -> OptimizerConfig.adam().withBetas(0.9, 1.0));
        assertMessage("epsilon must be positive and finite but was 0.0.", () -> OptimizerConfig.adam().withEpsilon(0));
        assertMessage("weight decay must be non-negative and finite but was -0.01.", () -> OptimizerConfig.adamW(-0.01));
        assertMessage("rmsAlpha must be in [0, 1) but was NaN.", () -> OptimizerConfig.rmsProp().withRmsAlpha(Double.NaN));
        assertMessage("ADAM has no momentum (use MOMENTUM or NESTEROV) but momentum was 0.5.",
                () -> OptimizerConfig.adam().withMomentum(0.5));
        assertThrows(NullPointerException.class, () -> new OptimizerConfig(null, 0, 0.9, 0.999, 1e-8, 0, 0.99));
    }

    @Test
    void factoriesHoldTheDocumentedDefaults() {
        OptimizerConfig adam = OptimizerConfig.adam();
        assertEquals(new OptimizerConfig(OptimizerKind.ADAM, 0, 0.9, 0.999, 1e-8, 0, 0.99), adam);
        assertEquals(OptimizerKind.ADAMW, OptimizerConfig.adamW(0.01).kind());
        assertEquals(0.01, OptimizerConfig.adamW(0.01).weightDecay());
        assertEquals(0.9, OptimizerConfig.momentum(0.9).momentum());
        assertEquals(0.0, OptimizerConfig.momentum(0.9).withKind(OptimizerKind.SGD).momentum());
        assertEquals(OptimizerKind.RMSPROP, OptimizerConfig.rmsProp().kind());
        assertEquals(0.99, OptimizerConfig.rmsProp().rmsAlpha());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
