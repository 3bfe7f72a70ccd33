package io.gradforge.dsl.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every name the spec language accepts, with its parameters, defaults and ranges: activations,
 * initializers, losses, optimizers, schedules and data generators. This is the one place to add a
 * name; the records, the YAML reader and writer all read it. (The integrator ties these to the core
 * enums later.)
 */
public final class Vocabulary {

    private Vocabulary() {}

    /** A numeric parameter: its key, default, inclusive range and whether it must be whole. */
    public record Param(String key, double defaultValue, double min, double max, boolean integer) {
        public Param {
            Objects.requireNonNull(key, "key");
        }

        static Param real(String key, double defaultValue, double min, double max) {
            return new Param(key, defaultValue, min, max, false);
        }

        static Param whole(String key, long defaultValue, long min, long max) {
            return new Param(key, defaultValue, min, max, true);
        }

        /** The problem with {@code value} for this parameter of {@code owner}, or null when fine. */
        public @Nullable String problem(String owner, double value) {
            if (!Double.isFinite(value)) {
                return key + " of " + owner + " must be a finite number but was " + Rules.format(value);
            }
            if (integer && value != Math.rint(value)) {
                return key + " of " + owner + " must be a whole number but was " + Rules.format(value);
            }
            if (value < min || value > max) {
                return key + " of " + owner + " must be in [" + Rules.format(min) + ", " + Rules.format(max)
                        + "] but was " + Rules.format(value);
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

    public static final Family ACTIVATIONS = new Family("activation", List.of(
            e("identity"),
            e("sigmoid"),
            e("tanh"),
            e("relu"),
            e("leaky_relu", Param.real("alpha", 0.01, 0, 1)),
            e("prelu", Param.real("init", 0.25, -10, 10)),
            e("elu", Param.real("alpha", 1.0, 0, 100)),
            e("selu"),
            e("swish", Param.real("beta", 1.0, 0, 100)),
            e("gelu"),
            e("softplus")),
            List.of(new Alias("silu", "swish", Map.of("beta", 1.0))));

    public static final Family INITIALIZERS = new Family("initializer", List.of(
            e("zeros"),
            e("constant", Param.real("value", 0.0, -1e6, 1e6)),
            e("normal", Param.real("std", 0.01, 0, 1e6)),
            e("uniform", Param.real("limit", 0.05, 0, 1e6)),
            e("glorot_standard"),
            e("xavier_uniform"),
            e("xavier_normal"),
            e("he_uniform"),
            e("he_normal"),
            e("lecun_uniform"),
            e("lecun_normal"),
            e("orthogonal", Param.real("gain", 1.0, 0, 1e3))),
            List.of());

    public static final Family LOSSES = new Family("loss", List.of(
            e("mse"), e("binary_cross_entropy"), e("softmax_cross_entropy")), List.of());

    private static final Param WEIGHT_DECAY = Param.real("weight_decay", 0.0, 0, 10);
    private static final Param EPSILON = Param.real("epsilon", 1e-8, 0, 1);

    public static final Family OPTIMIZERS = new Family("optimizer", List.of(
            e("sgd", WEIGHT_DECAY),
            e("momentum", Param.real("momentum", 0.9, 0, 1), WEIGHT_DECAY),
            e("nesterov", Param.real("momentum", 0.9, 0, 1), WEIGHT_DECAY),
            e("adam", Param.real("beta1", 0.9, 0, 1), Param.real("beta2", 0.999, 0, 1), EPSILON, WEIGHT_DECAY),
            e("adamw", Param.real("beta1", 0.9, 0, 1), Param.real("beta2", 0.999, 0, 1), EPSILON,
                    Param.real("weight_decay", 0.01, 0, 10)),
            e("rmsprop", Param.real("beta2", 0.9, 0, 1), EPSILON, Param.real("momentum", 0.0, 0, 1), WEIGHT_DECAY)),
            List.of());

    public static final Family SCHEDULES = new Family("schedule", List.of(
            e("constant"),
            e("step", Param.whole("every", 1000, 1, 1_000_000_000), Param.real("gamma", 0.5, 0, 1)),
            e("cosine", Param.real("min_factor", 0.0, 0, 1))),
            List.of());

    private static final Param SAMPLES = Param.whole("samples", 512, 1, 10_000_000);
    private static final Param NOISE = Param.real("noise", 0.1, 0, 100);

    public static final Family GENERATORS = new Family("data generator", List.of(
            e("two_spirals", SAMPLES, NOISE),
            e("circles", SAMPLES, NOISE, Param.real("factor", 0.5, 0, 1)),
            e("parity", Param.whole("bits", 8, 1, 24)),
            e("checkerboard", SAMPLES, Param.whole("cells", 4, 1, 1000)),
            e("blobs", SAMPLES, Param.whole("classes", 3, 2, 10_000), Param.whole("dims", 2, 1, 100_000),
                    Param.real("spread", 1.0, 0, 1e6)),
            e("sine", SAMPLES, NOISE),
            e("teacher", SAMPLES, Param.whole("inputs", 2, 1, 100_000), Param.whole("outputs", 1, 1, 100_000),
                    Param.whole("width", 16, 1, 100_000), Param.whole("depth", 2, 1, 1000))),
            List.of());
}
