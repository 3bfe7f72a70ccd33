package io.gradforge.dsl.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a tree of {@link Map} (insertion order kept), {@link List}, {@link String}, {@link Long},
 * {@link Integer}, {@link Double} and {@link Boolean} as block YAML with two-space indentation. Small
 * all-scalar maps and lists go on one line in flow style. Output is deterministic.
 */
public final class YamlEmitter {

    private static final List<String> RESERVED = List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");
    private static final int FLOW_LIMIT = 6;

    private YamlEmitter() {}

    public static String emit(Map<String, ?> root) {
        StringBuilder sb = new StringBuilder();
        map(root, 0, sb);
        return sb.toString();
    }

    private static void map(Map<String, ?> map, int indent, StringBuilder sb) {
        for (var e : map.entrySet()) {
            sb.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
            value(e.getValue(), indent, sb);
        }
    }

    /** Appends the value after "key:" (inline, or on the following lines). */
    private static void value(Object v, int indent, StringBuilder sb) {
        if (isFlow(v)) {
            sb.append(' ').append(flow(v)).append('\n');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('\n');
            map(cast(m), indent + 2, sb);
        } else if (v instanceof List<?> l) {
            sb.append('\n');
            list(l, indent + 2, sb);
        } else {
            throw new IllegalArgumentException("cannot emit " + v.getClass());
        }
    }

    private static void list(List<?> list, int indent, StringBuilder sb) {
        for (Object item : list) {
            if (isFlow(item)) {
                sb.append(" ".repeat(indent)).append("- ").append(flow(item)).append('\n');
            } else if (item instanceof Map<?, ?> m) {
                StringBuilder inner = new StringBuilder();
                map(cast(m), indent + 2, inner);
                sb.append(" ".repeat(indent)).append("- ").append(inner, indent + 2, inner.length());
            } else if (item instanceof List<?> l) {
                sb.append(" ".repeat(indent)).append("-\n");
                list(l, indent + 2, sb);
            }
        }
    }

    private static boolean isFlow(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.size() <= FLOW_LIMIT && m.values().stream().allMatch(YamlEmitter::isScalar);
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() || (l.size() <= 16 && l.stream().allMatch(YamlEmitter::isScalar));
        }
        return isScalar(v);
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    private static String flow(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (var e : m.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(key(e.getKey().toString())).append(": ").append(scalar(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : l) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(scalar(x));
            }
            return sb.append(']').toString();
        }
        return scalar(v);
    }

    private static String key(String k) {
        return plain(k) ? k : quote(k);
    }

    /**
     * Whether {@code s} may be written unquoted: a name ({@code [A-Za-z_][A-Za-z0-9_./-]*}) or a duration
     * ({@code [0-9]+(ms|s|m|h|d)}). A loop, not a regular expression: the search writes every candidate's canonical
     * YAML, and matching a pattern was an eighth of its thread's time.
     */
    static boolean plain(String s) {
        int n = s.length();
        if (n == 0) return false;
        char c0 = s.charAt(0);
        if (c0 == '_' || c0 >= 'A' && c0 <= 'Z' || c0 >= 'a' && c0 <= 'z') {
            for (int i = 1; i < n; i++) {
                char c = s.charAt(i);
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                        || c == '/' || c == '-')) {
                    return false;
                }
            }
            return true;
        }
        int digits = 0;
        while (digits < n && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') digits++;
        if (digits == 0) return false;
        String unit = s.substring(digits);
        return unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h") || unit.equals("d");
    }

    /** A scalar's text: numbers and booleans as YAML reads them, strings plain when unambiguous. */
    public static String scalar(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue()) + ".0";
            }
            return d.toString().replace("E", "e");
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        if (plain(s) && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        return quote(s);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xFEFF
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }
}
