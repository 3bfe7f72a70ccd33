package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClippingTest {

    private static Parameter param(Precision precision, double... grad) {
        return new Parameter("p", Tensor.zeros(precision, 1, grad.length), Tensor.of(precision, 1, grad.length, grad));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void globalNormKeepsDirectionAndHitsTheThreshold(Precision precision) {
        Parameter a = param(precision, 3, 0);
        Parameter b = param(Precision.FLOAT64, 0, 4);
        double before = Clipping.byGlobalNorm(1.0).apply(List.of(a, b));
        assertEquals(5.0, before, 1e-12);
        assertArrayEquals(new double[] {0.6, 0}, a.grad().toDoubleArray(), 1e-7);
        assertArrayEquals(new double[] {0, 0.8}, b.grad().toDoubleArray(), 1e-12);
        assertEquals(1.0, Clipping.globalNorm(List.of(a, b)), 1e-7);
        // values are never touched
        assertEquals(0.0, a.value().squaredNorm());
    }

    @Test
    void globalNormBelowTheThresholdLeavesGradsAlone() {
        Parameter a = param(Precision.FLOAT64, 0.3, -0.4);
        assertEquals(0.5, Clipping.byGlobalNorm(1.0).apply(List.of(a)), 1e-15);
        assertArrayEquals(new double[] {0.3, -0.4}, a.grad().toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void byValueClampsEachElement(Precision precision) {
        Parameter a = param(precision, -3, 0.5, 2, -0.25);
        double before = Clipping.byValue(1.0).apply(List.of(a));
        assertEquals(Math.sqrt(9 + 0.25 + 4 + 0.0625), before, 1e-12);
        assertArrayEquals(new double[] {-1, 0.5, 1, -0.25}, a.grad().toDoubleArray());
    }

    @Test
    void noneOnlyMeasures() {
        Parameter a = param(Precision.FLOAT32, 3, 4);
        assertEquals(5.0, Clipping.none().apply(List.of(a)), 1e-12);
        assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleArray());
    }

    @Test
    void nonFiniteNormIsReportedNotHidden() {
        for (Clipping clipping : List.of(Clipping.none(), Clipping.byValue(1), Clipping.byGlobalNorm(1))) {
            Parameter a = param(Precision.FLOAT64, 3, Double.NaN);
            Parameter b = param(Precision.FLOAT32, 2, 2);
            assertTrue(Double.isNaN(clipping.apply(List.of(a, b))), clipping.toString());
            assertEquals(3.0, a.grad().get(0), clipping.toString());
            assertEquals(2.0, b.grad().get(0), clipping.toString());

            Parameter c = param(Precision.FLOAT64, Double.POSITIVE_INFINITY, 1);
            assertEquals(Double.POSITIVE_INFINITY, clipping.apply(List.of(c)), clipping.toString());
            assertEquals(1.0, c.grad().get(1), clipping.toString());
        }
        // a finite norm whose square overflows is still reported (as infinity), not clipped into finiteness
        Parameter huge = param(Precision.FLOAT64, 1e200, 1e200);
        assertEquals(Double.POSITIVE_INFINITY, Clipping.byGlobalNorm(1).apply(List.of(huge)));
    }

    @Test
    void rejectsBadThresholds() {
        assertEquals("max gradient norm must be positive and finite but was 0.0.",
                assertThrows(IllegalArgumentException.class, () -> Clipping.byGlobalNorm(0)).getMessage());
        assertEquals("clip value must be positive and finite but was -1.0.",
                assertThrows(IllegalArgumentException.class, () -> Clipping.byValue(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Clipping.byValue(Double.POSITIVE_INFINITY));
    }
}
