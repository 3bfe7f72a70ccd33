package io.gradforge.dsl.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A YAML node that remembers where it started (1-based line and column). */
public sealed interface YamlNode {

    int line();

    int column();

    /** A short description for messages: "a mapping", "a list", "'abc'". */
    String describe();

    /** A mapping; keys keep their order of appearance and their own locations. */
    record MapNode(int line, int column, Map<String, YamlNode> entries, Map<String, ScalarNode> keys)
            implements YamlNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        @Override
        public String describe() {
            return entries.isEmpty() ? "an empty mapping" : "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(int line, int column, List<YamlNode> items) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list";
        }
    }

    /**
     * A scalar as written. {@code kind} is what the YAML parser resolved it to; the spec mapper
     * interprets {@code text} itself so that numbers, booleans and names follow one rule.
     */
    record ScalarNode(int line, int column, Kind kind, String text) implements YamlNode {
        public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        public ScalarNode {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        public boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return kind == Kind.NULL ? "empty" : "'" + abbreviate(text) + "'";
        }

        static String abbreviate(String s) {
            return s.length() <= 60 ? s : s.substring(0, 57) + "...";
        }
    }
}
