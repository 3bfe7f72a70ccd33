package io.gradforge.core.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the pretraining phase of a run produced. Immutable; arrays are defensive copies.
 *
 * @param layers         the hidden layers pretrained (or begun, when it ended early)
 * @param stepsPerLayer  the steps each layer was planned
 * @param lossCurve      the reconstruction loss (mean squared error) of every step, layer after layer; step
 *                       {@code s} belongs to layer {@code s / stepsPerLayer}
 * @param status         COMPLETED, CANCELLED or DIVERGED (a reconstruction loss became NaN or infinite)
 * @param reason         a sentence for people: how the phase ended
 */
public record PretrainingResult(int layers, long stepsPerLayer, double[] lossCurve, TrainingStatus status,
        String reason) {

    public PretrainingResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        lossCurve = lossCurve.clone();
        if (stepsPerLayer < 1) throw new IllegalArgumentException("steps per layer must be positive but was " + stepsPerLayer + ".");
    }

    @Override
    public double[] lossCurve() {
        return lossCurve.clone();
    }

    /** The steps taken. */
    public long steps() {
        return lossCurve.length;
    }

    /** The hidden layer that step {@code step} of the phase trained. */
    public int layerOf(long step) {
        return (int) (step / stepsPerLayer);
    }

    /**
     * Each layer's final reconstruction loss: the mean of its last {@code min(20, steps / 10)} steps (at least one),
     * NaN for a layer that took no step.
     */
    public double[] finalLosses() {
        double[] out = new double[layers];
        for (int k = 0; k < layers; k++) {
            int from = (int) Math.min(lossCurve.length, k * stepsPerLayer);
            int to = (int) Math.min(lossCurve.length, (k + 1) * stepsPerLayer);
            int w = Math.max(1, Math.min(Trainer.DIVERGENCE_WINDOW, (to - from) / 10));
            double s = 0;
            int n = 0;
            for (int i = Math.max(from, to - w); i < to; i++, n++) s += lossCurve[i];
            out[k] = n == 0 ? Double.NaN : s / n;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PretrainingResult r && layers == r.layers && stepsPerLayer == r.stepsPerLayer
                && Arrays.equals(lossCurve, r.lossCurve) && status == r.status && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layers, stepsPerLayer, Arrays.hashCode(lossCurve), status);
    }

    @Override
    public String toString() {
        return "PretrainingResult[" + status + ", layers=" + layers + ", steps=" + lossCurve.length + ", reason=" + reason + "]";
    }
}
