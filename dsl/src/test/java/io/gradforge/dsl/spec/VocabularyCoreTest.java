package io.gradforge.dsl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.InitKind;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.optim.OptimizerKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The spec language and the core engine agree on every name, parameter and default. */
class VocabularyCoreTest {

    @Test
    void activationNamesAndAliasesMatchCore() {
        assertEquals(Set.copyOf(ActivationKind.names()), Set.copyOf(Vocabulary.ACTIVATIONS.acceptedNames()));
        for (String name : Vocabulary.ACTIVATIONS.acceptedNames()) {
            var canonical = Vocabulary.ACTIVATIONS.canonicalize(name, Map.of());
            assertEquals(ActivationKind.parse(name).orElseThrow().yamlName(), canonical.name(), name);
        }
    }

    @Test
    void activationParametersAndDefaultsMatchCore() {
        for (ActivationKind kind : ActivationKind.values()) {
            var entry = Vocabulary.ACTIVATIONS.entry(kind.yamlName());
            assertNotNull(entry, kind.yamlName());
            assertEquals(kind.hasParameter() ? 1 : 0, entry.params().size(), kind.yamlName());
            if (kind.hasParameter()) {
                var p = entry.params().get(0);
                assertEquals(kind.defaultParameter(), p.defaultValue(), kind.yamlName());
                assertAcceptedByCore(p, v -> new Activation(kind, v));
            }
        }
        assertEquals(0.01, Vocabulary.ACTIVATIONS.entry("leaky_relu").param("alpha").defaultValue());
    }

    @Test
    void initializerNamesParametersAndDefaultsMatchCore() {
        assertEquals(Set.copyOf(InitKind.names()), Set.copyOf(Vocabulary.INITIALIZERS.acceptedNames()));
        for (String name : Vocabulary.INITIALIZERS.acceptedNames()) {
            assertEquals(InitKind.parse(name).orElseThrow().yamlName(),
                    Vocabulary.INITIALIZERS.canonicalize(name, Map.of()).name(), name);
        }
        for (InitKind kind : InitKind.values()) {
            var entry = Vocabulary.INITIALIZERS.entry(kind.yamlName());
            assertNotNull(entry, kind.yamlName());
            assertEquals(kind.hasParameter() ? 1 : 0, entry.params().size(), kind.yamlName());
            if (kind.hasParameter()) {
                var p = entry.params().get(0);
                assertEquals(kind.defaultParameter(), p.defaultValue(), kind.yamlName());
                assertAcceptedByCore(p, v -> new Initializer(kind, v));
            }
        }
    }

    @Test
    void lossNamesMatchCore() {
        assertEquals(Set.copyOf(Loss.names()), Set.copyOf(Vocabulary.LOSSES.acceptedNames()));
        for (String name : Vocabulary.LOSSES.acceptedNames()) {
            assertEquals(Loss.parse(name).orElseThrow().yamlName(),
                    Vocabulary.LOSSES.canonicalize(name, Map.of()).name(), name);
        }
    }

    @Test
    void optimizerNamesMatchCore() {
        Set<String> core = Arrays.stream(OptimizerKind.values())
                .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        assertEquals(core, new HashSet<>(Vocabulary.OPTIMIZERS.acceptedNames()));
    }

    @Test
    void optimizerDefaultsMatchCore() {
        OptimizerConfig adam = OptimizerConfig.adam();
        var a = Vocabulary.OPTIMIZERS.entry("adam");
        assertEquals(adam.beta1(), a.param("beta1").defaultValue());
        assertEquals(adam.beta2(), a.param("beta2").defaultValue());
        assertEquals(adam.epsilon(), a.param("epsilon").defaultValue());
        assertEquals(adam.weightDecay(), a.param("weight_decay").defaultValue());
        var r = Vocabulary.OPTIMIZERS.entry("rmsprop");
        assertEquals(OptimizerConfig.rmsProp().rmsAlpha(), r.param("alpha").defaultValue());
        assertEquals(OptimizerConfig.rmsProp().epsilon(), r.param("epsilon").defaultValue());
        assertEquals(List.of("alpha", "epsilon", "weight_decay"), r.keys());
        // rmsprop in core has no momentum: the spec must not offer one
        assertEquals(null, r.param("momentum"));
    }

    /** Every value the spec accepts at the edges of a parameter's range, core accepts too. */
    private static void assertAcceptedByCore(Vocabulary.Param p, DoubleConsumer core) {
        double lo = p.minExclusive() ? Math.nextUp(p.min()) : p.min();
        double hi = p.maxExclusive() ? Math.nextDown(p.max()) : p.max();
        for (double v : new double[] {lo, hi, p.defaultValue()}) {
            assertTrue(p.inRange(v), p.key() + " " + v);
            core.accept(v);
        }
    }
}
