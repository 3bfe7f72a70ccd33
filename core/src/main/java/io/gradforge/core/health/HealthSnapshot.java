package io.gradforge.core.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The per-layer health of a network at one training step (or at init, step 0 before any update).
 *
 * @param step         0-based training step the buffers came from
 * @param loss         the mini-batch loss of that step
 * @param gradientNorm the global gradient norm of that step (after clipping, as the trainer reports it)
 * @param layers       every probed unit, forward order
 * @param flow         the delta profile of the dense layers on the trunk ({@link LayerStats#onTrunk()}): all of
 *                     them in a plain chain; stem, projections and head in a residual network
 * @param recurrent    every recurrent layer measured through time, forward order (empty without one)
 */
public record HealthSnapshot(long step, double loss, double gradientNorm, List<LayerStats> layers,
                             GradientFlow flow, List<RecurrentStats> recurrent) {

    public HealthSnapshot {
        layers = List.copyOf(layers);
        recurrent = List.copyOf(recurrent);
        Objects.requireNonNull(flow, "flow");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0 but was " + step + ".");
        }
        long trunk = layers.stream().filter(LayerStats::onTrunk).count();
        if (trunk != flow.depth()) {
            throw new IllegalArgumentException("flow covers " + flow.depth() + " dense layers but the snapshot has "
                    + trunk + " on its trunk.");
        }
    }

    /** A snapshot without recurrent layers whose flow is computed from the delta norms of the trunk's dense layers. */
    public static HealthSnapshot of(long step, double loss, double gradientNorm, List<LayerStats> layers) {
        return of(step, loss, gradientNorm, layers, List.of());
    }

    /** A snapshot whose flow is computed from the delta norms of the dense layers on the trunk. */
    public static HealthSnapshot of(long step, double loss, double gradientNorm, List<LayerStats> layers,
                                    List<RecurrentStats> recurrent) {
        List<Double> norms = new ArrayList<>();
        for (LayerStats s : layers) {
            if (s.onTrunk()) norms.add(s.deltaNorm());
        }
        return new HealthSnapshot(step, loss, gradientNorm, layers, GradientFlow.of(norms), recurrent);
    }

    /** The dense layers only, in {@code Network.denseLayers()} order. */
    public List<LayerStats> denseLayers() {
        return layers.stream().filter(LayerStats::isDense).toList();
    }

    /**
     * The per-dense-layer squared delta ratio the flags and the score judge (see {@link HealthFlag#VANISHING}):
     * the geometric mean of the ratios for a plain chain, a per-layer-of-depth rate over the trunk otherwise.
     */
    public double perLayerRatio() {
        return HealthRules.perLayerRatio(this);
    }

    /** The mean saturated fraction over sigmoid/tanh layers, NaN when there is none. */
    public double meanSaturation() {
        return HealthRules.meanSaturation(layers);
    }

    /** The mean dead fraction over relu layers, NaN when there is none. */
    public double meanDeadFraction() {
        return HealthRules.meanDead(layers);
    }
}
