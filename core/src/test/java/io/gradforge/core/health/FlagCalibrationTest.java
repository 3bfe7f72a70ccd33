package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.BranchScale;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingResult;
import java.util.List;
import java.util.random.RandomGenerator;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Flags that used to fire on networks that train. DEAD_UNITS judged against chance: a deep He-initialized relu network leaves many units off for a whole batch at
 * init only because its rows become nearly parallel (random zero-bias weights on the same inputs would too), and it
 * trains; units switched off by their biases are dead beyond chance. UNSTABLE_UPDATES on Fixup networks, whose
 * zero-initialized branch layers make every early update infinitely large relative to their weights.
 */
class FlagCalibrationTest {

    private static Network relu(int depth, int width, long seed, Initializer bias) {
        Network.Builder b = Network.builder(16, Precision.FLOAT64, seed);
        for (int l = 0; l < depth; l++) b.dense(width, Activation.relu(), Initializer.heNormal(), bias);
        b.dense(10, Activation.identity(), Initializer.heNormal());
        return b.build();
    }

    /** The first 64 rows of specs/relu30-he.yaml's data (10 blobs in 16 dimensions, spread 1). */
    private static HealthReport atInit(Network n) {
        Dataset data = Datasets.blobs(2000, 10, 16, 1.0, 42);
        Tensor x = Tensor.zeros(Precision.FLOAT64, 64, 16);
        Tensor y = Tensor.zeros(Precision.FLOAT64, 64, 10);
        int[] rows = new int[64];
        for (int i = 0; i < 64; i++) rows[i] = i * 31;
        data.copyRows(rows, 0, 64, x, y);
        return GradientHealth.atInit(n, Loss.SOFTMAX_CROSS_ENTROPY, x, y);
    }

    private static double maxDead(HealthReport r) {
        return r.initLayers().stream().filter(LayerStats::canDie).mapToDouble(LayerStats::deadFraction).max()
                .orElseThrow();
    }

    @Test
    void deepHeReluIsNotFlaggedThoughManyUnitsAreOffByChance() {
        for (long seed = 1; seed <= 5; seed++) {
            HealthReport r = atInit(relu(30, 32, seed, Initializer.zeros()));
            LayerStats worst = r.initLayers().stream().filter(LayerStats::canDie)
                    .max(java.util.Comparator.comparingDouble(LayerStats::deadFraction)).orElseThrow();
            System.out.printf("depth 30 seed %d: worst layer %s dead %.2f, by chance %.2f; flags %s%n", seed,
                    worst.name(), worst.deadFraction(), worst.expectedDeadFraction(), r.flagSet());
            // Not vacuous: the old rule (30% in the worst layer) fires on every seed.
            assertTrue(worst.deadFraction() > HealthFlag.DEAD_FRACTION, "seed " + seed);
            assertEquals(worst.deadFraction(), worst.expectedDeadFraction(), 0.3, "seed " + seed);
            assertFalse(r.has(HealthFlag.DEAD_UNITS), "seed " + seed + ": " + r.flags());
        }
    }

    @Test
    void width32Depth10HeReluIsNotFlaggedOnAnySeed() {
        for (long seed = 1; seed <= 5; seed++) {
            HealthReport r = atInit(relu(10, 32, seed, Initializer.zeros()));
            System.out.printf("depth 10 seed %d: max dead %.2f; flags %s%n", seed, maxDead(r), r.flagSet());
            assertFalse(r.has(HealthFlag.DEAD_UNITS), "seed " + seed + ": " + r.flags());
        }
    }

    @Test
    void unitsSwitchedOffByNegativeBiasesAreFlagged() {
        HealthReport r = atInit(relu(10, 32, 1, Initializer.constant(-2.0)));
        System.out.println("bias -2: " + r.flags());
        // Layer 2 (third): every unit off, where random zero-bias weights on its inputs leave few off.
        LayerStats third = r.initLayers().get(2);
        assertEquals(1.0, third.deadFraction());
        assertTrue(third.expectedDeadFraction() < 0.2, String.valueOf(third.expectedDeadFraction()));
        assertTrue(r.has(HealthFlag.DEAD_UNITS), r.flags().toString());
        String reason = r.flags().stream().filter(f -> f.flag() == HealthFlag.DEAD_UNITS).findFirst().orElseThrow()
                .reason();
        assertTrue(reason.contains("by chance"), reason);
        String verdict = String.join("\n", r.verdict());
        assertTrue(verdict.contains("bias"), verdict);
        assertFalse(verdict.contains("he init"), verdict);
    }

    /**
     * Fixup (Zhang et al. 2019): a stem, 8 residual blocks whose branch is two dense layers of width 32 with the
     * second zero-initialized, a head; adam, lr 1e-3, 300 steps on the blobs. It trains well, and its first update of
     * each zero-initialized layer is infinite relative to the weights: not instability.
     */
    @Test
    void fixupIsNotFlaggedUnstableAndStillTrains() {
        RandomGenerator rng = Network.random(3);
        Precision p = Precision.FLOAT64;
        Network.Builder b = Network.builder(16, p, 3).dense(32, Activation.relu(), Initializer.heNormal());
        for (int i = 0; i < 8; i++) {
            List<Layer> branch = List.of(Dense.of(32, 32, Activation.relu(), Initializer.heNormal(), p, rng),
                    Dense.of(32, 32, Activation.identity(), Initializer.heNormal(), p, rng));
            b.add(Residual.of(branch, null, BranchScale.none(), true));
        }
        Network net = b.dense(10, Activation.identity(), Initializer.xavierNormal()).build();
        Trainer trainer = Trainer.builder().loss(Loss.SOFTMAX_CROSS_ENTROPY).optimizer(OptimizerConfig.adam())
                .learningRate(1e-3).batchSize(64).steps(300).seed(1).build();
        HealthProbe probe = GradientHealth.probe(net, 300, 30);
        TrainingResult result = trainer.fit(net, Datasets.blobs(1000, 10, 16, 0.3, 5), probe, () -> false);
        HealthReport report = probe.report(result);
        double firstRatio = report.trace().snapshots().get(1).denseLayers().get(2).updateRatio();
        System.out.printf("fixup: final loss %.4f, accuracy %.3f, flags %s, a zero-initialized layer's update "
                + "ratio at step 30 %.3g%n", result.finalTrainLoss(), result.trainAccuracy(), report.flags(), firstRatio);
        assertTrue(result.trainAccuracy() > 0.95, String.valueOf(result.trainAccuracy()));
        assertFalse(report.has(HealthFlag.UNSTABLE_UPDATES), report.flags().toString());
    }
}
