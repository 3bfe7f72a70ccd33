package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-layer statistics against hand-computed values, validation, the table. */
class LayerStatsTest {

    @Test
    void statisticsMatchHandComputedValues() {
        // 1 -> 3 relu with weights (1, -1, 2); inputs 1 and 2: h = (1,-1,2) and (2,-2,4); unit 1 is dead.
        Network n = Network.builder(1, Precision.FLOAT64, 1)
                .dense(3, Activation.relu(), Initializer.zeros(), null)
                .dense(1, Activation.tanh(), Initializer.constant(3.0), null)
                .build();
        Tensor w = n.denseLayers().get(0).weight();
        w.set(0, 1);
        w.set(1, -1);
        w.set(2, 2);
        Tensor x = Tensor.of(2, 1, 1, 2);
        Tensor y = Tensor.of(2, 1, 0, 0);
        HealthReport r = GradientHealth.atInit(n, Loss.MSE, x, y);
        LayerStats relu = r.initLayers().get(0);
        assertEquals(1.0 / 3.0, relu.deadFraction(), 1e-15);
        assertEquals((1 + 0 + 2 + 2 + 0 + 4) / 6.0, relu.activationMean(), 1e-15);
        assertTrue(Double.isNaN(relu.saturationFraction()));
        assertEquals(Math.sqrt(6), relu.weightNorm(), 1e-15);
        LayerStats tanh = r.initLayers().get(1);
        // h2 = 3 * (1 + 2) = 9 and 3 * (2 + 4) = 18: both saturate.
        assertEquals(1.0, tanh.saturationFraction());
        assertTrue(Double.isNaN(tanh.deadFraction()));
        assertTrue(r.has(HealthFlag.SATURATED), r.flags().toString());
        // Both inputs are positive multiples of one direction: a random zero-bias unit is off for both with
        // probability 1/2, so one dead unit of three is chance, not a flag.
        assertEquals(0.5, relu.expectedDeadFraction(), 3 * Math.sqrt(0.25 / ProbedLayers.CHANCE_SAMPLES));
        assertFalse(r.has(HealthFlag.DEAD_UNITS), r.flags().toString());
        assertTrue(Double.isNaN(relu.updateRatio()));
        assertEquals(0.0, relu.relativeChangeSinceInit());
    }

    @Test
    void validationNamesTheBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerStats(0, 0, "0",
                LayerStats.Kind.DENSE, false, 4, "relu", 1, 1, 0, 1, Double.NaN, 1.5, Double.NaN, Double.NaN, 0, 1));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LayerStats(0, 0, "0", LayerStats.Kind.DENSE,
                false, 0, "relu", 1, 1, 0, 1, Double.NaN, 0, Double.NaN, Double.NaN, 0, 1));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientFlow.of(List.of()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void gradientFlowRatiosAndAttenuation() {
        GradientFlow f = GradientFlow.of(List.of(0.01, 0.1, 1.0));
        assertEquals(List.of(0.01, 0.01), f.ratios().stream().map(v -> Math.round(v * 1e12) / 1e12).toList());
        assertEquals(0.01, f.geometricMean(), 1e-15);
        assertEquals(2.0, f.attenuationDecades(), 1e-15);
        assertEquals(0.01, f.geometricMean(1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> f.geometricMean(2));
    }

    @Test
    void tableHasFixedWidthRows() {
        Network n = Network.builder(4, Precision.FLOAT64, 2)
                .dense(8, Activation.sigmoid(), Initializer.xavierNormal())
                .dense(2, Activation.identity(), Initializer.xavierNormal())
                .build();
        String table = GradientHealth.atInit(n, Loss.MSE, HealthFixtures.gaussian(5, 4, 1),
                HealthFixtures.gaussian(5, 2, 2)).toTable();
        System.out.print(table);
        String[] lines = table.split("\\R");
        assertEquals(lines[0].length(), lines[1].length(), table);
        assertEquals(lines[0].length(), lines[2].length(), table);
        assertTrue(lines[0].contains("|delta|") && lines[1].contains("sigmoid"), table);
    }
}
