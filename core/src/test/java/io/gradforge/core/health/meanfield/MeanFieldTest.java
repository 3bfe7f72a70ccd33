package io.gradforge.core.health.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Length map, fixed points and chi_1 predictions. */
class MeanFieldTest {

    private static final int DEPTH = 30;
    /** 0-based index into chi: layer 5 onwards (r_5 = ||delta_5||^2 / ||delta_6||^2, ..., r_29). */
    private static final int FROM_INDEX = 4;

    /**
     * The acceptance table: bias-free, depth 30, standard Gaussian inputs (q_input = 1), geometric mean of chi
     * from layer 5 on, each within 1% of the stated number. A later test compares these with gradients
     * measured at width 256.
     *
     * <p>Computed (geometric mean of chi_5 .. chi_29): tanh 1/3: 0.33325; relu 1: 0.5; relu 2: 1.0;
     * tanh 2: 1.10305; sigmoid 1: 0.055721; selu 1: 1.071575; identity 1: 1.0. The stated 1.106 for tanh at
     * sigmaW2 = 2 is chi_1 at the fixed point q* = 0.61796 (1.105529); from q_input = 1 the first layers sit at
     * q^l &gt; q* where chi is smaller, so the mean over layers 5..29 is 0.23% lower. Starting at q*
     * (q_input = q* / 2 = 0.309) would give 1.10553 exactly.
     */
    static Stream<Arguments> acceptanceTable() {
        return Stream.of(
                Arguments.of(PointwiseFunction.tanh(), 1.0 / 3.0, 0.333),
                Arguments.of(PointwiseFunction.relu(), 1.0, 0.5),
                Arguments.of(PointwiseFunction.relu(), 2.0, 1.0),
                Arguments.of(PointwiseFunction.tanh(), 2.0, 1.106),
                Arguments.of(PointwiseFunction.sigmoid(), 1.0, 0.0557),
                Arguments.of(PointwiseFunction.selu(), 1.0, 1.072),
                Arguments.of(PointwiseFunction.identity(), 1.0, 1.0));
    }

    @ParameterizedTest(name = "{0} sigmaW2={1}: {2}")
    @MethodSource("acceptanceTable")
    void geometricMeanChiMatchesTheAcceptanceTable(PointwiseFunction phi, double sigmaW2, double expected) {
        MeanFieldPrediction p = MeanField.predict(MeanFieldLayer.of(phi, sigmaW2), DEPTH, 1.0);
        double got = p.geometricMeanChi(FROM_INDEX);
        System.out.printf("meanfield %-8s sigmaW2=%.6f  q1=%.6g  q30=%.10g  chiGeoMean(l>=5)=%.10f  chi(q30)=%.10f"
                        + "  xi=%.4g%n", phi.name(), sigmaW2, p.q().getFirst(), p.q().getLast(), got,
                MeanField.chi1(phi, sigmaW2, p.q().getLast()), p.depthScale(FROM_INDEX));
        assertEquals(expected, got, 0.01 * expected, phi.name() + " sigmaW2=" + sigmaW2);
        assertEquals(DEPTH, p.depth());
        assertEquals(DEPTH - 1, p.chi().size());
    }

    @Test
    void reluLengthMapHalvesPerLayerAtUnitWeightVariance() {
        List<Double> q = MeanField.propagate(Collections.nCopies(5, MeanFieldLayer.of(
                PointwiseFunction.relu(), 1.0)), 1.0);
        assertEquals(List.of(1.0, 0.5, 0.25, 0.125, 0.0625), q.stream().map(v -> Math.rint(v * 1e12) / 1e12)
                .toList());
        // He initialisation: every q is a fixed point.
        List<Double> he = MeanField.propagate(Collections.nCopies(4, MeanFieldLayer.of(
                PointwiseFunction.relu(), 2.0)), 3.0);
        he.forEach(v -> assertEquals(6.0, v, 1e-12));
    }

    @Test
    void firstLayerUsesInputSecondMomentAndBias() {
        MeanFieldPrediction p = MeanField.predict(MeanFieldLayer.of(PointwiseFunction.identity(), 1.5, 0.25), 3, 2.0);
        assertEquals(1.5 * 2.0 + 0.25, p.q().get(0), 1e-15);
        assertEquals(1.5 * 3.25 + 0.25, p.q().get(1), 1e-13);
        assertEquals(1.5, p.chi().get(0), 1e-14);
    }

    @Test
    void heterogeneousLayersPairChiWithTheNextLayersWeights() {
        // chi_l = sigmaW2_{l+1} E[phi_l'(h_l)^2]: relu then identity with sigmaW2 = 3.
        MeanFieldPrediction p = MeanField.predict(List.of(
                MeanFieldLayer.of(PointwiseFunction.relu(), 2.0),
                MeanFieldLayer.of(PointwiseFunction.identity(), 3.0)), 1.0);
        assertEquals(List.of(2.0, 3.0), p.q().stream().map(v -> Math.rint(v * 1e12) / 1e12).toList());
        assertEquals(1.5, p.chi().getFirst(), 1e-14);
    }

