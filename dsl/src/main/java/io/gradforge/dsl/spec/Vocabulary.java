package io.gradforge.dsl.spec;

import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.FanMode;
import io.gradforge.core.nn.InitKind;
import io.gradforge.core.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every name the spec language accepts, with its parameters, defaults and ranges: activations,
 * initializers, losses, optimizers, schedules and data generators. This is the one place to add a
 * name; the records, the YAML reader and writer all read it. Names, parameters and defaults agree
 * with core's {@code ActivationKind}, {@code InitKind}, {@code Loss} and {@code OptimizerKind} (defaults
 * are read from core's constants; {@code VocabularyCoreTest} checks the rest).
 */
public final class Vocabulary {

    private Vocabulary() {}

    /**
     * A numeric parameter: its key, default, range and whether it must be whole. The range is inclusive
     * unless {@code minExclusive} / {@code maxExclusive} say otherwise (core refuses e.g. swish beta 0 or
     * Adam beta2 1, so the spec refuses them too).
     */
    public record Param(String key, double defaultValue, double min, double max, boolean integer,
            boolean minExclusive, boolean maxExclusive) {
        public Param {
            Objects.requireNonNull(key, "key");
        }

        static Param real(String key, double defaultValue, double min, double max) {
            return new Param(key, defaultValue, min, max, false, false, false);
        }

        /** A real in (min, max]. */
        static Param realAbove(String key, double defaultValue, double min, double max) {
            return new Param(key, defaultValue, min, max, false, true, false);
        }

        /** A real in [min, max). */
        static Param realBelow(String key, double defaultValue, double min, double max) {
            return new Param(key, defaultValue, min, max, false, false, true);
        }

        static Param whole(String key, long defaultValue, long min, long max) {
            return new Param(key, defaultValue, min, max, true, false, false);
        }

        /** The range as written in messages: "[0, 1)", "(0, 100]". */
        public String range() {
            return (minExclusive ? "(" : "[") + Rules.format(min) + ", " + Rules.format(max) + (maxExclusive ? ")" : "]");
        }

        /** Whether {@code value} lies in the range (finiteness and wholeness aside). */
        public boolean inRange(double value) {
            return (minExclusive ? value > min : value >= min) && (maxExclusive ? value < max : value <= max);
        }

        /** The problem with {@code value} for this parameter of {@code owner}, or null when fine. */
        public @Nullable String problem(String owner, double value) {
            if (!Double.isFinite(value)) {
                return key + " of " + owner + " must be a finite number but was " + Rules.format(value);
            }
            if (integer && value != Math.rint(value)) {
                return key + " of " + owner + " must be a whole number but was " + Rules.format(value);
            }
            if (!inRange(value)) {
                return key + " of " + owner + " must be in " + range() + " but was " + Rules.format(value);
            }
            return null;
        }
    }

    /** One accepted name and its parameters (in canonical order). */
    public record Entry(String name, List<Param> params) {
        public Entry {
            Objects.requireNonNull(name, "name");
            params = List.copyOf(params);
        }

        public @Nullable Param param(String key) {
            for (Param p : params) {
                if (p.key().equals(key)) {
                    return p;
                }
            }
            return null;
        }

        public List<String> keys() {
            return params.stream().map(Param::key).toList();
        }
    }

    /** An alias: a name accepted on input and rewritten to a canonical entry with fixed parameters. */
    public record Alias(String name, String canonical, Map<String, Double> fixed) {}

    /** A family of names, e.g. the activations. */
    public static final class Family {
        private final String noun;
        private final Map<String, Entry> entries;
        private final Map<String, Alias> aliases;

        private Family(String noun, List<Entry> entries, List<Alias> aliases) {
            this.noun = noun;
            var map = new LinkedHashMap<String, Entry>();
            entries.forEach(e -> map.put(e.name(), e));
            this.entries = Collections.unmodifiableMap(map);
            var am = new LinkedHashMap<String, Alias>();
            aliases.forEach(a -> am.put(a.name(), a));
            this.aliases = Collections.unmodifiableMap(am);
        }

        /** What one member is called in messages, e.g. "activation". */
        public String noun() {
            return noun;
        }

        public List<String> names() {
            return List.copyOf(entries.keySet());
        }

