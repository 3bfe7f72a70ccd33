package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.testing.Allocations;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final Precision F64 = Precision.FLOAT64;

    /** Every layer type, mixed activations. */
    static Network mixed(Precision p, long seed) {
        Network.Builder b = Network.builder(6, p, seed);
        RandomGenerator r = b.rng();
        b.dense(8, Activation.tanh(), Initializer.xavierNormal())
                .batchNorm()
                .activation(Activation.gelu())
                .add(Residual.of(List.of(Dense.of(8, 8, Activation.relu(), Initializer.heNormal(), p, r),
                        Dense.of(8, 8, Activation.identity(), Initializer.heNormal(), p, r)), null, BranchScale.learned(0.5)))
                .add(Residual.of(List.of(Dense.of(8, 5, Activation.prelu(), Initializer.heNormal(), p, r)),
                        Dense.linear(8, 5, false, Initializer.lecunNormal(), p, r), BranchScale.fixed(0.7)))
                .layerNorm()
                .add(ConcatSkip.of(List.of(Dense.of(5, 3, Activation.swish(), Initializer.orthogonal(), p, r))))
                .dense(4, Activation.identity(), Initializer.xavierUniform());
        return b.build();
    }

    static Tensor gaussian(Precision p, int rows, int cols, long seed) {
        RandomGenerator r = Network.random(seed);
        Tensor t = Tensor.zeros(p, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, r.nextGaussian());
        return t;
    }

    @Test
    void namesShapesAndOrder() {
        Network net = mixed(F64, 1);
        assertEquals(6, net.inputSize());
        assertEquals(4, net.outputSize());
        assertEquals(F64, net.precision());
        List<String> names = net.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.gamma", "layers.1.beta",
                "layers.3.branch.0.weight", "layers.3.branch.0.bias", "layers.3.branch.1.weight", "layers.3.branch.1.bias",
                "layers.3.alpha", "layers.4.branch.0.weight", "layers.4.branch.0.bias", "layers.4.branch.0.slope",
                "layers.4.projection.weight", "layers.5.gamma", "layers.5.beta",
                "layers.6.branch.0.weight", "layers.6.branch.0.bias", "layers.7.weight", "layers.7.bias"), names);
        long count = net.parameters().stream().mapToLong(p -> p.value().size()).sum();
        assertEquals(count, net.parameterCount());
        assertEquals(List.of("0", "3.branch.0", "3.branch.1", "4.branch.0", "4.projection", "6.branch.0", "7"),
                net.denseLayers().stream().map(Dense::name).toList());
        assertEquals(8, net.layers().get(6).outputSize());
        assertSame(net.parameter("layers.3.alpha"), net.parameters().get(8));
    }

    @Test
    void sameSeedBitIdenticalWeights() {
        Network a = mixed(F64, 77);
        Network b = mixed(F64, 77);
        Network c = mixed(F64, 78);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value().f64(), b.parameters().get(i).value().f64());
        }
        assertTrue(a.parameters().get(0).value().get(0) != c.parameters().get(0).value().get(0));
    }

    @Test
    void float32AgreesWithFloat64() {
        Network n64 = mixed(F64, 5);
        Network n32 = mixed(Precision.FLOAT32, 5);
        for (int i = 0; i < n64.parameters().size(); i++) {
            n32.parameters().get(i).value().copyFrom(n64.parameters().get(i).value());
            n64.parameters().get(i).value().copyFrom(n32.parameters().get(i).value()); // same rounded weights
        }
        Tensor x32 = gaussian(Precision.FLOAT32, 7, 6, 9);
        Tensor x64 = Tensor.zeros(F64, 7, 6);
        x64.copyFrom(x32);
        Tensor t = gaussian(F64, 7, 4, 10);
        Tensor y64 = n64.forward(x64, true);
        Tensor y32 = n32.forward(x32, true);
        assertClose(y64, y32, "output");
        Tensor g64 = Tensor.zeros(F64, 7, 4);
        Tensor g32 = Tensor.zeros(Precision.FLOAT32, 7, 4);
        double l64 = Loss.MSE.forwardBackward(y64, t, g64);
        double l32 = Loss.MSE.forwardBackward(y32, t, g32);
        assertEquals(l64, l32, 1e-4 * Math.abs(l64));
        assertClose(n64.backward(g64), n32.backward(g32), "input gradient");
        for (int i = 0; i < n64.parameters().size(); i++) {
            assertClose(n64.parameters().get(i).grad(), n32.parameters().get(i).grad(), n64.parameters().get(i).name());
        }
        // evaluation mode (batch norm running statistics) too
        assertClose(n64.forward(x64, false), n32.forward(x32, false), "eval output");
    }

    private static void assertClose(Tensor a, Tensor b, String what) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < a.size(); i++) {
            scale = Math.max(scale, Math.abs(a.get(i)));
            diff = Math.max(diff, Math.abs(a.get(i) - b.get(i)));
        }
        assertTrue(diff <= 1e-4 * scale + 1e-7, what + ": max diff " + diff + " vs scale " + scale);
    }

    @Test
    @Tag("allocation") // own JVM: see core/pom.xml
    void trainingStepDoesNotAllocate() {
        Network.Builder b = Network.builder(16, F64, 3);
        b.dense(32, Activation.tanh(), Initializer.xavierNormal())
                .batchNorm()
                .add(Residual.of(List.of(Dense.of(32, 32, Activation.gelu(), Initializer.heNormal(), F64, b.rng()))))
                .dense(10, Activation.identity(), Initializer.xavierNormal());
        Network net = b.build();
        Tensor x = gaussian(F64, 32, 16, 4);
        Tensor t = Tensor.zeros(F64, 32, 10);
        for (int i = 0; i < 32; i++) t.set(i, i % 10, 1);
        Tensor g = Tensor.zeros(F64, 32, 10);
        long perCall = Allocations.steadyStateBytesPerCall(() -> step(net, x, t, g), 500, 200);
        assertTrue(perCall < 1024, "allocated " + perCall + " bytes per training step");
    }

    private static void step(Network net, Tensor x, Tensor t, Tensor g) {
        Tensor y = net.forward(x, true);
        Loss.SOFTMAX_CROSS_ENTROPY.forwardBackward(y, t, g);
        net.backward(g);
    }

    @Test
    void reallocatesWhenBatchSizeChanges() {
        Network net = mixed(F64, 2);
        Tensor y3 = net.forward(gaussian(F64, 3, 6, 1), true);
        assertEquals(3, y3.rows());
        assertEquals(3, net.batchSize());
        Tensor y5 = net.forward(gaussian(F64, 5, 6, 1), true);
        assertEquals(5, y5.rows());
        Tensor gi = net.backward(Tensor.zeros(F64, 5, 4));
        assertEquals(5, gi.rows());
        assertEquals(6, gi.cols());
        assertSame(y5, net.forward(gaussian(F64, 5, 6, 2), true), "output buffer is reused");
    }

    @Test
    void backwardOverwritesGradients() {
        Network net = mixed(F64, 4);
        Tensor x = gaussian(F64, 4, 6, 3);
        Tensor g = gaussian(F64, 4, 4, 5);
        net.forward(x, true);
        net.backward(g);
        double[] first = net.parameters().get(0).grad().toDoubleArray();
        net.forward(x, true);
        net.backward(g);
        assertArrayEquals(first, net.parameters().get(0).grad().toDoubleArray(), 1e-12);
    }

    @Test
    void backwardParametersGivesTheSameParameterGradientsAsBackward() {
        for (Network net : new Network[] {mixed(F64, 6), Network.builder(6, F64, 7)
                .dense(8, Activation.relu(), Initializer.heNormal()).dense(4, Activation.identity(), Initializer.xavierNormal())
                .build()}) {
            Tensor x = gaussian(F64, 5, 6, 8);
            Tensor g = gaussian(F64, 5, 4, 9);
            net.forward(x, true);
            net.backward(g);
            List<double[]> full = net.parameters().stream().map(p -> p.grad().toDoubleArray()).toList();
            for (Parameter p : net.parameters()) p.grad().fill(Double.NaN);
            net.forward(x, true);
            net.backwardParameters(g);
            for (int i = 0; i < full.size(); i++) {
                assertArrayEquals(full.get(i), net.parameters().get(i).grad().toDoubleArray(), 0.0,
                        net.parameters().get(i).name());
            }
        }
    }

    @Test
    void forwardFromALayerEqualsAFullForwardAfterThatLayerChanged() {
        Network net = mixed(F64, 11);
        Tensor x = gaussian(F64, 5, 6, 12);
        net.forward(x, true);
        for (int from = 0; from < net.layers().size(); from++) {
            for (Parameter p : net.layers().get(from).parameters()) p.value().set(0, p.value().get(0) + 0.25);
            double[] partial = net.forwardFrom(from, x, true).toDoubleArray();
            assertArrayEquals(net.forward(x, true).toDoubleArray(), partial, 0.0, "from layer " + from);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> net.forwardFrom(net.layers().size(), x, true));
    }

    @Test
    void residualStartsAsSkipWithZeroInitOrRezero() {
        RandomGenerator r = Network.random(8);
        Residual fixup = Residual.of(List.of(Dense.of(4, 4, Activation.relu(), Initializer.heNormal(), F64, r),
                Dense.of(4, 4, Activation.identity(), Initializer.heNormal(), F64, r)), null, BranchScale.none(), true);
        Residual rezero = Residual.of(List.of(Dense.of(4, 4, Activation.tanh(), Initializer.heNormal(), F64, r)),
                null, BranchScale.rezero());
        Tensor x = gaussian(F64, 3, 4, 1);
        assertArrayEquals(x.f64(), Network.of(List.of(fixup)).forward(x, true).f64(), 0);
        assertArrayEquals(x.f64(), Network.of(List.of(rezero)).forward(x, true).f64(), 0);
        assertEquals(0, rezero.currentScale());
        assertEquals(1, rezero.parameters().stream().filter(p -> p.name().endsWith("alpha")).count());
    }

    @Test
    void batchNormEvaluationUsesRunningStatistics() {
        BatchNorm bn = BatchNorm.of(1, 1e-5, 1.0, F64);
        Network net = Network.of(List.of(bn));
        Tensor x = Tensor.of(4, 1, 1, 2, 3, 6);
        net.forward(x, true);
        assertEquals(3, bn.runningMean().get(0), 1e-15);
        assertEquals(14.0 / 3, bn.runningVar().get(0), 1e-14); // unbiased
        Tensor y = net.forward(Tensor.of(4, 1, 3, 3, 3, 3 + Math.sqrt(14.0 / 3 + 1e-5)), false);
        assertEquals(0, y.get(0), 1e-15);
        assertEquals(1, y.get(3), 1e-12);
    }

    @Test
    void rejectsBadArgumentsNamingTheValue() {
        RandomGenerator r = Network.random(1);
        assertMessage("dense units must be positive but was 0.",
                () -> Dense.of(3, 0, Activation.relu(), Initializer.heNormal(), F64, r));
        assertMessage("dense input size must be positive but was -2.",
                () -> Dense.of(-2, 3, Activation.relu(), Initializer.heNormal(), F64, r));
        assertMessage("batch norm width must be positive but was 0.", () -> BatchNorm.of(0, F64));
        assertMessage("layer norm width must be positive but was 0.", () -> LayerNorm.of(0, F64));
        assertMessage("batch norm eps must be positive but was -1.0E-5.", () -> BatchNorm.of(3, -1e-5, 0.1, F64));
        assertMessage("batch norm momentum must be in [0, 1] but was 1.5.", () -> BatchNorm.of(3, 1e-5, 1.5, F64));
        assertMessage("network input size must be positive but was 0.", () -> Network.builder(0, F64, 1));
        assertMessage("expects input size 6 but the previous output size is 5.",
                () -> Residual.of(List.of(Dense.of(4, 5, Activation.relu(), Initializer.heNormal(), F64, r),
                        Dense.of(6, 4, Activation.relu(), Initializer.heNormal(), F64, r))));
        assertMessage("residual branch layer 1",
                () -> Residual.of(List.of(Dense.of(4, 5, Activation.relu(), Initializer.heNormal(), F64, r),
                        Dense.of(6, 4, Activation.relu(), Initializer.heNormal(), F64, r))));
        assertMessage("needs a projection 4->5",
                () -> Residual.of(List.of(Dense.of(4, 5, Activation.relu(), Initializer.heNormal(), F64, r))));
        assertMessage("residual projection must map 4->5 but was 4->6",
                () -> Residual.of(List.of(Dense.of(4, 5, Activation.relu(), Initializer.heNormal(), F64, r)),
                        Dense.linear(4, 6, false, Initializer.heNormal(), F64, r), BranchScale.none()));
        assertMessage("concat skip branch layer 1",
                () -> ConcatSkip.of(List.of(Dense.of(4, 5, Activation.relu(), Initializer.heNormal(), F64, r),
                        BatchNorm.of(4, F64))));
        assertMessage("residual branch must contain at least one layer but was empty.", () -> Residual.of(List.of()));
        assertMessage("expects input size 4 but the previous output size is 3.",
                () -> Network.builder(3, F64, 1).add(BatchNorm.of(4, F64)));
        assertMessage("is FLOAT32 but the network is FLOAT64",
                () -> Network.builder(3, F64, 1).add(BatchNorm.of(3, Precision.FLOAT32)));
        assertMessage("branch scale must be finite but was NaN.", () -> BranchScale.fixed(Double.NaN));
        Dense shared = Dense.of(3, 3, Activation.relu(), Initializer.heNormal(), F64, r);
        Network.of(List.of(shared));
        assertMessage("already belongs to another network", () -> Network.of(List.of(shared)));
        Dense twice = Dense.of(3, 3, Activation.relu(), Initializer.heNormal(), F64, r);
        assertMessage("appears more than once", () -> Network.of(List.of(twice, twice)));
        Network net = Network.of(List.of(Dense.of(3, 2, Activation.relu(), Initializer.heNormal(), F64, r)));
        assertMessage("network expects 3 input features but was given 4.", () -> net.forward(Tensor.zeros(F64, 2, 4), true));
        assertMessage("network is FLOAT64 but the input is FLOAT32",
                () -> net.forward(Tensor.zeros(Precision.FLOAT32, 2, 3), true));
        net.forward(Tensor.zeros(F64, 2, 3), true);
        assertMessage("expects a gradient of 2x2 but was given 2x3.", () -> net.backward(Tensor.zeros(F64, 2, 3)));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(expected), "message '" + ex.getMessage() + "' should contain '" + expected + "'");
    }
}
