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

    @Test
    void reportRejectsScoresOutsideTheUnitInterval() {
        HealthReport ok = GradientHealth.atInit(mlp(3, Activation.relu(), Initializer.heNormal(), 1), Loss.MSE,
                HealthFixtures.gaussian(8, 2, 1), HealthFixtures.gaussian(8, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HealthReport(ok.init(), null, ok.meanField(), List.of(), Double.NaN, null));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
