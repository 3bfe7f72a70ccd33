package io.gradforge.dsl;

import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.Vocabulary;
import io.gradforge.dsl.yaml.YamlNode;
import io.gradforge.dsl.yaml.YamlNode.ListNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import io.gradforge.dsl.yaml.YamlNode.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Typed, located access to a YAML node tree that collects every problem instead of stopping at the
 * first. Each accessor returns null after recording a problem; callers build a record only when all
 * its parts are non-null.
 */
class NodeReader {

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern REAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private final String file;
    private final List<SpecProblem> problems;

    NodeReader(String file) {
        this.file = file;
        this.problems = new ArrayList<>();
    }

    /** A reader that adds to the same problem list as {@code shared}. */
    NodeReader(NodeReader shared) {
        this.file = shared.file;
        this.problems = shared.problems;
    }

    List<SpecProblem> problems() {
        return problems;
    }

    void problem(YamlNode at, String message) {
        problems.add(new SpecProblem(file, at.line(), at.column(), message));
    }

    /** Runs a record constructor; its {@link IllegalArgumentException} becomes a problem at {@code at}. */
    <T> @Nullable T build(YamlNode at, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            problem(at, String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** A mapping with a known set of keys; unknown keys are reported with a did-you-mean. */
    final class Obj {
        final MapNode map;
        final String where;

        Obj(MapNode map, String where, List<String> allowed) {
            this.map = map;
            this.where = where;
            for (var e : map.keys().entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    problem(e.getValue(), Rules.unknown("key", e.getKey(), allowed) + " (in " + where + ")");
                }
            }
        }

        boolean has(String key) {
            YamlNode n = map.entries().get(key);
            return n != null && !(n instanceof ScalarNode s && s.isNull());
        }

        /** The value, or null when absent or empty. */
        @Nullable YamlNode opt(String key) {
            return has(key) ? map.entries().get(key) : null;
        }

        /** The value; a missing or empty required key is a problem. */
        @Nullable YamlNode req(String key) {
            YamlNode n = map.entries().get(key);
            if (n == null) {
                problem(map, "missing required key '" + key + "' in " + where);
                return null;
            }
            if (n instanceof ScalarNode s && s.isNull()) {
                problem(map.keys().get(key), "key '" + key + "' in " + where + " has no value");
                return null;
            }
            return n;
        }

        YamlNode keyNode(String key) {
            ScalarNode k = map.keys().get(key);
            return k != null ? k : map;
        }

        @Nullable Long integer(String key, Rules.IntBound bound, long fallback) {
            YamlNode n = opt(key);
            return n == null ? Long.valueOf(fallback) : NodeReader.this.integer(n, bound);
        }

        @Nullable Double real(String key, Rules.RealBound bound, double fallback) {
            YamlNode n = opt(key);
            return n == null ? Double.valueOf(fallback) : NodeReader.this.real(n, bound);
        }

        @Nullable Boolean bool(String key, boolean fallback) {
            YamlNode n = opt(key);
            return n == null ? Boolean.valueOf(fallback) : NodeReader.this.bool(n, key);
        }
    }

    @Nullable Obj obj(@Nullable YamlNode node, String where, List<String> allowed) {
        if (node == null) {
            return null;
        }
        if (node instanceof MapNode m) {
            return new Obj(m, where, allowed);
        }
        problem(node, where + ": expected a mapping with keys " + String.join(", ", allowed)
                + " but was " + node.describe());
        return null;
    }

    @Nullable ListNode list(YamlNode node, String where) {
        if (node instanceof ListNode l) {
            return l;
        }
        problem(node, where + ": expected a list but was " + node.describe());
        return null;
    }

    @Nullable String string(YamlNode node, String key) {
        if (node instanceof ScalarNode s && !s.isNull()) {
            return s.text();
        }
        problem(node, key + ": expected a string but was " + node.describe());
        return null;
    }

    @Nullable Long integer(YamlNode node, String key) {
        if (node instanceof ScalarNode s && !s.isNull()) {
            String t = s.text().strip();
            if (INTEGER.matcher(t).matches()) {
                try {
                    return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
                } catch (NumberFormatException e) {
                    problem(node, key + ": number " + t + " is too large");
                    return null;
                }
            }
        }
        problem(node, key + ": expected an integer but was " + node.describe());
        return null;
    }

    @Nullable Long integer(YamlNode node, Rules.IntBound bound) {
        Long v = integer(node, bound.key());
        if (v == null) {
            return null;
        }
        String p = bound.problem(v);
        if (p != null) {
            problem(node, p);
            return null;
        }
        return v;
    }

    @Nullable Double real(YamlNode node, String key) {
        if (node instanceof ScalarNode s && !s.isNull()) {
            String t = s.text().strip();
            if (REAL.matcher(t).matches()) {
                double v = Double.parseDouble(t);
                if (Double.isFinite(v)) {
                    return v;
                }
                problem(node, key + ": number " + t + " is out of range");
                return null;
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.endsWith("inf") || lower.endsWith("nan")) {
                problem(node, key + ": expected a finite number but was " + node.describe());
                return null;
            }
        }
        problem(node, key + ": expected a number but was " + node.describe());
        return null;
    }

    @Nullable Double real(YamlNode node, Rules.RealBound bound) {
        Double v = real(node, bound.key());
        if (v == null) {
            return null;
        }
        String p = bound.problem(v);
        if (p != null) {
            problem(node, p);
            return null;
        }
        return v;
    }

    @Nullable Boolean bool(YamlNode node, String key) {
        if (node instanceof ScalarNode s && !s.isNull()) {
            switch (s.text().strip().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> { }
            }
        }
        problem(node, key + ": expected true or false but was " + node.describe());
        return null;
    }

    /** An enum constant by its lower_snake_case name. */
    <E extends Enum<E>> @Nullable E enumValue(YamlNode node, Class<E> type, String noun) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        String text = string(node, noun);
        if (text == null) {
            return null;
        }
        int i = names.indexOf(text);
        if (i < 0) {
            problem(node, Rules.unknown(noun, text, names));
            return null;
        }
        return type.getEnumConstants()[i];
    }

