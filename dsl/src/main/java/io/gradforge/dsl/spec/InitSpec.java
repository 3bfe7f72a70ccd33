package io.gradforge.dsl.spec;

import io.gradforge.core.nn.FanMode;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A weight initializer by canonical name with every parameter filled in; or the variance-scaled form of normal or
 * uniform ({@link Vocabulary#VARIANCE_SCALE}): parameters {@code {variance_scale: s}} and a {@code mode}, variance
 * {@code s / fan}. Parameters holding {@code variance_scale}, or a mode, choose that form; its mode defaults to
 * {@link FanMode#FAN_IN}.
 *
 * {@snippet :
 * InitSpec he = InitSpec.of("he_normal");
 * InitSpec edgeOfChaos = InitSpec.varianceScaled("normal", 1.0, FanMode.FAN_IN);  // sigma_w^2 = 1
 * }
 *
 * @param mode the fan of the variance-scaled form; null for every other initializer
 */
public record InitSpec(String name, Map<String, Double> parameters, @Nullable FanMode mode) {
    public InitSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        if (mode == null && !Vocabulary.asksForVarianceScale(parameters.keySet())) {
            var c = Vocabulary.INITIALIZERS.canonicalize(name, parameters);
            name = c.name();
            parameters = c.parameters();
        } else {
            Rules.check(Vocabulary.varianceScaledNameProblem(name));
            Double scale = parameters.get(Vocabulary.VARIANCE_SCALE.key());
            if (scale == null) {
                throw new IllegalArgumentException(Vocabulary.missingVarianceScaleMessage(name));
            }
            for (String key : parameters.keySet()) {
                Rules.check(Vocabulary.varianceScaledKeyProblem(name, key));
            }
            Rules.check(Vocabulary.VARIANCE_SCALE.problem(name, scale));
            parameters = Map.of(Vocabulary.VARIANCE_SCALE.key(), scale + 0.0);
            mode = mode == null ? FanMode.FAN_IN : mode;
        }
    }

    /** The initializer with these parameters, not variance-scaled unless they hold {@code variance_scale}. */
    public InitSpec(String name, Map<String, Double> parameters) {
        this(name, parameters, null);
    }

    public static InitSpec of(String name) {
        return new InitSpec(name, Map.of());
    }

    public static InitSpec of(String name, Map<String, Double> parameters) {
        return new InitSpec(name, parameters);
    }

    /** {@code name} (normal or uniform) with variance {@code scale / fan}, the fan chosen by {@code mode}. */
    public static InitSpec varianceScaled(String name, double scale, FanMode mode) {
        return new InitSpec(name, Map.of(Vocabulary.VARIANCE_SCALE.key(), scale), Objects.requireNonNull(mode, "mode"));
    }
}
