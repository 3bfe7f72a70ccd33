package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Datasets;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health score: 0 for diverged and non-finite, never NaN, in [0, 1]. */
class HealthScoreTest {

    private static Network mlp(int depth, Activation act, Initializer init, long seed) {
        Network.Builder b = Network.builder(2, Precision.FLOAT64, seed);
        for (int l = 0; l < depth - 1; l++) b.dense(32, act, init);
        b.dense(1, Activation.identity(), init);
        return b.build();
    }

    @Test
    void divergedRunScoresZeroAndIsFlagged() {
        Network net = mlp(6, Activation.relu(), Initializer.normal(3.0), 1);
        Trainer trainer = Trainer.builder().loss(Loss.MSE).optimizer(OptimizerConfig.sgd()).learningRate(10)
                .batchSize(32).steps(200).seed(1).build();
        HealthProbe probe = GradientHealth.probe(net, 200, 10);
        TrainingResult result = trainer.fit(net, Datasets.twoSpirals(256, 0.05, 1), probe, () -> false);
        HealthReport r = probe.report(result);
        System.out.printf("diverged: status %s after %d steps, flags %s, score %s, area %.1f%n", result.status(),
                result.steps(), r.flagSet(), r.score(), r.convergence().normalizedArea());
        assertTrue(result.diverged(), result.toString());
        assertEquals(0.0, r.score());
        assertEquals(0.0, r.earlyScore(), "it diverged within its first tenth, which its early score knows");
        assertTrue(r.has(HealthFlag.DIVERGED));
        assertEquals(ConvergenceStats.WORST_AREA, r.convergence().normalizedArea());
        assertFalse(r.verdict().isEmpty());
    }

    @Test
    void nonFiniteWeightsScoreZeroNotNaN() {
        Network net = mlp(4, Activation.tanh(), Initializer.xavierNormal(), 2);
        net.denseLayers().get(1).weight().set(0, Double.NaN);
        Tensor x = HealthFixtures.gaussian(16, 2, 1);
        Tensor y = HealthFixtures.gaussian(16, 1, 2);
        HealthReport r = GradientHealth.atInit(net, Loss.MSE, x, y);
        System.out.printf("NaN weight: flags %s, score %s%n", r.flagSet(), r.score());
        assertEquals(0.0, r.score());
        assertTrue(r.has(HealthFlag.EXPLODING), r.flags().toString());
        assertFalse(r.toTable().isEmpty());
        net.denseLayers().get(1).weight().set(0, Double.POSITIVE_INFINITY);
        assertEquals(0.0, GradientHealth.atInit(net, Loss.MSE, x, y).score());
    }

    @Test
    void scoreIsInUnitIntervalAcrossArchitectures() {
        Tensor x = HealthFixtures.gaussian(64, 2, 3);
        Tensor y = HealthFixtures.gaussian(64, 1, 4);
        for (Activation act : List.of(Activation.relu(), Activation.tanh(), Activation.sigmoid(), Activation.selu(),
                Activation.identity(), Activation.leakyRelu(), Activation.gelu())) {
            for (double std : new double[] {0.01, 0.3, 1.0, 5.0}) {
                HealthReport r = GradientHealth.atInit(mlp(12, act, Initializer.normal(std), 5), Loss.MSE, x, y);
                assertTrue(r.score() >= 0 && r.score() <= 1, act + " std " + std + ": " + r.score());
            }
        }
        HealthReport single = GradientHealth.atInit(mlp(1, Activation.relu(), Initializer.heNormal(), 1), Loss.MSE, x, y);
        assertTrue(Double.isNaN(single.geometricMean()));
        assertEquals(1.0, single.score(), 1e-12, "a single linear layer has nothing to penalize");
    }

    /** A snapshot of a 5-layer chain whose delta norms fall geometrically by {@code decades} first to last. */
    private static HealthSnapshot chain(long step, double decades, double updateRatio, double saturation) {
        List<LayerStats> layers = new java.util.ArrayList<>();
        for (int l = 0; l < 5; l++) {
            double delta = Math.pow(10, -decades * (4 - l) / 4.0);
            layers.add(new LayerStats(l, l, String.valueOf(l), LayerStats.Kind.DENSE, false, 8, "tanh", delta, delta,
                    0, 1, saturation, Double.NaN, Double.NaN, updateRatio, 0, 3));
        }
        return HealthSnapshot.of(step, 1, 1, layers);
    }

    private static double score(HealthSnapshot... samples) {
        HealthTrace trace = new HealthTrace(List.of(samples), new double[0]);
        return HealthReport.of(samples[0], samples.length == 1 ? null : trace, null, null).score();
    }

    @Test
    void theScoreIsTheDocumentedFactorsOfInitAndTheFirstTenthOnly() {
        // at init: 2.5 decades either way are free, 3.5 cost half, 4.5 four fifths
        assertEquals(1.0, score(chain(0, 2.5, Double.NaN, 0)), 1e-12);
        assertEquals(0.5, score(chain(0, 3.5, Double.NaN, 0)), 1e-12);
        assertEquals(0.5, score(chain(0, -3.5, Double.NaN, 0)), 1e-12);
        assertEquals(0.2, score(chain(0, 4.5, Double.NaN, 0)), 1e-12);
        // a tenth of the way in (step 10 of 100): any attenuation costs, growth does not; updates in [1e-4, 1e-2]
        // are free, 1e-6 costs half
        HealthSnapshot init = chain(0, 1.0, 1e-3, 0);
        HealthSnapshot last = chain(99, 9.0, 10, 0.99); // late samples do not count
        assertEquals(0.5, score(init, chain(10, 1.0, 1e-3, 0), last), 1e-12);
        assertEquals(1.0, score(init, chain(10, -2.0, 1e-3, 0), last), 1e-12);
        assertEquals(0.5, score(chain(0, 1.0, 1e-6, 0), chain(10, -2.0, 1e-6, 0), last), 1e-12);
        assertEquals(0.5 * 0.5, score(chain(0, 1.0, 1e-6, 0), chain(10, 1.0, 1e-6, 0), last), 1e-12);
        // saturation does not count (it predicted convergence backwards, bench/README.md "Predictive validity")
        assertEquals(1.0, score(chain(0, 0.0, 1e-3, 0.9), chain(10, 0.0, 1e-3, 0.9), last), 1e-12);
        HealthReport r = HealthReport.of(init, new HealthTrace(List.of(init, chain(10, 1.0, 1e-3, 0), last),
                new double[0]), null, null);
        assertEquals(r.score(), r.earlyScore(), 0.0);
        assertEquals(10, r.early().step());
    }

    @Test
    void reportRejectsScoresOutsideTheUnitInterval() {
        HealthReport ok = GradientHealth.atInit(mlp(3, Activation.relu(), Initializer.heNormal(), 1), Loss.MSE,
                HealthFixtures.gaussian(8, 2, 1), HealthFixtures.gaussian(8, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HealthReport(ok.init(), null, ok.meanField(), List.of(), Double.NaN, null));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
