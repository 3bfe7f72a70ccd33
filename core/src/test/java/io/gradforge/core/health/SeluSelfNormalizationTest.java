package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SELU with lecun_normal keeps every layer's activations at mean 0 and variance 1 (Klambauer et al. 2017):
 * width 512, depth 32, bias-free, standard Gaussian inputs. The acceptance batch is 1024 (slow here: one
 * forward pass is 17 GFLOP, about 7 s on the shared cores), so it is tagged slow; the fast test runs the same
 * network on a batch of 256 with the same bounds (the per-layer deviations come from the finite width, not the
 * batch: both batches measured |mean| &lt;= 0.007 and variance in [0.96, 1.02]).
 */
class SeluSelfNormalizationTest {

    private static List<LayerStats> run(int batch) {
        Network.Builder b = Network.builder(512, Precision.FLOAT64, 3);
        for (int l = 0; l < 32; l++) b.dense(512, Activation.selu(), Initializer.lecunNormal(), null);
        Network net = b.build();
        Tensor x = HealthFixtures.gaussian(batch, 512, 4);
        return GradientHealth.forwardStats(net, x);
    }

    private static void check(int batch) {
        List<LayerStats> stats = run(batch);
        assertEquals(32, stats.size());
        double worstMean = 0;
        double minVar = Double.MAX_VALUE;
        double maxVar = 0;
        for (LayerStats s : stats) {
            double var = s.activationStd() * s.activationStd();
            worstMean = Math.max(worstMean, Math.abs(s.activationMean()));
            minVar = Math.min(minVar, var);
            maxVar = Math.max(maxVar, var);
            assertTrue(Double.isNaN(s.deltaNorm()), "forward-only stats carry no gradients");
        }
        System.out.printf("selu batch %d: max |mean| %.4f, variance in [%.4f, %.4f] over 32 layers%n", batch,
                worstMean, minVar, maxVar);
        for (LayerStats s : stats) {
            double var = s.activationStd() * s.activationStd();
            assertEquals(0.0, s.activationMean(), 0.02, "mean of layer " + s.name());
            assertTrue(var >= 0.95 && var <= 1.05, "variance of layer " + s.name() + " was " + var);
        }
    }

    @Test
    void activationsStayNormalizedAtBatch256() {
        check(256);
    }

    @Test
    @Tag("slow")
    void activationsStayNormalizedAtBatch1024() {
        check(1024);
    }
}
