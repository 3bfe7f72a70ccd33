package io.gradforge.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PretrainingTest {

    private static Network sigmoidStack(int depth, long seed) {
        Network.Builder b = Network.builder(2, Precision.FLOAT64, seed);
        for (int i = 0; i < depth; i++) b.dense(8, Activation.sigmoid(), Initializer.xavierNormal());
        b.dense(1, Activation.identity(), Initializer.xavierUniform());
        return b.build();
    }

    private static Trainer trainer(long steps, Pretraining pretraining) {
        return Trainer.builder().loss(Loss.BINARY_CROSS_ENTROPY).optimizer(OptimizerConfig.adam()).learningRate(0.01)
                .batchSize(16).steps(steps).seed(3).pretraining(pretraining).build();
    }

    private static Pretraining denoising(long perLayer, boolean tied) {
        return new Pretraining(Pretraining.Method.DENOISING, perLayer, 0.25, tied, OptimizerConfig.adam(), 0.01);
    }

    private static double[] weights(Network n) {
        return n.parameters().stream().map(Parameter::value)
                .flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray();
    }

    @Test
    void pretrainingStepsCountInTheBudget() {
        Dataset data = Datasets.twoSpirals(128, 0.05, 1);
        Network net = sigmoidStack(3, 1);
        Trainer t = trainer(200, denoising(40, true));
        assertEquals(120, t.pretrainingSteps(net));
        assertEquals(80, t.fineTuningSteps(net, data.size()));
        TrainingResult r = t.fit(net, data);
        assertEquals(TrainingStatus.COMPLETED, r.status(), r.reason());
        assertNotNull(r.pretraining());
        assertEquals(120, r.pretraining().steps());
        assertEquals(80, r.steps());
        assertEquals(200, r.totalSteps());
        assertEquals(3, r.pretraining().layers());
        assertEquals(3, r.pretraining().finalLosses().length);
    }

    @Test
    void eachLayerLearnsToReconstructItsInput() {
        Dataset data = Datasets.twoSpirals(256, 0.05, 1);
        for (boolean tied : new boolean[] {true, false}) {
            Network net = sigmoidStack(3, 2);
            PretrainingResult p = trainer(1300, new Pretraining(Pretraining.Method.AUTOENCODER, 400, 0, tied,
                    OptimizerConfig.adam(), 0.01)).fit(net, data).pretraining();
            double[] curve = p.lossCurve();
            for (int k = 0; k < 3; k++) {
                double first = curve[k * 400];
                double last = p.finalLosses()[k];
                assertTrue(last < 0.5 * first, "tied " + tied + " layer " + k + ": " + first + " -> " + last);
            }
        }
    }

    @Test
    void sameSeedSameWeightsAndFineTuningSeesTheSameBatches() {
        Dataset data = Datasets.twoSpirals(128, 0.05, 1);
        Network a = sigmoidStack(2, 4), b = sigmoidStack(2, 4);
        TrainingResult ra = trainer(100, denoising(20, false)).fit(a, data);
        TrainingResult rb = trainer(100, denoising(20, false)).fit(b, data);
        assertEquals(ra, rb);
        assertArrayEquals(weights(a), weights(b));
        // The pretraining generator is its own: a plain run's first supervised batch is the fine-tuning's first.
        List<Double> plainFirst = new ArrayList<>(), pretrainedFirst = new ArrayList<>();
        Network c = sigmoidStack(2, 4), d = sigmoidStack(2, 4);
        trainer(100, null).fit(c, data, firstBatchLoss(plainFirst, c), () -> false);
        Network fresh = sigmoidStack(2, 4);
        trainer(100, denoising(20, false)).fit(d, data, new TrainingProbe() {
            @Override
            public void afterPretraining(Network network, PretrainingResult result) {
                // copy the untouched initial weights in: the first fine-tuning loss must equal the plain run's
                for (int i = 0; i < network.parameters().size(); i++) {
                    network.parameters().get(i).value().copyFrom(fresh.parameters().get(i).value());
                }
            }
        }, () -> false);
        Network e = sigmoidStack(2, 4);
        trainer(100, null).fit(e, data, firstBatchLoss(pretrainedFirst, e), () -> false);
        assertEquals(plainFirst, pretrainedFirst);
    }

    private static TrainingProbe firstBatchLoss(List<Double> out, Network n) {
        return new TrainingProbe() {
            @Override
            public void afterBackward(long step, Network network, double loss, double gradientNorm) {
                if (step == 0) out.add(loss);
            }
        };
    }

    @Test
    void probesSeePretrainingStepsThenSupervisedStepsFromZero() {
        Dataset data = Datasets.twoSpirals(64, 0.05, 1);
        AtomicLong pretrainingSteps = new AtomicLong(), supervised = new AtomicLong(), after = new AtomicLong(-1);
        List<Integer> layers = new ArrayList<>();
        trainer(50, denoising(10, true)).fit(sigmoidStack(2, 1), data, new TrainingProbe() {
            @Override
            public void afterPretrainingStep(long step, int layer, int count, double loss) {
                assertEquals(pretrainingSteps.getAndIncrement(), step);
                if (layers.isEmpty() || layers.getLast() != layer) layers.add(layer);
                assertEquals(2, count);
            }

            @Override
            public void afterPretraining(Network network, PretrainingResult result) {
                after.set(supervised.get());
            }

            @Override
            public void afterUpdate(long step, Network network, io.gradforge.core.optim.Optimizer o, double lr) {
                assertEquals(supervised.getAndIncrement(), step);
            }
        }, () -> false);
        assertEquals(20, pretrainingSteps.get());
        assertEquals(List.of(0, 1), layers);
        assertEquals(0, after.get());
        assertEquals(30, supervised.get());
    }

    @Test
    void aBudgetPretrainingWouldUseUpIsRefused() {
        Dataset data = Datasets.twoSpirals(64, 0.05, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> trainer(60, denoising(20, true)).fit(sigmoidStack(3, 1), data));
        assertEquals("pretraining takes 60 steps of the budget of 60, which leaves no step to fine-tune; lower"
                + " steps_per_layer or raise the budget.", e.getMessage());
    }

    @Test
    void aHiddenLayerThatIsNotDenseIsRefused() {
        Network.Builder b = Network.builder(2, Precision.FLOAT64, 1);
        b.dense(8, Activation.tanh(), Initializer.xavierNormal()).layerNorm().dense(1, Activation.identity(),
                Initializer.xavierNormal());
        var e = assertThrows(IllegalArgumentException.class,
                () -> trainer(100, denoising(10, true)).pretrainingSteps(b.build()));
        assertTrue(e.getMessage().contains("layer 1 (LayerNorm"), e.getMessage());
    }

    @Test
    void cancellingDuringPretrainingStopsWithNoSupervisedStep() {
        Dataset data = Datasets.twoSpirals(64, 0.05, 1);
        AtomicLong calls = new AtomicLong();
        TrainingResult r = trainer(100, denoising(20, true)).fit(sigmoidStack(2, 1), data, TrainingProbe.NONE,
                () -> calls.incrementAndGet() > 25);
        assertEquals(TrainingStatus.CANCELLED, r.status());
        assertEquals(0, r.steps());
        assertEquals(25, r.pretraining().steps());
        assertEquals(2, r.pretraining().layers());
    }

    @Test
    void withoutPretrainingNothingChanges() {
        Dataset data = Datasets.twoSpirals(64, 0.05, 1);
        TrainingResult r = trainer(30, null).fit(sigmoidStack(2, 1), data);
        assertNull(r.pretraining());
        assertEquals(30, r.totalSteps());
    }

    @Test
    void maskingNoiseZeroesTheRequestedFraction() {
        RandomGenerator rng = Network.random(9);
        Tensor clean = Tensor.zeros(Precision.FLOAT64, 200, 100);
        clean.fill(1);
        Tensor out = Tensor.zeros(Precision.FLOAT64, 200, 100);
        Pretrainer.mask(clean, out, 0.3, rng);
        double zeros = Arrays.stream(out.toDoubleArray()).filter(v -> v == 0).count() / 20_000.0;
        // binomial(20000, 0.3): standard deviation 0.0032; 5 sigma
        assertEquals(0.3, zeros, 0.016);
        assertTrue(Arrays.stream(out.toDoubleArray()).allMatch(v -> v == 0 || v == 1));
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        assertThrows(IllegalArgumentException.class, () -> denoising(0, true));
        var e = assertThrows(IllegalArgumentException.class, () -> new Pretraining(Pretraining.Method.DENOISING, 5, 0,
                true, OptimizerConfig.adam(), 0.01));
        assertEquals("denoising noise must be in (0, 0.95] but was 0.0.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Pretraining(Pretraining.Method.AUTOENCODER, 5, 0.2,
                true, OptimizerConfig.adam(), 0.01));
        assertTrue(e.getMessage().contains("0.2"));
    }
}