        /** Canonical names plus aliases, i.e. everything accepted as input. */
        public List<String> acceptedNames() {
            var all = new ArrayList<>(entries.keySet());
            all.addAll(aliases.keySet());
            return all;
        }

        public @Nullable Entry entry(String name) {
            return entries.get(name);
        }

        public @Nullable Alias alias(String name) {
            return aliases.get(name);
        }

        public boolean accepts(String name) {
            return entries.containsKey(name) || aliases.containsKey(name);
        }

        /** "unknown activation 'rleu'; did you mean 'relu'? accepted: identity, sigmoid, ..." */
        public String unknownMessage(String bad) {
            return Rules.unknown(noun, bad, acceptedNames());
        }

        /**
         * Canonical name and parameters (defaults filled in, vocabulary order) for {@code name} and the
         * given parameters; throws {@link IllegalArgumentException} naming the first problem.
         */
        public Canonical canonicalize(String name, Map<String, Double> given) {
            List<String> problems = new ArrayList<>();
            Canonical c = canonicalize(name, given, problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.get(0));
            }
            return Objects.requireNonNull(c);
        }

        /** As {@link #canonicalize(String, Map)}, collecting problems instead; null when any. */
        public @Nullable Canonical canonicalize(String name, Map<String, Double> given, List<String> problems) {
            Objects.requireNonNull(name, "name");
            Map<String, Double> values = new LinkedHashMap<>(given);
            Alias alias = aliases.get(name);
            String canonical = name;
            if (alias != null) {
                canonical = alias.canonical();
                for (var f : alias.fixed().entrySet()) {
                    Double v = values.get(f.getKey());
                    if (v != null && !v.equals(f.getValue())) {
                        problems.add(name + " means " + canonical + " with " + f.getKey() + " "
                                + Rules.format(f.getValue()) + "; write " + canonical + " to choose another "
                                + f.getKey() + " (was " + Rules.format(v) + ")");
                        return null;
                    }
                    values.put(f.getKey(), f.getValue());
                }
            }
            Entry entry = entries.get(canonical);
            if (entry == null) {
                problems.add(unknownMessage(name));
                return null;
            }
            int before = problems.size();
            for (String key : values.keySet()) {
                if (entry.param(key) == null) {
                    problems.add(unknownParameterMessage(entry, key));
                }
            }
            Map<String, Double> out = new LinkedHashMap<>();
            for (Param p : entry.params()) {
                Double v = values.get(p.key());
                double value = v == null ? p.defaultValue() : v;
                String problem = p.problem(entry.name(), value);
                if (problem != null) {
                    problems.add(problem);
                }
                out.put(p.key(), value + 0.0); // -0.0 becomes 0.0: equal meaning, equal records
            }
            return problems.size() > before ? null : new Canonical(entry.name(), Collections.unmodifiableMap(out));
        }

