package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Batch norm before relu explodes gradients at init (Yang et al. 2019, "A mean field theory of batch
 * normalization"): the squared gradient norm grows by {@code pi / (pi - 1) = 1.467} per block going back.
 * 30 blocks dense(128, linear, no bias) -> BatchNorm -> relu, then a linear output, batch 64 of standard
 * Gaussian inputs, MSE against large random targets (see {@link DeltaRatioTest} for why large). The dense
 * deltas are the gradients at the BN inputs. Geometric mean over blocks 5..29, two seeds.
 */
class BatchNormGradientTest {

    private static final double YANG = Math.PI / (Math.PI - 1);

    @Test
    void gradientGrowsByPiOverPiMinusOnePerBlockAndIsFlagged() {
        double logSum = 0;
        int seeds = 2;
        for (int seed = 1; seed <= seeds; seed++) {
            Network.Builder b = Network.builder(128, Precision.FLOAT64, seed);
            for (int l = 0; l < 30; l++) {
                b.dense(128, Activation.identity(), Initializer.heNormal(), null).batchNorm()
                        .activation(Activation.relu());
            }
            b.dense(10, Activation.identity(), Initializer.xavierNormal());
            Network net = b.build();
            Tensor x = HealthFixtures.gaussian(64, 128, 10L + seed);
            Tensor y = HealthFixtures.gaussian(64, 10, 20L + seed);
            for (int i = 0; i < y.size(); i++) y.set(i, 1e3 * y.get(i));
            HealthReport r = GradientHealth.atInit(net, Loss.MSE, x, y);
            GradientFlow f = r.init().flow();
            double perBlock = f.geometricMean(4);
            // only 4..28 are block-to-block: ratio 29 is the last block against the output layer
            double blocks = geometricMean(f, 4, 29);
            System.out.printf("batchnorm+relu seed %d: r_geo(blocks 5..29) %.4f (pi/(pi-1) = %.4f, %+.1f%%), "
                            + "r_geo(all) %.4f, %.2f decades, flags %s, score %.3f%n", seed, blocks, YANG,
                    100 * (blocks / YANG - 1), f.geometricMean(), f.attenuationDecades(), r.flagSet(), r.score());
            assertTrue(r.has(HealthFlag.EXPLODING), "flags: " + r.flags());
            assertTrue(perBlock > 1.25, "r from layer 5 " + perBlock);
            logSum += Math.log(blocks);
        }
        double measured = Math.exp(logSum / seeds);
        System.out.printf("batchnorm+relu mean over seeds: %.4f vs %.4f (%+.1f%%)%n", measured, YANG,
                100 * (measured / YANG - 1));
        assertEquals(YANG, measured, 0.10 * YANG);
    }

    private static double geometricMean(GradientFlow f, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += Math.log(f.ratios().get(i));
        return Math.exp(s / (to - from));
    }
}