    /** A name with its parameters (defaults filled in), written as {@code name} or {@code {<nameKey>: name, param: v}}. */
    Vocabulary.@Nullable Canonical named(YamlNode node, Vocabulary.Family family, String nameKey, List<String> extraKeys) {
        YamlNode nameNode;
        Map<String, YamlNode> paramNodes = new LinkedHashMap<>();
        MapNode map = null;
        if (node instanceof ScalarNode s && !s.isNull()) {
            nameNode = node;
        } else if (node instanceof MapNode m) {
            map = m;
            nameNode = m.entries().get(nameKey);
            if (nameNode == null) {
                problem(node, "missing required key '" + nameKey + "' naming the " + family.noun()
                        + "; accepted: " + String.join(", ", family.acceptedNames()));
                return null;
            }
            for (var e : m.entries().entrySet()) {
                if (!e.getKey().equals(nameKey) && !extraKeys.contains(e.getKey())) {
                    paramNodes.put(e.getKey(), e.getValue());
                }
            }
        } else {
            problem(node, family.noun() + ": expected a name or a mapping with '" + nameKey + "' but was "
                    + node.describe());
            return null;
        }
        String name = string(nameNode, family.noun());
        if (name == null) {
            return null;
        }
        Vocabulary.Alias alias = family.alias(name);
        Vocabulary.Entry entry = family.entry(alias != null ? alias.canonical() : name);
        if (entry == null) {
            problem(nameNode, family.unknownMessage(name));
            return null;
        }
        boolean ok = true;
        Map<String, Double> values = new LinkedHashMap<>();
        for (var e : paramNodes.entrySet()) {
            Vocabulary.Param p = entry.param(e.getKey());
            YamlNode keyNode = map.keys().get(e.getKey());
            if (p == null) {
                List<String> accepted = new ArrayList<>(entry.keys());
                accepted.addAll(extraKeys);
                problem(keyNode != null ? keyNode : node, entry.params().isEmpty() && extraKeys.isEmpty()
                        ? family.unknownParameterMessage(entry, e.getKey())
                        : Rules.unknown("parameter of " + entry.name(), e.getKey(), accepted));
                ok = false;
                continue;
            }
            Double v = real(e.getValue(), e.getKey());
            if (v == null) {
                ok = false;
                continue;
            }
            String problem = p.problem(entry.name(), v);
            if (problem != null) {
                problem(e.getValue(), problem);
                ok = false;
                continue;
            }
            values.put(e.getKey(), v);
        }
        if (!ok) {
            return null;
        }
        try {
            return family.canonicalize(name, values);
        } catch (IllegalArgumentException e) {
            problem(node, String.valueOf(e.getMessage()));
            return null;
        }
    }
}