        public String unknownParameterMessage(Entry entry, String key) {
            if (entry.params().isEmpty()) {
                return entry.name() + " takes no parameters but was given '" + key + "'";
            }
            return Rules.unknown("parameter of " + entry.name(), key, entry.keys());
        }
    }

    /** A canonical name with every parameter filled in. */
    public record Canonical(String name, Map<String, Double> parameters) {}

    private static Entry e(String name, Param... params) {
        return new Entry(name, List.of(params));
    }

    // Defaults come from core's constants, so `leaky_relu` means the same here and in Activation.of(LEAKY_RELU);
    // VocabularyCoreTest keeps names, parameters and defaults in step with core.
    public static final Family ACTIVATIONS = new Family("activation", List.of(
            e("identity"),
            e("sigmoid"),
            e("tanh"),
            e("relu"),
            e("leaky_relu", Param.real("alpha", ActivationKind.LEAKY_RELU.defaultParameter(), 0, 1)),
            e("prelu", Param.real("init", ActivationKind.PRELU.defaultParameter(), -10, 10)),
            e("elu", Param.real("alpha", ActivationKind.ELU.defaultParameter(), 0, 100)),
            e("selu"),
            e("swish", Param.realAbove("beta", ActivationKind.SWISH.defaultParameter(), 0, 100)),
            e("gelu"),
            e("softplus")),
            List.of(new Alias("silu", "swish", Map.of("beta", 1.0))));

    public static final Family INITIALIZERS = new Family("initializer", List.of(
            e("zeros"),
            e("constant", Param.real("value", InitKind.CONSTANT.defaultParameter(), -1e6, 1e6)),
            e("normal", Param.real("std", InitKind.NORMAL.defaultParameter(), 0, 1e6)),
            e("uniform", Param.real("limit", InitKind.UNIFORM.defaultParameter(), 0, 1e6)),
            e("glorot_standard"),
            e("xavier_uniform"),
            e("xavier_normal"),
            e("he_uniform"),
            e("he_normal"),
            e("lecun_uniform"),
            e("lecun_normal"),
            e("orthogonal", Param.realAbove("gain", InitKind.ORTHOGONAL.defaultParameter(), 0, 1e3)),
            e("identity", Param.realAbove("scale", InitKind.IDENTITY.defaultParameter(), 0, 1e3))),
            List.of(new Alias("glorot_uniform", "xavier_uniform", Map.of()),
                    new Alias("glorot_normal", "xavier_normal", Map.of())));

    /**
     * The variance-scaled form of normal and uniform, {@code {name: normal, variance_scale: s, mode: fan_in}}: variance
     * {@code s / fan} (core's {@code Initializer.varianceScaledNormal}), so with fan_in {@code s} is mean-field
     * theory's sigma_w^2. {@code variance_scale} selects the form and is required in it; {@code mode} is one of
     * {@link #FAN_MODES}, default fan_in. Its own table, apart from {@link #INITIALIZERS}, so every spec written
     * before it keeps its written form.
     */
    public static final Param VARIANCE_SCALE = Param.realAbove("variance_scale", 1.0, 0, 1e6);
    /** The key of the variance-scaled form's fan. */
    public static final String FAN_MODE = "mode";
    /** The fans a variance-scaled initializer divides by, as written. */
    public static final List<String> FAN_MODES = FanMode.names();
    /** The initializers with a variance-scaled form. */
    public static final List<String> VARIANCE_SCALED = List.of("normal", "uniform");

    /** Whether these keys (besides {@code name}) ask for the variance-scaled form. */
    public static boolean asksForVarianceScale(Collection<String> keys) {
        return keys.contains(VARIANCE_SCALE.key()) || keys.contains(FAN_MODE);
    }

    /** The problem with a variance-scaled initializer named {@code name}, or null when it has one. */
    public static @Nullable String varianceScaledNameProblem(String name) {
        if (VARIANCE_SCALED.contains(name)) {
            return null;
        }
        if (!INITIALIZERS.accepts(name)) {
            return INITIALIZERS.unknownMessage(name);
        }
        return "variance_scale and mode apply to " + String.join(" and ", VARIANCE_SCALED) + ", not " + name
                + " (write {name: normal, variance_scale: S, mode: fan_in} for N(0, S / fan_in))";
    }

    /** The problem of a variance-scaled {@code name} given a mode but no variance_scale. */
    public static String missingVarianceScaleMessage(String name) {
        return "mode needs variance_scale in " + name + " (variance variance_scale / fan)";
    }

    /** The problem with {@code key} beside variance_scale in {@code name}'s variance-scaled form, or null. */
    public static @Nullable String varianceScaledKeyProblem(String name, String key) {
        if (key.equals(VARIANCE_SCALE.key()) || key.equals(FAN_MODE)) {
            return null;
        }
        Entry own = INITIALIZERS.entry(name);
        if (own != null && own.param(key) != null) {
            return key + " and variance_scale together in " + name + ": give " + key + " itself or variance_scale"
                    + " (variance variance_scale / fan), not both";
        }
        return Rules.unknown("parameter of variance-scaled " + name, key, List.of(VARIANCE_SCALE.key(), FAN_MODE));
    }

    /** The fan mode written as {@code text}; an unknown one fails with a did-you-mean. */
    public static @Nullable String fanModeProblem(String text) {
        return FanMode.parse(text).isPresent() ? null : Rules.unknown(FAN_MODE, text, FAN_MODES);
    }

    public static final Family LOSSES = new Family("loss", List.of(
            e("mse"), e("binary_cross_entropy"), e("softmax_cross_entropy")),
            List.of(new Alias("bce", "binary_cross_entropy", Map.of()),
                    new Alias("bce_with_logits", "binary_cross_entropy", Map.of()),
                    new Alias("cross_entropy", "softmax_cross_entropy", Map.of()),
                    new Alias("softmax_ce", "softmax_cross_entropy", Map.of())));

    private static final Param WEIGHT_DECAY = Param.real("weight_decay", 0.0, 0, 10);
    private static final Param EPSILON = Param.realAbove("epsilon", OptimizerConfig.DEFAULT_EPSILON, 0, 1);
    private static final Param BETA1 = Param.realBelow("beta1", OptimizerConfig.DEFAULT_BETA1, 0, 1);
    private static final Param BETA2 = Param.realBelow("beta2", OptimizerConfig.DEFAULT_BETA2, 0, 1);

    /** Momentum 0.9 (PyTorch has no default; 0.9 is the usual choice). AdamW's weight decay 0.01 as in PyTorch. */
    public static final Family OPTIMIZERS = new Family("optimizer", List.of(
            e("sgd", WEIGHT_DECAY),
            e("momentum", Param.realBelow("momentum", 0.9, 0, 1), WEIGHT_DECAY),
            e("nesterov", new Param("momentum", 0.9, 0, 1, false, true, true), WEIGHT_DECAY),
            e("adam", BETA1, BETA2, EPSILON, WEIGHT_DECAY),
            e("adamw", BETA1, BETA2, EPSILON, Param.real("weight_decay", 0.01, 0, 10)),
            e("rmsprop", Param.realBelow("alpha", OptimizerConfig.DEFAULT_RMS_ALPHA, 0, 1), EPSILON, WEIGHT_DECAY)),
            List.of());

    public static final Family SCHEDULES = new Family("schedule", List.of(
            e("constant"),
            e("step", Param.whole("every", 1000, 1, 1_000_000_000), Param.realAbove("gamma", 0.5, 0, 1)),
            e("cosine", Param.real("min_factor", 0.0, 0, 1))),
            List.of());

    // Ranges as core's Datasets accepts them, so a spec that reads is a spec that runs.
    private static final Param SAMPLES = Param.whole("samples", 512, 2, 10_000_000);
    private static final Param ANY_SAMPLES = Param.whole("samples", 512, 1, 10_000_000);
    private static final Param NOISE = Param.real("noise", 0.1, 0, 100);
    private static final Param SEQUENCES = Param.whole("samples", 10_000, 1, 10_000_000);
    private static final Param SEQUENCE_STEPS = Param.whole("steps", 100, 2, 100_000);

    public static final Family GENERATORS = new Family("data generator", List.of(
            e("two_spirals", SAMPLES, NOISE),
            e("circles", SAMPLES, NOISE, new Param("factor", 0.5, 0, 1, false, true, true)),
            e("parity", Param.whole("bits", 8, 1, 16)),
            e("checkerboard", SAMPLES, Param.whole("cells", 4, 2, 1000)),
            e("blobs", SAMPLES, Param.whole("classes", 3, 2, 10_000), Param.whole("dims", 2, 1, 100_000),
                    Param.realAbove("spread", 1.0, 0, 1e6)),
            e("sine", ANY_SAMPLES, NOISE),
            e("teacher", ANY_SAMPLES, Param.whole("inputs", 2, 1, 100_000), Param.whole("outputs", 1, 1, 100_000),
                    Param.whole("width", 16, 1, 100_000), Param.whole("depth", 2, 1, 64),
                    Param.real("mean", 0.0, -1e6, 1e6), Param.realAbove("variance", 1.0, 0, 1e6)),
            // sequence tasks: rows are sequences of `steps` steps (core's SequenceTasks)
            e("adding", SEQUENCES, SEQUENCE_STEPS),
            e("memory", SEQUENCES, SEQUENCE_STEPS, Param.whole("symbols", 8, 2, 1000)),
            e("sequential_parity", SEQUENCES, SEQUENCE_STEPS),
            e("delayed_xor", SEQUENCES, SEQUENCE_STEPS, Param.whole("delay", 10, 0, 99_998))),
            List.of());
}
