package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InitializerTest {

    @Test
    void empiricalVarianceMatchesVariance() {
        int fanIn = 300;
        int fanOut = 200;
        for (InitKind kind : InitKind.values()) {
            Initializer init = Initializer.of(kind);
            Tensor w = Tensor.zeros(Precision.FLOAT64, fanOut, fanIn);
            init.initialize(w, fanIn, fanOut, Network.random(11));
            double mean = 0;
            for (int i = 0; i < w.size(); i++) mean += w.get(i);
            mean /= w.size();
            double var = 0;
            for (int i = 0; i < w.size(); i++) var += (w.get(i) - mean) * (w.get(i) - mean);
            var /= w.size();
            double expected = init.variance(fanIn, fanOut);
            // 60000 samples: relative std error of a variance estimate ~ sqrt(2/n) ~ 0.6%
            assertEquals(expected, var, 0.03 * expected + 1e-12, kind.yamlName());
        }
    }

    /**
     * Each fan mode draws variance_scale / fan, for normal and uniform, on a 200 x 300 layer (fans 300 in, 200 out,
     * 250 average: 20% apart). With the mean known to be 0, mean(w^2) estimates the variance with relative standard
     * error sqrt(2 / n) = 0.58% for Gaussians (sqrt(0.8 / n) for uniforms); 5 standard errors are allowed.
     */
    @Test
    void varianceScaledDrawsScaleOverFanForEachMode() {
        int fanIn = 300;
        int fanOut = 200;
        double scale = 1.7;
        for (FanMode mode : FanMode.values()) {
            for (Initializer init : List.of(Initializer.varianceScaledNormal(scale, mode),
                    Initializer.varianceScaledUniform(scale, mode))) {
                double expected = scale / switch (mode) {
                    case FAN_IN -> 300.0;
                    case FAN_OUT -> 200.0;
                    case FAN_AVG -> 250.0;
                };
                assertEquals(expected, init.variance(fanIn, fanOut), 1e-15 * expected, init.describe());
                Tensor w = Tensor.zeros(Precision.FLOAT64, fanOut, fanIn);
                init.initialize(w, fanIn, fanOut, Network.random(5));
                double meanSquare = w.squaredNorm() / w.size();
                double tolerance = 5 * Math.sqrt(2.0 / w.size()) * expected;
                assertEquals(expected, meanSquare, tolerance, init.describe());
                if (init.kind() == InitKind.UNIFORM) {
                    double limit = Math.sqrt(3 * expected);
                    for (int i = 0; i < w.size(); i++) assertTrue(Math.abs(w.get(i)) <= limit, init.describe());
                }
            }
        }
    }

    /** He, LeCun and Glorot are variance-scaled initializers: the same weights from the same seed. */
    @Test
    void theNamedSchemesAreVarianceScaledOnes() {
        assertSameWeights(Initializer.heNormal(), Initializer.varianceScaledNormal(2, FanMode.FAN_IN));
        assertSameWeights(Initializer.lecunNormal(), Initializer.varianceScaledNormal(1, FanMode.FAN_IN));
        assertSameWeights(Initializer.heUniform(), Initializer.varianceScaledUniform(2, FanMode.FAN_IN));
        assertEquals(Initializer.xavierNormal().variance(64, 32),
                Initializer.varianceScaledNormal(1, FanMode.FAN_AVG).variance(64, 32), 1e-18);
        assertEquals(Initializer.glorotStandard().variance(64, 32),
                Initializer.varianceScaledUniform(1.0 / 3, FanMode.FAN_IN).variance(64, 32), 1e-18);
    }

    private static void assertSameWeights(Initializer a, Initializer b) {
        Tensor x = Tensor.zeros(Precision.FLOAT64, 32, 64);
        Tensor y = Tensor.zeros(Precision.FLOAT64, 32, 64);
        a.initialize(x, 64, 32, Network.random(8));
        b.initialize(y, 64, 32, Network.random(8));
        assertArrayEquals(x.f64(), y.f64(), b.describe());
    }

    @Test
    void varianceScaledValidationAndDescription() {
        var e = assertThrows(IllegalArgumentException.class, () -> Initializer.varianceScaledNormal(0, FanMode.FAN_IN));
        assertEquals("normal variance_scale must be positive but was 0.0.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.varianceScaledUniform(-2, FanMode.FAN_OUT));
        assertEquals("uniform variance_scale must be positive but was -2.0.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Initializer.varianceScaledNormal(Double.NaN, FanMode.FAN_IN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Initializer(InitKind.HE_NORMAL, 0, FanMode.FAN_IN));
        assertEquals("only normal and uniform take a fan mode, but he_normal was given fan_in.", e.getMessage());
        assertEquals("normal(variance_scale 2, fan_in)", Initializer.varianceScaledNormal(2, FanMode.FAN_IN).describe());
        assertEquals("uniform(variance_scale 0.5, fan_avg)",
                Initializer.varianceScaledUniform(0.5, FanMode.FAN_AVG).describe());
        assertEquals("orthogonal", Initializer.orthogonal().describe());
        assertEquals("identity(1.25)", Initializer.identity(1.25).describe());
        assertTrue(Initializer.normal(0.5).mode() == null);
        assertEquals(Optional.of(FanMode.FAN_AVG), FanMode.parse("fan_avg"));
        assertEquals(List.of("fan_in", "fan_out", "fan_avg"), FanMode.names());
    }

    @Test
    void documentedVariances() {
        assertEquals(2.0 / 64, Initializer.heNormal().variance(64, 32), 1e-15);
        assertEquals(2.0 / 64, Initializer.heUniform().variance(64, 32), 1e-15);
        assertEquals(2.0 / 96, Initializer.xavierNormal().variance(64, 32), 1e-15);
        assertEquals(2.0 / 96, Initializer.xavierUniform().variance(64, 32), 1e-15);
        assertEquals(1.0 / 64, Initializer.lecunNormal().variance(64, 32), 1e-15);
        assertEquals(1.0 / 64, Initializer.lecunUniform().variance(64, 32), 1e-15);
        assertEquals(1.0 / (3 * 64), Initializer.glorotStandard().variance(64, 32), 1e-15);
        assertEquals(4.0 / 64, Initializer.orthogonal(2).variance(64, 32), 1e-15);
        assertEquals(0.25 / 64, Initializer.identity(0.5).variance(64, 32), 1e-15);
        assertEquals(0.01, Initializer.normal(0.1).variance(5, 5), 1e-15);
        assertEquals(0.75 / 3 * 0.75 / 0.75, Initializer.uniform(Math.sqrt(0.75)).variance(5, 5), 1e-15);
        assertEquals(0, Initializer.constant(3).variance(5, 5));
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormalTimesGain() {
        int[][] shapes = {{5, 5}, {3, 8}, {8, 3}, {1, 4}, {4, 1}, {64, 128}};
        double gain = 1.5;
        for (int[] s : shapes) {
            Tensor w = Tensor.zeros(Precision.FLOAT64, s[0], s[1]);
            Initializer.orthogonal(gain).initialize(w, s[1], s[0], Network.random(3));
            boolean rowsOrtho = s[0] <= s[1];
            int n = rowsOrtho ? s[0] : s[1];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double dot = 0;
                    int len = rowsOrtho ? s[1] : s[0];
                    for (int k = 0; k < len; k++) {
                        dot += rowsOrtho ? w.get(a, k) * w.get(b, k) : w.get(k, a) * w.get(k, b);
                    }
                    assertEquals(a == b ? gain * gain : 0, dot, 1e-10, s[0] + "x" + s[1] + " (" + a + "," + b + ")");
                }
            }
        }
    }

    @Test
    void identityIsTheScaledIdentityOnTheLeadingDiagonal() {
        Tensor w = Tensor.zeros(Precision.FLOAT64, 3, 4);
        w.fill(7);
        Initializer.identity(0.5).initialize(w, 4, 3, Network.random(1));
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0}, w.f64());
        assertEquals(Optional.of(Initializer.identity(1)), Initializer.parse("identity"));
        var e = assertThrows(IllegalArgumentException.class, () -> Initializer.identity(-1));
        assertTrue(e.getMessage().contains("identity scale must be positive but was -1"), e.getMessage());
    }

    @Test
    void sameSeedSameWeights() {
        for (InitKind kind : InitKind.values()) {
            Tensor a = Tensor.zeros(Precision.FLOAT64, 7, 9);
            Tensor b = Tensor.zeros(Precision.FLOAT64, 7, 9);
            Initializer.of(kind).initialize(a, 9, 7, Network.random(99));
            Initializer.of(kind).initialize(b, 9, 7, Network.random(99));
            assertArrayEquals(a.f64(), b.f64(), kind.yamlName());
        }
        Tensor c = Tensor.zeros(Precision.FLOAT64, 7, 9);
        Tensor d = Tensor.zeros(Precision.FLOAT64, 7, 9);
        Initializer.heNormal().initialize(c, 9, 7, Network.random(1));
        Initializer.heNormal().initialize(d, 9, 7, Network.random(2));
        assertTrue(c.get(0) != d.get(0));
    }

    @Test
    void namesAndValidation() {
        for (InitKind k : InitKind.values()) assertEquals(Optional.of(k), InitKind.parse(k.yamlName()));
        assertEquals(Optional.of(InitKind.XAVIER_UNIFORM), InitKind.parse("glorot_uniform"));
        assertEquals(Optional.of(Initializer.orthogonal()), Initializer.parse("orthogonal"));
        var e = assertThrows(IllegalArgumentException.class, () -> Initializer.normal(-1));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.orthogonal(0));
        assertTrue(e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Initializer(InitKind.HE_NORMAL, 2));
        assertTrue(e.getMessage().contains("2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.heNormal().variance(0, 3));
        assertTrue(e.getMessage().contains("fanIn must be positive but was 0."), e.getMessage());
    }
}
