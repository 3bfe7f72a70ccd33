package io.gradforge.core.health;

import java.util.Objects;

/**
 * The attenuation through time that {@link HealthFlag#VANISHING_THROUGH_TIME}, {@link HealthFlag#EXPLODING_THROUGH_TIME}
 * and the score judge for one recurrent layer whose loss enters at its last step ({@link HealthReport#throughTime()}).
 *
 * @param layer   the layer's last sample judged (its profile is shown beside the judged number)
 * @param decades the judged attenuation over the sequence in decades, positive when the gradient fades going back:
 *                the sample's own at init, else the median over the samples of the run's last quarter
 * @param when    "at init", "at step N", or "the median over the last N samples (steps a-b)"
 */
public record JudgedThroughTime(RecurrentStats layer, double decades, String when) {
    public JudgedThroughTime {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(when, "when");
    }

    /** The per-step factor the judged decades mean over the layer's T - 1 steps. */
    public double decayPerStep() {
        return Math.pow(10.0, -decades / (layer.steps() - 1));
    }
}
