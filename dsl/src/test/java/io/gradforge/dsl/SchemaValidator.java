package io.gradforge.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The subset of JSON Schema 2020-12 our schema uses: type, properties, required, additionalProperties
 * false, enum, const, minimum/maximum (exclusive too), minItems, maxLength, pattern, items, anyOf/oneOf,
 * $ref to #/$defs. Enough to test the schema without a validator library (networknt needs Jackson 2).
 */
final class SchemaValidator {
    private final JsonNode root;

    SchemaValidator(JsonNode root) {
        this.root = Objects.requireNonNull(root);
    }

    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "$", errors);
        return errors;
    }

    private void check(JsonNode s, JsonNode v, String at, List<String> errors) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asString();
            if (!ref.startsWith("#/$defs/")) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            check(root.get("$defs").get(ref.substring("#/$defs/".length())), v, at, errors);
        }
        if (s.has("type") && !typeMatches(s.get("type").asString(), v)) {
            errors.add(at + ": expected " + s.get("type").asString() + " but was " + v);
            return;
        }
        if (s.has("const") && !numEquals(s.get("const"), v)) {
            errors.add(at + ": expected " + s.get("const") + " but was " + v);
        }
        if (s.has("enum")) {
            boolean any = false;
            for (JsonNode e : s.get("enum")) {
                any |= numEquals(e, v);
            }
            if (!any) {
                errors.add(at + ": " + v + " is not one of " + s.get("enum"));
            }
        }
        if (v.isNumber()) {
            double x = v.asDouble();
            if (s.has("minimum") && x < s.get("minimum").asDouble()) errors.add(at + ": " + x + " < minimum");
            if (s.has("maximum") && x > s.get("maximum").asDouble()) errors.add(at + ": " + x + " > maximum");
            if (s.has("exclusiveMinimum") && x <= s.get("exclusiveMinimum").asDouble()) errors.add(at + ": " + x + " <= exclusiveMinimum");
            if (s.has("exclusiveMaximum") && x >= s.get("exclusiveMaximum").asDouble()) errors.add(at + ": " + x + " >= exclusiveMaximum");
        }
        if (v.isString()) {
            if (s.has("maxLength") && v.asString().length() > s.get("maxLength").asInt()) errors.add(at + ": too long");
            if (s.has("pattern") && !Pattern.compile(s.get("pattern").asString()).matcher(v.asString()).find()) {
                errors.add(at + ": does not match " + s.get("pattern").asString());
            }
        }
        if (v.isArray()) {
            if (s.has("minItems") && v.size() < s.get("minItems").asInt()) errors.add(at + ": too few items");
            if (s.has("items")) {
                for (int i = 0; i < v.size(); i++) {
                    check(s.get("items"), v.get(i), at + "[" + i + "]", errors);
                }
            }
        }
        if (v.isObject()) {
            JsonNode props = s.get("properties");
            if (s.has("required")) {
                for (JsonNode r : s.get("required")) {
                    if (!v.has(r.asString())) errors.add(at + ": missing " + r.asString());
                }
            }
            for (String key : v.propertyNames()) {
                if (props != null && props.has(key)) {
                    check(props.get(key), v.get(key), at + "." + key, errors);
                } else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean()) {
                    errors.add(at + ": unknown key " + key);
                }
            }
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (s.has(combinator)) {
                int matches = 0;
                List<String> first = null;
                for (JsonNode alt : s.get(combinator)) {
                    List<String> e = new ArrayList<>();
                    check(alt, v, at, e);
                    if (e.isEmpty()) matches++;
                    else if (first == null || e.size() < first.size()) first = e;
                }
                if (matches == 0) errors.add(at + ": matches no alternative of " + combinator + " (closest: " + first + ")");
                if (combinator.equals("oneOf") && matches > 1) errors.add(at + ": matches " + matches + " alternatives of oneOf");
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isString();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }

    private static boolean numEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }
}
