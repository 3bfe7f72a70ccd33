package io.gradforge.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.optim.Schedule;
import io.gradforge.core.tensor.Precision;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

    private static Network mlp(int depth, int width, Activation act, Initializer init, long seed) {
        Network.Builder b = Network.builder(2, Precision.FLOAT64, seed);
        for (int i = 0; i < depth; i++) b.dense(width, act, init);
        b.dense(1, Activation.identity(), Initializer.xavierUniform());
        return b.build();
    }

    private static double[] weights(Network n) {
        return n.parameters().stream().map(Parameter::value)
                .flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "relu"})
    void fourLayerNetworkLearnsTwoSpirals(String activation) {
        Dataset spirals = Datasets.twoSpirals(400, 0.0, 7);
        Activation act = Activation.parse(activation).orElseThrow();
        Initializer init = activation.equals("relu") ? Initializer.heNormal() : Initializer.xavierNormal();
        Network net = mlp(4, 32, act, init, 1);
        Trainer trainer = Trainer.builder()
                .loss(Loss.BINARY_CROSS_ENTROPY)
                .optimizer(OptimizerConfig.adam())
                .learningRate(0.01)
                .schedule(Schedule.cosine(0.05))
                .batchSize(32)
                .steps(3000)
                .seed(3)
                .build();
        TrainingResult r = trainer.fit(net, spirals);
        assertEquals(TrainingStatus.COMPLETED, r.status(), r.reason());
        assertTrue(r.trainAccuracy() > 0.95, activation + " accuracy " + r.trainAccuracy());
        assertEquals(3000, r.lossCurve().length);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndDifferentSeedDoesNot() {
        Dataset data = Datasets.circles(256, 0.05, 0.5, 1);
        Trainer trainer = Trainer.builder().loss(Loss.BINARY_CROSS_ENTROPY).learningRate(0.01).batchSize(16).steps(100).build();
        Network a = mlp(3, 16, Activation.tanh(), Initializer.xavierNormal(), 11);
        Network b = mlp(3, 16, Activation.tanh(), Initializer.xavierNormal(), 11);
        trainer.fit(a, data);
        trainer.fit(b, data);
        assertArrayEquals(weights(a), weights(b));

        Network c = mlp(3, 16, Activation.tanh(), Initializer.xavierNormal(), 11);
        trainer.toBuilder().seed(12).build().fit(c, data);
        assertFalse(Arrays.equals(weights(a), weights(c)), "a different batch-order seed must change the weights");
        Network d = mlp(3, 16, Activation.tanh(), Initializer.xavierNormal(), 12);
        trainer.fit(d, data);
        assertFalse(Arrays.equals(weights(a), weights(d)), "a different init seed must change the weights");
    }

    @Test
    void explodingRunEndsAsDivergedWithItsStep() {
        Dataset data = Datasets.sine(128, 0.0, 1);
        Network net = Network.builder(1, Precision.FLOAT64, 5)
                .dense(64, Activation.relu(), Initializer.normal(3.0))
                .dense(64, Activation.relu(), Initializer.normal(3.0))
                .dense(1, Activation.identity(), Initializer.normal(3.0))
                .build();
        TrainingResult r = Trainer.builder().optimizer(OptimizerConfig.sgd()).learningRate(10).steps(500).build().fit(net, data);
        assertEquals(TrainingStatus.DIVERGED, r.status());
        assertTrue(r.divergedAtStep() >= 0 && r.divergedAtStep() < 500);
        assertEquals(r.divergedAtStep() + 1, r.steps());
        assertTrue(r.reason().contains("step " + r.divergedAtStep()), r.reason());
    }

    @Test
    void clippingRescuesTheSameRun() {
        Dataset data = Datasets.sine(128, 0.0, 1);
        Network net = Network.builder(1, Precision.FLOAT64, 5)
                .dense(64, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
        TrainingResult r = Trainer.builder().optimizer(OptimizerConfig.sgd()).learningRate(0.5).steps(300)
                .clipping(Clipping.byGlobalNorm(1.0)).build().fit(net, data);
        assertEquals(TrainingStatus.COMPLETED, r.status(), r.reason());
    }

    @Test
    void stopsAtTargetLossAndRecordsTheStep() {
        Dataset data = Datasets.sine(256, 0.0, 2);
        Network net = Network.builder(1, Precision.FLOAT64, 2)
                .dense(32, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
        TrainingResult r = Trainer.builder().learningRate(0.02).batchSize(32).steps(5000).targetLoss(0.01)
                .validationSplit(0.25).build().fit(net, data);
        assertEquals(TrainingStatus.TARGET_REACHED, r.status(), r.reason());
        assertEquals(r.steps(), r.stepsToTarget());
        assertTrue(r.steps() < 5000);
        assertTrue(Double.isFinite(r.finalValidationLoss()));
        assertTrue(Double.isNaN(r.trainAccuracy()), "regression has no accuracy");
    }

    @Test
    void cancellationKeepsWhatWasComputed() {
        Dataset data = Datasets.sine(64, 0.0, 2);
        Network net = mlp(2, 8, Activation.tanh(), Initializer.xavierNormal(), 1);
        Network one = Network.builder(1, Precision.FLOAT64, 1).dense(8, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal()).build();
        int[] calls = {0};
        TrainingResult r = Trainer.builder().steps(100).build().fit(one, data, TrainingProbe.NONE, () -> ++calls[0] > 10);
        assertEquals(TrainingStatus.CANCELLED, r.status());
        assertEquals(10, r.steps());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().build().fit(net, data),
                "2 inputs vs 1 feature must be refused");
    }

    @Test
    void badArgumentsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().learningRate(-0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().batchSize(0));
        assertTrue(e.getMessage().contains("but was 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().validationSplit(0.95));
        assertTrue(e.getMessage().contains("0.95"), e.getMessage());
    }
}
