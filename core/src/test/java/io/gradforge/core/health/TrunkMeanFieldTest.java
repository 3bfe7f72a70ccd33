package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.health.meanfield.MeanField;
import io.gradforge.core.health.meanfield.MeanFieldLayer;
import io.gradforge.core.health.meanfield.MeanFieldPrediction;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.BranchScale;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mean-field theory beyond plain chains against the engine's own forward and backward pass at init: residual relu
 * blocks (the trunk's variance recursion {@code q_{l+1} = q_l + s^2 branch}: with He weights and an identity skip
 * the squared gradient grows {@code 1 + 2 s^2} per block, the "3.21 per layer" at s = 1) and batch norm
 * before relu (Yang et al. 2019: {@code pi / (pi - 1)} per layer for a large batch). The measured rates are
 * geometric means over the trunk; the slow tests are the acceptance size (width 256, batch 256, depth 30),
 * the fast ones smaller, with a tolerance for their larger finite-width noise.
 */
class TrunkMeanFieldTest {

    /**
     * Random targets 1000 times larger than the network's outputs on x: the MSE gradient is then nearly independent
     * of the forward pass, as mean-field theory assumes (see DeltaRatioTest). Scaling by the outputs matters here:
     * at s = 1 the outputs of 30 blocks are of order 1e7.
     */
    private static Tensor targets(Network net, Tensor x, long seed) {
        Tensor out = net.forward(x, true);
        double scale = 1e3 * Math.sqrt(out.squaredNorm() / out.size());
        Tensor y = HealthFixtures.gaussian(out.rows(), out.cols(), seed);
        for (int i = 0; i < y.size(); i++) y.set(i, scale * y.get(i));
        return y;
    }

    private static HealthReport atInit(Network net, int rows, long seed) {
        Tensor x = HealthFixtures.gaussian(rows, net.inputSize(), seed);
        return GradientHealth.atInit(net, Loss.MSE, x, targets(net, x, seed + 1));
    }

    /** Blocks x + s * W2 relu(W1 x), He weights, identity skip, then a linear head of 10. */
    static Network residualRelu(int width, int blocks, double scale, long seed) {
        Network.Builder b = Network.builder(width, Precision.FLOAT64, seed);
        for (int l = 0; l < blocks; l++) {
            List<Layer> branch = List.of(
                    Dense.of(width, width, Activation.relu(), Initializer.heNormal(), Precision.FLOAT64, b.rng()),
                    Dense.of(width, width, Activation.identity(), Initializer.heNormal(), Precision.FLOAT64, b.rng()));
            b.add(Residual.of(branch, null, BranchScale.fixed(scale)));
        }
        b.dense(10, Activation.identity(), Initializer.xavierNormal());
        return b.build();
    }

    /** Blocks dense (He, no bias) -> batch norm -> relu, then a linear head of 10. */
    static Network batchNormRelu(int width, int blocks, long seed) {
        Network.Builder b = Network.builder(width, Precision.FLOAT64, seed);
        for (int l = 0; l < blocks; l++) {
            b.dense(width, Activation.identity(), Initializer.heNormal(), null).batchNorm()
                    .activation(Activation.relu());
        }
        b.dense(10, Activation.identity(), Initializer.xavierNormal());
        return b.build();
    }

    private static void residualMatches(int width, int blocks, double scale, double tolerance, long seed) {
        HealthReport r = atInit(residualRelu(width, blocks, scale, seed), width, seed + 100);
        MeanFieldComparison mf = r.meanField();
        assertNotNull(mf);
        assertEquals(blocks, mf.residualBlocks().size());
        double measured = mf.blockGeometricMean(0);
        double predicted = mf.predictedBlockGeometricMean(0);
        System.out.printf("residual relu width %d depth %d s %.2f: per block measured %.4f, mean-field %.4f (%+.2f%%),"
                + " 1 + 2 s^2 = %.4f%n", width, blocks, scale, measured, predicted, 100 * (measured / predicted - 1),
                1 + 2 * scale * scale);
        assertTrue(Double.isFinite(predicted));
        assertEquals(1 + 2 * scale * scale, predicted, 0.02 * predicted, "He weights as drawn");
        assertEquals(predicted, measured, tolerance * predicted);
        // the trunk's variance recursion: E[x^2] after the last block, a product of per-block random factors at
        // finite width, within a factor 2 of the prediction (which grows 3^depth at s = 1)
        TrunkStage last = mf.residualBlocks().getLast();
        double decades = Math.log10(last.secondMoment() / last.predictedSecondMoment());
        assertTrue(Math.abs(decades) < Math.log10(2),
                "E[x^2] measured " + last.secondMoment() + " predicted " + last.predictedSecondMoment());
        assertEquals(1, r.init().flow().depth(), "the head is the only dense layer on the trunk");
    }

