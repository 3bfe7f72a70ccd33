package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** Exact Jacobians of linear networks and their spectra. */
class JacobianSpectrumTest {

    private static final Precision F64 = Precision.FLOAT64;

    private static DMatrixRMaj matrix(Tensor t) {
        return new DMatrixRMaj(t.rows(), t.cols(), true, t.toDoubleArray());
    }

    @Test
    void linearNetworkJacobianIsTheWeightProduct() {
        RandomGenerator rng = Network.random(5);
        Network net = Network.of(List.<Layer>of(
                Dense.of(4, 6, Activation.identity(), Initializer.xavierNormal(), Initializer.normal(1), F64, rng),
                Dense.of(6, 5, Activation.identity(), Initializer.xavierNormal(), Initializer.normal(1), F64, rng),
                Dense.of(5, 3, Activation.identity(), Initializer.xavierNormal(), Initializer.normal(1), F64, rng)));
        Tensor x = ZeroCostProxiesTest.gaussian(1, 4, 8);
        List<Dense> d = net.denseLayers();
        DMatrixRMaj w21 = new DMatrixRMaj(5, 4);
        CommonOps_DDRM.mult(matrix(d.get(1).weight()), matrix(d.get(0).weight()), w21);
        DMatrixRMaj product = new DMatrixRMaj(3, 4);
        CommonOps_DDRM.mult(matrix(d.get(2).weight()), w21, product);

        DMatrixRMaj j = JacobianSpectrum.jacobian(net, x);
        assertEquals(3, j.numRows);
        assertEquals(4, j.numCols);
        assertArrayEquals(product.data, j.data, 1e-12);

        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(3, 4, false, false, true);
        assertTrue(svd.decompose(product.copy()));
        double[] expected = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
        Arrays.sort(expected);
        double[] desc = new double[expected.length];
        for (int i = 0; i < desc.length; i++) desc[i] = expected[expected.length - 1 - i];

        JacobianSpectrum s = JacobianSpectrum.measure(net, x).orElseThrow();
        assertArrayEquals(desc, s.singularValues(), 1e-12);
        assertEquals(desc[0], s.maxSingularValue(), 1e-12);
        assertEquals(desc[2], s.minSingularValue(), 1e-12);
        assertEquals(desc[0] / desc[2], s.conditionNumber(), 1e-12 * s.conditionNumber());
        double fro = 0;
        for (double v : product.data) fro += v * v;
        assertEquals(fro / 3, s.meanSquaredSingularValue(), 1e-12 * fro);
    }

    @Test
    void orthogonalLinearNetworkIsIsometric() {
        RandomGenerator rng = Network.random(9);
        Network net = Network.of(List.<Layer>of(
                Dense.linear(8, 8, false, Initializer.orthogonal(), F64, rng),
                Dense.linear(8, 8, true, Initializer.orthogonal(), F64, rng),
                Dense.linear(8, 8, false, Initializer.orthogonal(), F64, rng)));
        JacobianSpectrum s = JacobianSpectrum.measure(net, ZeroCostProxiesTest.gaussian(1, 8, 2)).orElseThrow();
        assertEquals(8, s.singularValues().length);
        for (double v : s.singularValues()) assertEquals(1, v, 1e-12);
        assertEquals(1, s.conditionNumber(), 1e-12);
        assertEquals(1, s.meanSquaredSingularValue(), 1e-12);
    }

    @Test
    void tanhJacobianMatchesFiniteDifferences() {
        Network net = Network.builder(3, F64, 12)
                .dense(7, Activation.tanh(), Initializer.xavierNormal(), Initializer.normal(0.3))
                .dense(2, Activation.identity(), Initializer.xavierNormal())
                .build();
        Tensor x = ZeroCostProxiesTest.gaussian(1, 3, 4);
        DMatrixRMaj j = JacobianSpectrum.jacobian(net, x);
        double h = 1e-6;
        for (int c = 0; c < 3; c++) {
            Tensor xp = x.copy();
            Tensor xm = x.copy();
            xp.set(c, x.get(c) + h);
            xm.set(c, x.get(c) - h);
            double[] yp = net.forward(xp, false).toDoubleArray();
            double[] ym = net.forward(xm, false).toDoubleArray();
            for (int k = 0; k < 2; k++) assertEquals((yp[k] - ym[k]) / (2 * h), j.get(k, c), 1e-8);
        }
    }

    @Test
    void tooLargeNetworksAreSkipped() {
        Network net = Network.builder(1025, F64, 1).dense(1024, Activation.identity(), Initializer.zeros()).build();
        assertTrue(JacobianSpectrum.measure(net, Tensor.zeros(F64, 1, 1025)).isEmpty());
        Network small = Network.builder(3, F64, 1).dense(2, Activation.identity(), Initializer.zeros()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JacobianSpectrum.jacobian(small, Tensor.zeros(F64, 2, 3)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
    }

    @Test
    void recordValidatesAndDerives() {
        JacobianSpectrum s = JacobianSpectrum.of(new double[] {0.5, 2, 1});
        assertArrayEquals(new double[] {2, 1, 0.5}, s.singularValues(), 0);
        assertEquals(4, s.conditionNumber(), 0);
        assertEquals((4 + 1 + 0.25) / 3, s.meanSquaredSingularValue(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, JacobianSpectrum.of(new double[] {1, 0}).conditionNumber());
        assertThrows(IllegalArgumentException.class, () -> new JacobianSpectrum(new double[] {1, 2}, 2, 1, 2.5, 2));
        assertThrows(IllegalArgumentException.class, () -> JacobianSpectrum.of(new double[] {-1}));
    }
}
