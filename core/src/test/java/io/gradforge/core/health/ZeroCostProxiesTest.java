package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.BranchScale;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Zero-cost proxies against hand computations and brute force. */
class ZeroCostProxiesTest {

    private static final Precision F64 = Precision.FLOAT64;

    static Tensor gaussian(int rows, int cols, long seed) {
        RandomGenerator rng = Network.random(seed);
        Tensor t = Tensor.zeros(F64, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.nextGaussian());
        return t;
    }

    private static Network biasFreeRelu(long seed, int... widths) {
        RandomGenerator rng = Network.random(seed);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            Activation act = l + 2 == widths.length ? Activation.identity() : Activation.relu();
            layers.add(Dense.of(widths[l], widths[l + 1], act, Initializer.heNormal(), null, F64, rng));
        }
        return Network.of(layers);
    }

    /** R = 1^T |W_L| relu(... relu(|W_1| 1)) computed directly from the weights. */
    private static double synflowR(Network net) {
        double[] v = new double[net.inputSize()];
        Arrays.fill(v, 1);
        List<Dense> dense = net.denseLayers();
        for (int l = 0; l < dense.size(); l++) {
            Tensor w = dense.get(l).weight();
            double[] next = new double[w.rows()];
            for (int r = 0; r < w.rows(); r++) {
                double s = 0;
                for (int c = 0; c < w.cols(); c++) s += Math.abs(w.get(r, c)) * v[c];
                next[r] = Math.max(s, 0);
            }
            v = next;
        }
        double r = 0;
        for (double x : v) r += x;
        return r;
    }

    @Test
    void synflowIsConservedAcrossLayersAndUnderRescaling() {
        Network net = biasFreeRelu(7, 5, 12, 9, 10, 3);
        Tensor x = gaussian(6, 5, 1);
        Tensor y = gaussian(6, 3, 2);
        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.MSE, x, y);
        double r = synflowR(net);
        double[] per = z.synflowPerLayer();
        assertEquals(4, per.length);
        for (int l = 0; l < per.length; l++) {
            assertEquals(r, per[l], 1e-10 * r, "layer " + l);
        }
        assertEquals(4 * r, z.synflow(), 1e-10 * z.synflow());
        assertEquals(Math.log(z.synflow()), z.logSynflow(), 1e-12);

        double a = 3.7;
        Tensor w1 = net.denseLayers().get(1).weight();
        Tensor w2 = net.denseLayers().get(2).weight();
        for (int i = 0; i < w1.size(); i++) w1.set(i, w1.get(i) * a);
        for (int i = 0; i < w2.size(); i++) w2.set(i, w2.get(i) / a);
        ZeroCostProxies scaled = ZeroCostProxies.measure(net, Loss.MSE, x, y);
        assertEquals(z.synflow(), scaled.synflow(), 1e-10 * z.synflow());
        for (int l = 0; l < per.length; l++) {
            assertEquals(per[l], scaled.synflowPerLayer()[l], 1e-10 * per[l], "layer " + l);
        }
    }

    @Test
    void logSynflowSurvivesOverflowInAHomogeneousChain() {
        // 200 layers 64->64 of ones (relu) and one 64->1: R = 64^200 ~ 1e361 overflows float64.
        RandomGenerator rng = Network.random(3);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < 200; l++) {
            layers.add(Dense.of(64, 64, Activation.relu(), Initializer.constant(1), null, F64, rng));
        }
        layers.add(Dense.of(64, 1, Activation.identity(), Initializer.constant(1), null, F64, rng));
        Network net = Network.of(layers);
        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.MSE, gaussian(4, 64, 1), gaussian(4, 1, 2));
        assertEquals(Double.POSITIVE_INFINITY, z.synflow());
        double expected = Math.log(201) + 201 * Math.log(64);
        assertEquals(expected, z.logSynflow(), 1e-10 * expected);
    }

    @Test
    void gradNormAndSnipMatchBruteForce() {
        Network net = Network.builder(4, F64, 11)
                .dense(16, Activation.tanh(), Initializer.xavierNormal(), Initializer.normal(0.1))
                .dense(8, Activation.relu(), Initializer.heNormal(), Initializer.normal(0.1))
                .dense(3, Activation.identity(), Initializer.xavierNormal())
                .build();
        Tensor x = gaussian(10, 4, 5);
        Tensor y = Tensor.zeros(F64, 10, 3);
        for (int i = 0; i < 10; i++) y.set(i, i % 3, 1);
        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.SOFTMAX_CROSS_ENTROPY, x, y);

        Tensor out = net.forward(x, true);
        Tensor g = Tensor.zeros(F64, 10, 3);
        Loss.SOFTMAX_CROSS_ENTROPY.forwardBackward(out, y, g);
        net.backward(g);
        double gradNorm = 0;
        double snip = 0;
        int weights = 0;
        for (Parameter p : net.parameters()) {
            if (!p.name().endsWith(".weight")) continue;
            weights++;
            double ss = 0;
            for (int i = 0; i < p.value().size(); i++) {
                ss += p.grad().get(i) * p.grad().get(i);
                snip += Math.abs(p.grad().get(i) * p.value().get(i));
            }
            gradNorm += Math.sqrt(ss);
        }
        assertEquals(3, weights);
        assertTrue(gradNorm > 0 && snip > 0);
        assertEquals(gradNorm, z.gradNorm(), 1e-12 * gradNorm);
        assertEquals(snip, z.snip(), 1e-12 * snip);
    }

    @Test
    void naswotKernelOfTwoUnits() {
        DMatrixRMaj k = ZeroCostProxies.naswotKernel(new boolean[][] {{true, false}, {true, true}});
        assertArrayEquals(new double[] {2, 1, 1, 2}, k.data, 0);
        assertEquals(Math.log(3), ZeroCostProxies.logAbsDet(k), 1e-14);
    }

    @Test
    void naswotLogDetOfOneHotCodes() {
        // Row i active on unit i only: K = 2 I + (n - 2) 1 1^T, eigenvalues 2 (n - 1 times) and (n - 1)^2 + 1.
        int n = 5;
        boolean[][] codes = new boolean[n][n];
        for (int i = 0; i < n; i++) codes[i][i] = true;
        double expected = (n - 1) * Math.log(2) + Math.log((n - 1) * (n - 1) + 1);
        assertEquals(expected, ZeroCostProxies.logAbsDet(ZeroCostProxies.naswotKernel(codes)), 1e-12);
        // Identical codes: rank-one K.
        boolean[][] same = new boolean[3][4];
        assertTrue(ZeroCostProxies.logAbsDet(ZeroCostProxies.naswotKernel(same)) < -30);
        assertThrows(IllegalArgumentException.class, () -> ZeroCostProxies.logAbsDet(new DMatrixRMaj(2, 3)));
    }

    @Test
    void naswotReadsCodesFromTheNetwork() {
        RandomGenerator rng = Network.random(1);
        Dense hidden = Dense.of(2, 2, Activation.relu(), Initializer.zeros(), F64, rng);
        hidden.weight().set(0, 0, 1);
        hidden.weight().set(1, 1, 1);
        Network net = Network.of(List.of(hidden,
                Dense.of(2, 1, Activation.identity(), Initializer.constant(1), F64, rng)));
        Tensor x = Tensor.of(2, 2, 1, -1, 1, 1); // codes [1,0] and [1,1]
        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.MSE, x, Tensor.zeros(F64, 2, 1));
        assertEquals(Math.log(3), z.naswot(), 1e-14);
    }

    @Test
    void deadNetworkScoresBelowHeInitializedRelu() {
        Tensor x = gaussian(32, 8, 9);
        Tensor y = gaussian(32, 2, 10);
        Network he = Network.builder(8, F64, 4)
                .dense(64, Activation.relu(), Initializer.heNormal())
                .dense(64, Activation.relu(), Initializer.heNormal())
                .dense(2, Activation.identity(), Initializer.xavierNormal())
                .build();
        Network dead = Network.builder(8, F64, 4)
                .dense(64, Activation.relu(), Initializer.heNormal(), Initializer.constant(-1e6))
                .dense(64, Activation.relu(), Initializer.heNormal(), Initializer.constant(-1e6))
                .dense(2, Activation.identity(), Initializer.xavierNormal())
                .build();
        ZeroCostProxies zHe = ZeroCostProxies.measure(he, Loss.MSE, x, y);
        ZeroCostProxies zDead = ZeroCostProxies.measure(dead, Loss.MSE, x, y);
        assertTrue(Double.isFinite(zHe.naswot()), zHe.toString());
        assertTrue(zDead.naswot() < zHe.naswot(), zDead + " vs " + zHe);
    }

    @Test
    void jacobCovOfAHandBuiltJacobian() {
        // Two rows with correlation 0.5 -> eigenvalues 1.5 and 0.5.
        Tensor j = Tensor.of(2, 3, 1, 0, -1, 1, -1, 0);
        double k = ZeroCostProxies.JACOB_COV_K;
        double expected = -(Math.log(1.5 + k) + 1 / (1.5 + k) + Math.log(0.5 + k) + 1 / (0.5 + k));
        assertEquals(expected, ZeroCostProxies.jacobCov(j), 1e-12);
        assertTrue(Double.isNaN(ZeroCostProxies.jacobCov(Tensor.of(2, 2, 1, 1, 0, 1))));
    }

    @Test
    void jacobCovIsUndefinedWhereTheInputIsNarrowerThanTheBatch() {
        // Before: every 2-input network scored about -(rows - 1) / k; 3 features and 2 rows are still defined.
        assertTrue(Double.isNaN(ZeroCostProxies.jacobCov(gaussian(64, 2, 3))));
        assertTrue(Double.isNaN(ZeroCostProxies.jacobCov(gaussian(64, 16, 3))));
        assertTrue(Double.isFinite(ZeroCostProxies.jacobCov(gaussian(16, 17, 3))));
    }

    @Test
    void measuringLeavesTheNetworkBitIdentical() {
        Network.Builder b = Network.builder(6, F64, 21);
        b.dense(16, Activation.gelu(), Initializer.heNormal(), Initializer.normal(0.2))
                .batchNorm()
                .add(Residual.of(List.of(
                        Dense.of(b.width(), 16, Activation.prelu(), Initializer.heNormal(), b.precision(), b.rng()),
                        BatchNorm.of(16, F64)), null, BranchScale.rezero()))
                .dense(3, Activation.identity(), Initializer.xavierNormal());
        Network net = b.build();
        Tensor x = gaussian(12, 6, 3);
        Tensor y = gaussian(12, 3, 4);
        // Non-trivial state: gradients and running statistics from one step.
        Tensor out = net.forward(x, true);
        Tensor g = Tensor.zeros(F64, 12, 3);
        Loss.MSE.forwardBackward(out, y, g);
        net.backward(g);
        List<double[]> before = state(net);
        Tensor xCopy = x.copy();

        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.MSE, x, y);
        JacobianSpectrum.measure(net, gaussian(1, 6, 5)).orElseThrow();

        List<double[]> after = state(net);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), "state " + i);
        assertArrayEquals(xCopy.f64(), x.f64());
        assertTrue(Double.isFinite(z.gradNorm()) && Double.isFinite(z.synflow()) && Double.isFinite(z.naswot()), z.toString());
    }

    private static List<double[]> state(Network net) {
        List<double[]> s = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            s.add(p.value().toDoubleArray());
            s.add(p.grad().toDoubleArray());
        }
        for (Layer l : net.layers()) {
            if (l instanceof BatchNorm bn) {
                s.add(bn.runningMean().toDoubleArray());
                s.add(bn.runningVar().toDoubleArray());
            }
            if (l instanceof Residual r) {
                for (Layer inner : r.branch()) {
                    if (inner instanceof BatchNorm bn) {
                        s.add(bn.runningMean().toDoubleArray());
                        s.add(bn.runningVar().toDoubleArray());
                    }
                }
            }
        }
        return s;
    }

    @Test
    void float32NetworkIsMeasuredAndRestored() {
        Network net = Network.builder(5, Precision.FLOAT32, 2)
                .dense(10, Activation.relu(), Initializer.heNormal())
                .dense(2, Activation.identity(), Initializer.xavierNormal())
                .build();
        Tensor x = Tensor.zeros(Precision.FLOAT32, 8, 5);
        Tensor x64 = gaussian(8, 5, 1);
        x.copyFrom(x64);
        List<double[]> before = state(net);
        ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.MSE, x, gaussian(8, 2, 2));
        assertTrue(z.gradNorm() > 0 && Double.isFinite(z.naswot()), z.toString());
        assertTrue(Double.isNaN(z.jacobCov()), "5 features cannot tell 8 rows apart: " + z);
        List<double[]> after = state(net);
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), "state " + i);
    }

    @Test
    void rejectsMismatchedShapes() {
        Network net = biasFreeRelu(1, 3, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZeroCostProxies.measure(net, Loss.MSE, gaussian(2, 5, 1), gaussian(2, 2, 1)));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ZeroCostProxies.measure(net, Loss.MSE, gaussian(2, 3, 1), gaussian(3, 2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ZeroCostProxies(-1, 0, 0, 0, new double[0], 0, 0));
    }
}
