package io.gradforge.search;

import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.LayerStats;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The weight-gradient norm {@code ||dL/dW||} of each dense layer of an evaluated candidate (the network's dense
 * layers in order, the output layer last), at init and at the last health snapshot of its training: what the
 * search report draws as the front's gradient flow and the best candidates' gradient norms by generation. NaN
 * where a norm was not finite.
 *
 * @param init the norms on the first training batch before any update (empty when not measured)
 * @param end  the norms at the last probed step of training (empty when not measured)
 */
public record GradientProfile(List<Double> init, List<Double> end) {
    public GradientProfile {
        init = List.copyOf(init);
        end = List.copyOf(end);
    }

    /** The dense layers' norms of {@code report}, or null when it holds no dense layer. */
    public static @Nullable GradientProfile of(HealthReport report) {
        List<Double> init = norms(report.initLayers());
        List<Double> end = norms(report.finalLayers());
        return init.isEmpty() && end.isEmpty() ? null : new GradientProfile(init, end);
    }

    private static List<Double> norms(List<LayerStats> layers) {
        return layers.stream().filter(l -> l.kind() == LayerStats.Kind.DENSE).map(LayerStats::weightGradNorm)
                .toList();
    }
}
