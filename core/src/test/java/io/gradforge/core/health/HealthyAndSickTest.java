package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
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

/**
 * A healthy network raises nothing; a deep sigmoid network is diagnosed. Data: 10 blobs in 16 dimensions;
 * Adam lr 1e-3, batch 64, 300 steps.
 */
class HealthyAndSickTest {

    private static final Dataset DATA = Datasets.blobs(1000, 10, 16, 0.3, 5);

    private static Network mlp(int depth, int width, Activation act, Initializer init) {
        Network.Builder b = Network.builder(16, Precision.FLOAT64, 11);
        for (int l = 0; l < depth - 1; l++) b.dense(width, act, init);
        b.dense(10, Activation.identity(), init);
        return b.build();
    }

    /** The first 64 rows of the data as a probe batch. */
    private static Tensor[] probeBatch() {
        Tensor x = Tensor.zeros(Precision.FLOAT64, 64, 16);
        Tensor y = Tensor.zeros(Precision.FLOAT64, 64, 10);
        int[] rows = new int[64];
        for (int i = 0; i < 64; i++) rows[i] = i;
        DATA.copyRows(rows, 0, 64, x, y);
        return new Tensor[] {x, y};
    }

    private static HealthReport train(Network net) {
        Trainer trainer = Trainer.builder().loss(Loss.SOFTMAX_CROSS_ENTROPY).optimizer(OptimizerConfig.adam())
                .learningRate(1e-3).batchSize(64).steps(300).seed(1).build();
        HealthProbe probe = GradientHealth.probe(net, 300, 50);
        TrainingResult result = trainer.fit(net, DATA, probe, () -> false);
        return probe.report(result);
    }

    @Test
    void reluHeDepth8RaisesNoFlagAtInitOrAfterTraining() {
        Tensor[] b = probeBatch();
        HealthReport init = GradientHealth.atInit(mlp(8, 64, Activation.relu(), Initializer.heNormal()),
                Loss.SOFTMAX_CROSS_ENTROPY, b[0], b[1]);
        System.out.printf("healthy relu8 at init: r_geo %.4f (mean-field %.4f), %.2f decades, flags %s, score %.3f%n",
                init.geometricMean(), init.predictedGeometricMean(), init.attenuationDecades(), init.flagSet(),
                init.score());
        System.out.print(init.toTable());
        assertTrue(init.healthy(), "flags at init: " + init.flags());
        assertTrue(init.score() > 0.7, "score at init " + init.score());
        assertTrue(init.verdict().getFirst().startsWith("healthy"), init.verdict().toString());

        HealthReport trained = train(mlp(8, 64, Activation.relu(), Initializer.heNormal()));
        HealthSnapshot last = trained.trace().last();
        System.out.printf("healthy relu8 after training: final loss %.4f, accuracy %.3f, last r_geo %.3f, %.2f decades, "
                        + "flags %s, score %.3f%n", trained.convergence().finalLoss(), trained.convergence().accuracy(),
                last.flow().geometricMean(), last.flow().attenuationDecades(), trained.flagSet(), trained.score());
        assertTrue(trained.healthy(), "flags after training: " + trained.flags());
        assertTrue(trained.score() > 0.7, "score after training " + trained.score());
        assertTrue(trained.convergence().finalLoss() < 0.1);
    }

    @Test
    void sigmoidDepth50Vanishes() {
        Tensor[] b = probeBatch();
        HealthReport init = GradientHealth.atInit(mlp(50, 32, Activation.sigmoid(), Initializer.xavierNormal()),
                Loss.SOFTMAX_CROSS_ENTROPY, b[0], b[1]);
        System.out.printf("sigmoid50 at init: r_geo %.4f (mean-field %.4f), %.2f decades, flags %s, score %.4f%n",
                init.geometricMean(), init.predictedGeometricMean(), init.attenuationDecades(), init.flagSet(),
                init.score());
        init.verdict().forEach(v -> System.out.println("  " + v));
        assertTrue(init.has(HealthFlag.VANISHING), "flags: " + init.flags());
        assertTrue(init.score() < 0.3, "score " + init.score());
        String vanishing = init.verdict().stream().filter(v -> v.startsWith("VANISHING")).findFirst().orElseThrow();
        assertTrue(vanishing.contains("sigmoid") && vanishing.contains("relu"), vanishing);

        HealthReport trained = train(mlp(50, 32, Activation.sigmoid(), Initializer.xavierNormal()));
        System.out.printf("sigmoid50 after training: final loss %.4f, flags %s, score %.4f%n",
                trained.convergence().finalLoss(), trained.flagSet(), trained.score());
        trained.verdict().forEach(v -> System.out.println("  " + v));
        for (HealthFlag f : List.of(HealthFlag.VANISHING, HealthFlag.EARLY_LAYERS_FROZEN, HealthFlag.STAGNATING)) {
            assertTrue(trained.has(f), f + " in " + trained.flags());
        }
        assertFalse(trained.has(HealthFlag.DIVERGED));
        assertTrue(trained.score() < 0.3, "score " + trained.score());
    }
}
