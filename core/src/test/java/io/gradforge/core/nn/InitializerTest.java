package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
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
