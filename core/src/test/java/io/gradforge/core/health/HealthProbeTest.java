package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training probe: cadence, W0, update ratios, observing without steering, cost between probed steps. */
class HealthProbeTest {

    private static final Dataset DATA = Datasets.twoSpirals(256, 0.05, 1);

    private static Network net(long seed) {
        return Network.builder(2, Precision.FLOAT64, seed)
                .dense(16, Activation.relu(), Initializer.heNormal())
                .dense(16, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
    }

    private static Trainer trainer(int steps) {
        return Trainer.builder().loss(Loss.BINARY_CROSS_ENTROPY).optimizer(OptimizerConfig.adam()).learningRate(1e-2)
                .batchSize(32).steps(steps).seed(7).build();
    }

    @Test
    void snapshotsAtZeroEveryKAndTheLastStep() {
        Network n = net(1);
        HealthProbe probe = GradientHealth.probe(n, 45, 10);
        TrainingResult result = trainer(45).fit(n, DATA, probe, () -> false);
        HealthReport r = probe.report(result);
        HealthTrace t = r.trace();
        assertArrayEquals(new long[] {0, 10, 20, 30, 40, 44}, t.steps());
        assertEquals(45, t.gradientNorms().length);
        HealthSnapshot first = t.first();
        for (LayerStats s : first.layers()) {
            assertEquals(0.0, s.relativeChangeSinceInit(), "W is W0 at step 0");
            assertTrue(s.updateRatio() > 0 && s.updateRatio() < 1, "update ratio " + s.updateRatio());
        }
        for (LayerStats s : t.last().layers()) {
            assertTrue(s.relativeChangeSinceInit() > 0, s.toString());
        }
        assertEquals(result.lossCurve()[44], t.last().loss());
        assertNotNull(r.convergence());
        assertNotNull(r.meanField());
        System.out.print(r.toTable());
    }

    @Test
    void updateRatioMatchesTheOptimizersStepOverTheWeightBeforeIt() {
        Network n = net(2);
        Tensor w0 = n.denseLayers().get(1).weight().copy();
        HealthProbe probe = GradientHealth.probe(n, 1, 1);
        trainer(1).fit(n, DATA, probe, () -> false);
        Tensor w1 = n.denseLayers().get(1).weight();
        double step = 0;
        for (int i = 0; i < w0.size(); i++) step += (w1.get(i) - w0.get(i)) * (w1.get(i) - w0.get(i));
        double expected = Math.sqrt(step / w0.squaredNorm());
        assertEquals(expected, probe.snapshots().getFirst().denseLayers().get(1).updateRatio(), 1e-12 * expected);
    }

    @Test
    void probingDoesNotChangeTraining() {
        Network a = net(3);
        Network b = net(3);
        TrainingResult plain = trainer(60).fit(a, DATA);
        TrainingResult probed = trainer(60).fit(b, DATA, GradientHealth.probe(b, 60, 7), () -> false);
        assertArrayEquals(plain.lossCurve(), probed.lossCurve());
        assertArrayEquals(a.denseLayers().get(0).weight().toDoubleArray(), b.denseLayers().get(0).weight().toDoubleArray());
    }

    @Test
    void unprobedStepsAllocateNothing() {
        Network n = net(4);
        HealthProbe probe = GradientHealth.probe(n, 1000, 1000);
        trainer(2).fit(n, DATA, probe, () -> false); // warm up (step 0 is probed)
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (long s = 1; s < 500; s++) {
            probe.afterBackward(s, n, 0.5, 1.0);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over 499 unprobed steps");
    }

    @Test
    void probeRejectsAnotherNetworkAndBadArguments() {
        Network n = net(5);
        HealthProbe probe = GradientHealth.probe(n, 10, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> probe.afterBackward(0, net(6), 1, 1));
        assertTrue(e.getMessage().contains("observes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientHealth.probe(n, 10, 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientHealth.probe(n, 0, 1));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalStateException.class, probe::trace);
        assertTrue(probe instanceof TrainingProbe);
    }

    @Test
    void atInitRestoresBatchNormRunningStatsAndPredictsThroughBatchNorm() {
        Network n = Network.builder(8, Precision.FLOAT64, 9)
                .dense(16, Activation.identity(), Initializer.heNormal(), null).batchNorm()
                .activation(Activation.relu())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
        BatchNorm bn = (BatchNorm) n.layers().get(1);
        double[] mean = bn.runningMean().toDoubleArray();
        double[] var = bn.runningVar().toDoubleArray();
        HealthReport r = GradientHealth.atInit(n, Loss.MSE, HealthFixtures.gaussian(32, 8, 1),
                HealthFixtures.gaussian(32, 1, 2));
        assertArrayEquals(mean, bn.runningMean().toDoubleArray());
        assertArrayEquals(var, bn.runningVar().toDoubleArray());
        assertTrue(r.meanField().available(), "batch norm and activation layers have a mean-field theory");
        assertEquals(1, r.meanField().prediction().chi().size());
        assertEquals(List.of("dense", "batch_norm", "activation", "dense"),
                r.meanField().trunk().stream().map(TrunkStage::kind).toList());
        assertEquals(3, r.initLayers().size(), "two dense layers and the activation layer");
        LayerStats act = r.initLayers().get(1);
        assertEquals(LayerStats.Kind.ACTIVATION, act.kind());
        assertTrue(act.canDie() && Double.isNaN(act.weightNorm()));
        assertEquals(2, r.init().flow().depth());
    }
}
