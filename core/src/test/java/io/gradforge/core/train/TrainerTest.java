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
    void aFiniteLossThatEndsFarAboveItsStartIsADivergence() {
        // learning rate 100: the loss stays finite but climbs from about 0.69 (binary cross-entropy) far above it
        Dataset data = Datasets.twoSpirals(256, 0.05, 3);
        TrainingResult r = sgdOnSpirals(100, data);
        assertEquals(TrainingStatus.DIVERGED, r.status(), r.reason());
        assertTrue(Arrays.stream(r.lossCurve()).allMatch(Double::isFinite), "every loss finite");
        assertEquals(300, r.steps());
        assertTrue(r.reason().startsWith("the loss rose from "), r.reason());
        double bound = Trainer.DIVERGENCE_FACTOR * Math.max(r.lossCurve()[0], Loss.BINARY_CROSS_ENTROPY.baseline(data));
        assertTrue(r.lossCurve()[(int) r.divergedAtStep()] > bound, "first step above the bound");
        assertTrue(Arrays.stream(r.lossCurve(), 0, (int) r.divergedAtStep()).allMatch(v -> v <= bound));
        assertTrue(Double.isNaN(r.finalTrainLoss()));
        // the same network at a sane rate is not
        assertEquals(TrainingStatus.COMPLETED, sgdOnSpirals(0.1, data).status());
    }

    /** Two tanh layers of 32 trained by SGD at {@code learningRate} for 300 steps of 32 rows. */
    private static TrainingResult sgdOnSpirals(double learningRate, Dataset data) {
        Network net = Network.builder(2, Precision.FLOAT64, 7)
                .dense(32, Activation.tanh(), Initializer.xavierNormal())
                .dense(32, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
        return Trainer.builder().loss(Loss.BINARY_CROSS_ENTROPY).optimizer(OptimizerConfig.sgd())
                .learningRate(learningRate).batchSize(32).steps(300).build().fit(net, data);
    }

    @Test
    void theFiniteDivergenceRule() {
        double[] rising = new double[100];
        for (int i = 0; i < 100; i++) rising[i] = i < 50 ? 0.7 : 3.0;
        // start 0.7 (first step), end 3.0 (last 10), bound 2 * max(0.7, 0.69) = 1.4, first above at step 50
        assertEquals(50, Trainer.finiteDivergence(rising, 0.69));
        assertEquals("the loss rose from 0.7000 at the first step to 3.000 (mean of the last 10 steps), above 2x the"
                + " larger of its start and the constant predictor's loss 0.6900 from step 50",
                Trainer.divergenceReason(rising, 0.69, 50));
        // above the constant predictor's loss but not twice it: a poor run, not a divergence
        double[] poor = rising.clone();
        Arrays.fill(poor, 50, 100, 1.3);
        assertEquals(-1, Trainer.finiteDivergence(poor, 0.69));
        // a run that starts high (a bad init) and falls, though it stays above the constant predictor's loss
        double[] falling = new double[100];
        for (int i = 0; i < 100; i++) falling[i] = 5.0 - 4.0 * i / 99;
        assertEquals(-1, Trainer.finiteDivergence(falling, 0.69));
        // the constant predictor counts: a loss that starts far below it may end near it without diverging
        double[] nearBaseline = rising.clone();
        Arrays.fill(nearBaseline, 0, 50, 0.1);
        Arrays.fill(nearBaseline, 50, 100, 1.0);
        assertEquals(-1, Trainer.finiteDivergence(nearBaseline, 0.69));
        assertEquals(50, Trainer.finiteDivergence(nearBaseline, Double.NaN), "without a baseline, the start alone");
        // one spike is not the end of a run; a run under 10 steps is never judged
        double[] spike = new double[100];
        Arrays.fill(spike, 0.5);
        spike[60] = 100;
        assertEquals(-1, Trainer.finiteDivergence(spike, 0.69));
        assertEquals(-1, Trainer.finiteDivergence(new double[] {0.7, 0.7, 0.7, 0.7, 0.7, 50, 50, 50, 50}, 0.69));
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
