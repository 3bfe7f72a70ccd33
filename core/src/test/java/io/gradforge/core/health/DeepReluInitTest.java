package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 30-layer relu network (29 hidden layers of width 32, linear output) on 10 Gaussian blobs in 16 dimensions
 * (1000 points, spread 0.3), softmax cross-entropy, plain SGD with learning rate 0.01, batch 64, 300 steps.
 *
 * <p>Xavier init gives relu {@code sigmaW2 = 1}, so the squared delta halves per layer (chi_1 = 1/2): measured
 * r = 0.47 and 4.75 decades between the first and last layer; the first layers get no gradient and the loss
 * stays at chance, ln 10 = 2.3026. He init ({@code sigmaW2 = 2}) is critical: r = 0.93, 0.47 decades (the
 * finite-width drift of a narrow deep net), and the loss falls to about 1.25 in the same budget.
 *
 * <p>Why SGD: Adam rescales every parameter's step by its own gradient scale, which undoes most of the
 * vanishing. With Adam (lr 1e-3) the same Xavier network reaches a loss of about 0.27 (see the slow test),
 * so the test of "vanishing gradients stall training" is made with the optimizer whose steps are proportional
 * to the gradient.
 */
class DeepReluInitTest {

    private static final double LN10 = Math.log(10);

    private static Network net(Initializer init) {
        Network.Builder b = Network.builder(16, Precision.FLOAT64, 3);
        for (int l = 0; l < 29; l++) b.dense(32, Activation.relu(), init);
        b.dense(10, Activation.identity(), init);
        return b.build();
    }

    private static HealthReport train(Initializer init, OptimizerConfig optimizer, double lr) {
        Dataset data = Datasets.blobs(1000, 10, 16, 0.3, 5);
        Network net = net(init);
        Trainer trainer = Trainer.builder().loss(Loss.SOFTMAX_CROSS_ENTROPY).optimizer(optimizer).learningRate(lr)
                .batchSize(64).steps(300).seed(1).build();
        HealthProbe probe = GradientHealth.probe(net, 300, 50);
        TrainingResult result = trainer.fit(net, data, probe, () -> false);
        HealthReport report = probe.report(result);
        System.out.printf("relu30 %s %s lr=%g: init r_geo %.4f, mean-field %.4f, %.2f decades; final loss %.4f, "
                        + "accuracy %.3f; flags %s; score %.3f%n", init.yamlName(), optimizer.kind(), lr,
                report.geometricMean(), report.predictedGeometricMean(), report.attenuationDecades(),
                result.finalTrainLoss(), result.trainAccuracy(), report.flagSet(), report.score());
        return report;
    }

    @Test
    void xavierVanishesAndStaysAtChance() {
        HealthReport r = train(Initializer.xavierNormal(), OptimizerConfig.sgd(), 0.01);
        r.verdict().forEach(v -> System.out.println("  " + v));
        assertTrue(r.has(HealthFlag.VANISHING), "flags: " + r.flags());
        assertTrue(r.attenuationDecades() > 3, "attenuation " + r.attenuationDecades());
        assertEquals(LN10, r.convergence().finalLoss(), 0.05, "the loss stays at chance");
        assertTrue(r.has(HealthFlag.STAGNATING), "flags: " + r.flags());
        assertTrue(r.score() < 0.3, "score " + r.score());
    }

    @Test
    void heDoesNotVanishAndLearns() {
        HealthReport r = train(Initializer.heNormal(), OptimizerConfig.sgd(), 0.01);
        assertFalse(r.has(HealthFlag.VANISHING), "flags: " + r.flags());
        assertFalse(r.has(HealthFlag.STAGNATING), "flags: " + r.flags());
        assertTrue(Math.abs(r.attenuationDecades()) < 1, "attenuation " + r.attenuationDecades());
        assertTrue(r.convergence().finalLoss() < 0.7 * LN10, "final loss " + r.convergence().finalLoss());
    }

    @Test
    @Tag("slow")
    void adamLargelyUndoesTheVanishing() {
        HealthReport r = train(Initializer.xavierNormal(), OptimizerConfig.adam(), 1e-3);
        assertTrue(r.has(HealthFlag.VANISHING), "the gradients still vanish at init: " + r.flags());
        assertTrue(r.convergence().finalLoss() < 0.5 * LN10, "final loss " + r.convergence().finalLoss());
    }
}
