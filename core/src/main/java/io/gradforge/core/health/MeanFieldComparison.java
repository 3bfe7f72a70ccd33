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
 * @param prediction        the prediction, or null when the network is not a plain chain of dense layers
 *                          (normalization, residual or concatenation blocks) or the predicted variance overflows
 * @param predictedGeometricMean {@code prediction.geometricMeanChi()} (NaN without a prediction)
 * @param measuredGeometricMean  {@link GradientFlow#geometricMean()} of the same pass
 */
public record MeanFieldComparison(List<Double> sigmaW2, List<Double> sigmaB2, double inputSecondMoment,
                                  @Nullable MeanFieldPrediction prediction, double predictedGeometricMean,
                                  double measuredGeometricMean) {

    public MeanFieldComparison {
        sigmaW2 = List.copyOf(sigmaW2);
        sigmaB2 = List.copyOf(sigmaB2);
        if (sigmaW2.size() != sigmaB2.size()) {
            throw new IllegalArgumentException("need one sigmaB2 per sigmaW2 but had " + sigmaW2.size() + " and "
                    + sigmaB2.size() + ".");
        }
    }

    /** Whether mean-field theory applied to this network. */
    public boolean available() {
        return prediction != null;
    }
}