    @Test
    void tanhBelowUnitWeightVarianceCollapsesToZero() {
        for (double sigmaW2 : new double[] {1.0 / 3.0, 0.9}) {
            FixedPoint fp = MeanField.fixedPoint(PointwiseFunction.tanh(), sigmaW2, 0.0, sigmaW2);
            assertEquals(FixedPoint.Status.COLLAPSED, fp.status(), "sigmaW2=" + sigmaW2);
            assertEquals(0.0, fp.q());
        }
        // At q* = 0, chi_1 = sigmaW2 phi'(0)^2.
        assertEquals(1.0 / 3.0, MeanField.chi1(PointwiseFunction.tanh(), 1.0 / 3.0, 0.0), 1e-15);
    }

    @Test
    void tanhAboveUnitWeightVarianceHasAPositiveFixedPoint() {
        FixedPoint fp = MeanField.fixedPoint(PointwiseFunction.tanh(), 2.0, 0.0, 2.0);
        assertTrue(fp.converged(), fp.toString());
        assertEquals(fp.q(), MeanField.lengthMap(PointwiseFunction.tanh(), 2.0, 0.0, fp.q()), 1e-11 * fp.q());
        double chi = MeanField.chi1(PointwiseFunction.tanh(), 2.0, fp.q());
        System.out.printf("meanfield tanh sigmaW2=2 q*=%.12f chi1(q*)=%.12f iterations=%d%n", fp.q(), chi,
                fp.iterations());
        assertTrue(chi > 1.0, "ordered-chaotic boundary: chaotic side has chi > 1 but was " + chi);
    }

    @Test
    void fixedPointReportsDivergenceCriticalityAndBudget() {
        FixedPoint up = MeanField.fixedPoint(PointwiseFunction.relu(), 4.0, 0.0, 1.0);
        assertEquals(FixedPoint.Status.DIVERGED, up.status());
        assertEquals(Double.POSITIVE_INFINITY, up.q());
        FixedPoint he = MeanField.fixedPoint(PointwiseFunction.relu(), 2.0, 0.0, 0.7);
        assertEquals(FixedPoint.Status.CONVERGED, he.status());
        assertEquals(0.7, he.q(), 1e-15);
        assertEquals(1, he.iterations());
        assertEquals(FixedPoint.Status.COLLAPSED, MeanField.fixedPoint(PointwiseFunction.relu(), 1.0, 0.0, 1.0)
                .status());
        FixedPoint critical = MeanField.fixedPoint(PointwiseFunction.tanh(), 1.0, 0.0, 1.0, 50);
        assertEquals(FixedPoint.Status.NOT_CONVERGED, critical.status());
        assertTrue(critical.q() > 0.0 && critical.q() < 0.05, "q decays like 1/(2l): " + critical.q());
        FixedPoint withBias = MeanField.fixedPoint(PointwiseFunction.tanh(), 1.0, 0.05, 1.0);
        assertTrue(withBias.converged(), withBias.toString());
        FixedPoint sigmoid = MeanField.fixedPoint(PointwiseFunction.sigmoid(), 1.0, 0.0, 1.0);
        assertTrue(sigmoid.converged(), sigmoid.toString());
    }

    @Test
    void depthScale() {
        assertEquals(Double.POSITIVE_INFINITY, MeanField.depthScale(1.0));
        assertEquals(1.0 / Math.log(2.0), MeanField.depthScale(0.5), 1e-15);
        assertTrue(MeanField.depthScale(1.1) < 0.0);
        assertEquals(0.0, MeanField.depthScale(0.0));
    }

    @Test
    void predictionAccessors() {
        MeanFieldPrediction p = new MeanFieldPrediction(1.0, List.of(1.0, 1.0, 1.0, 1.0), List.of(0.5, 2.0, 1.0));
        assertEquals(Math.sqrt(2.0), p.geometricMeanChi(1), 1e-15);
        assertEquals(2.0, p.productChi(1), 1e-14);
        assertEquals(1.0, p.geometricMeanChi(), 1e-15);
    }

    @Test
    void badArgumentsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MeanFieldLayer.of(PointwiseFunction.relu(), -1.5));
        assertTrue(e.getMessage().contains("-1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanFieldLayer.of(PointwiseFunction.relu(), 1.0, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanField.predict(MeanFieldLayer.of(PointwiseFunction.relu(), 1.0), 0, 1.0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        MeanFieldPrediction p = MeanField.predict(MeanFieldLayer.of(PointwiseFunction.relu(), 2.0), 3, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> p.geometricMeanChi(2));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MeanFieldPrediction(1.0, List.of(1.0, 2.0), List.of()));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MeanField.depthScale(-0.25));
        assertTrue(e.getMessage().contains("-0.25"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanField.predict(MeanFieldLayer.of(PointwiseFunction.relu(), 1e200), 4, 1.0));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanField.fixedPoint(PointwiseFunction.tanh(), 1.0, 0.0, 1.0, 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