    private static void batchNormMatches(int width, int blocks, double tolerance, long seed) {
        HealthReport r = atInit(batchNormRelu(width, blocks, seed), width, seed + 100);
        MeanFieldPrediction p = r.meanField().prediction();
        assertNotNull(p, "batch norm before relu has a prediction");
        GradientFlow f = r.init().flow();
        // block to block: ratios 1 .. blocks-2 (ratio 0 includes the input, the last one the head)
        double measured = f.geometricMean(1);
        double predicted = p.geometricMeanChi(1);
        double blockMeasured = geometricMean(f.ratios().subList(1, blocks - 1));
        double blockPredicted = geometricMean(p.chi().subList(1, blocks - 1));
        System.out.printf("batch norm + relu width %d depth %d batch %d: per layer measured %.4f, mean-field %.4f "
                        + "(%+.2f%%); block to block %.4f vs %.4f (%+.2f%%), pi/(pi-1) = %.4f%n", width, blocks, width,
                measured, predicted, 100 * (measured / predicted - 1), blockMeasured, blockPredicted,
                100 * (blockMeasured / blockPredicted - 1), Math.PI / (Math.PI - 1));
        assertEquals(predicted, measured, tolerance * predicted);
        assertEquals(blockPredicted, blockMeasured, tolerance * blockPredicted);
        // Yang et al.: pi/(pi-1) for a large batch, less 1/B here
        assertEquals(Math.PI / (Math.PI - 1) * (1 - 1.0 / width), blockPredicted, 0.02);
    }

    private static double geometricMean(List<Double> values) {
        double s = 0;
        for (double v : values) s += Math.log(v);
        return Math.exp(s / values.size());
    }

    @Test
    void residualReluTrunkRateMatchesMeanFieldSmall() {
        residualMatches(96, 10, 1.0, 0.06, 21);
        residualMatches(96, 10, 0.5, 0.06, 22);
    }

    @Test
    void batchNormBeforeReluMatchesMeanFieldSmall() {
        batchNormMatches(96, 12, 0.06, 23);
    }

    @Test
    @Tag("slow")
    void residualReluTrunkRateWithin3PercentAtWidth256Depth30() {
        residualMatches(256, 30, 1.0, 0.03, 11);
        residualMatches(256, 30, 0.5, 0.03, 12);
    }

    @Test
    @Tag("slow")
    void batchNormBeforeReluWithin3PercentAtWidth256Depth30() {
        batchNormMatches(256, 30, 0.03, 13);
    }

    @Test
    void plainChainPredictionIsTheChainTheoryBitForBit() {
        Network.Builder b = Network.builder(12, Precision.FLOAT64, 5);
        for (int l = 0; l < 6; l++) b.dense(20, Activation.tanh(), Initializer.xavierNormal(), Initializer.normal(0.1));
        b.dense(3, Activation.identity(), Initializer.xavierNormal());
        Network net = b.build();
        Tensor x = HealthFixtures.gaussian(16, 12, 6);
        HealthReport r = GradientHealth.atInit(net, Loss.MSE, x, HealthFixtures.gaussian(16, 3, 7));
        List<MeanFieldLayer> layers = new ArrayList<>();
        for (Dense d : net.denseLayers()) {
            layers.add(MeanFieldLayer.of(GradientHealth.pointwise(d.activation()), TrunkMeanField.sigmaW2(d),
                    TrunkMeanField.sigmaB2(d)));
        }
        MeanFieldPrediction chain = MeanField.predict(layers, x.squaredNorm() / x.size());
        assertEquals(chain, r.meanField().prediction());
        assertEquals(7, r.meanField().trunk().size());
        assertTrue(r.meanField().residualBlocks().isEmpty());
        assertTrue(Double.isNaN(r.meanField().blockGeometricMean(0)));
    }

    @Test
    void aSeparateActivationLayerPredictsAsTheDenseLayerItFollows() {
        Network fused = Network.builder(16, Precision.FLOAT64, 8)
                .dense(32, Activation.tanh(), Initializer.xavierNormal(), null)
                .dense(32, Activation.tanh(), Initializer.xavierNormal(), null)
                .dense(4, Activation.identity(), Initializer.xavierNormal(), null).build();
        Network split = Network.builder(16, Precision.FLOAT64, 8)
                .dense(32, Activation.identity(), Initializer.xavierNormal(), null).activation(Activation.tanh())
                .dense(32, Activation.identity(), Initializer.xavierNormal(), null).activation(Activation.tanh())
                .dense(4, Activation.identity(), Initializer.xavierNormal(), null).build();
        Tensor x = HealthFixtures.gaussian(32, 16, 9);
        Tensor y = HealthFixtures.gaussian(32, 4, 10);
        MeanFieldPrediction a = GradientHealth.atInit(fused, Loss.MSE, x, y).meanField().prediction();
        MeanFieldPrediction b = GradientHealth.atInit(split, Loss.MSE, x, y).meanField().prediction();
        assertNotNull(b);
        for (int i = 0; i < a.q().size(); i++) assertEquals(a.q().get(i), b.q().get(i), 1e-14 * a.q().get(i));
        for (int i = 0; i < a.chi().size(); i++) assertEquals(a.chi().get(i), b.chi().get(i), 1e-14 * a.chi().get(i));
    }

    @Test
    void layerNormHasNoTheoryHereAndSaysSoWithNaN() {
        Network net = Network.builder(8, Precision.FLOAT64, 3)
                .dense(16, Activation.relu(), Initializer.heNormal()).layerNorm()
                .dense(2, Activation.identity(), Initializer.xavierNormal()).build();
        HealthReport r = GradientHealth.atInit(net, Loss.MSE, HealthFixtures.gaussian(8, 8, 1),
                HealthFixtures.gaussian(8, 2, 2));
        assertNull(r.meanField().prediction());
        assertEquals(3, r.meanField().trunk().size());
        for (TrunkStage s : r.meanField().trunk()) {
            assertTrue(Double.isNaN(s.predictedRatio()) && Double.isFinite(s.ratio()), s.toString());
        }
        assertEquals("layer_norm", r.meanField().trunk().get(1).kind());
    }
}
