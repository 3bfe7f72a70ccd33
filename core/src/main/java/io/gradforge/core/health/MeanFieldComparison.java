package io.gradforge.core.health;

import io.gradforge.core.health.meanfield.MeanFieldLayer;
import io.gradforge.core.health.meanfield.MeanFieldPrediction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The mean-field prediction for the weights a network actually has, beside the measured gradient ratios.
 * Each dense layer is read as a {@link MeanFieldLayer}: its activation, {@code sigmaW2 = fanIn * mean(W^2)} and
 * {@code sigmaB2 = mean(b^2)} measured from the actual weights (the second moment about 0, which is what the
 * pre-activation variance depends on), and the input second moment measured from the probe batch.
 *
 * @param sigmaW2           per dense layer, forward order
 * @param sigmaB2           per dense layer (0 without a bias)
 * @param inputSecondMoment mean of x^2 over the probe batch
 * @param prediction        the prediction between the trunk's dense layers ({@link LayerStats#onTrunk()}), or null
 *                          when a layer has no theory (layer norm, concatenation, recurrent; see
 *                          {@code TrunkMeanField}) or the predicted variance overflows
 * @param predictedGeometricMean {@code prediction.geometricMeanChi()} (NaN without a prediction)
 * @param measuredGeometricMean  {@link GradientFlow#geometricMean()} of the same pass
 * @param trunk                  every top-level layer, measured and predicted (residual blocks as one)
 */
public record MeanFieldComparison(List<Double> sigmaW2, List<Double> sigmaB2, double inputSecondMoment,
                                  @Nullable MeanFieldPrediction prediction, double predictedGeometricMean,
                                  double measuredGeometricMean, List<TrunkStage> trunk) {

    public MeanFieldComparison {
        sigmaW2 = List.copyOf(sigmaW2);
        sigmaB2 = List.copyOf(sigmaB2);
        trunk = List.copyOf(trunk);
        if (sigmaW2.size() != sigmaB2.size()) {
            throw new IllegalArgumentException("need one sigmaB2 per sigmaW2 but had " + sigmaW2.size() + " and "
                    + sigmaB2.size() + ".");
        }
    }

    /** Whether mean-field theory applied to this network. */
    public boolean available() {
        return prediction != null;
    }

    /** The residual blocks on the trunk. */
    public List<TrunkStage> residualBlocks() {
        return trunk.stream().filter(TrunkStage::residual).toList();
    }

    /**
     * The geometric mean of the measured gradient ratios of the residual blocks from the {@code from}-th (0-based)
     * on: the trunk's per-block rate. NaN without such blocks or where a ratio was not measured.
     */
    public double blockGeometricMean(int from) {
        return geometricMean(residualBlocks(), from, false);
    }

    /** {@link #blockGeometricMean(int)} of mean-field theory's ratios. */
    public double predictedBlockGeometricMean(int from) {
        return geometricMean(residualBlocks(), from, true);
    }

    private static double geometricMean(List<TrunkStage> blocks, int from, boolean predicted) {
        if (from < 0 || from >= blocks.size()) return Double.NaN;
        double sum = 0.0;
        for (int i = from; i < blocks.size(); i++) {
            sum += Math.log(predicted ? blocks.get(i).predictedRatio() : blocks.get(i).ratio());
        }
        return Math.exp(sum / (blocks.size() - from));
    }
}
