package io.gradforge.search;

import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.search.Journal.Contents;
import io.gradforge.search.Journal.Entry;
import io.gradforge.search.Journal.Replay;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@link Journal} back, for a resumed run ({@link #replay}) and for {@link RunDirectory#read} (the one
 * reader of a run), so both accept and refuse the same lines with the same messages.
 */
final class JournalReader {
    private JournalReader() {}

    /**
     * Reads {@code file} for a resumed run: as {@link #read}, and a last line cut short by a kill is truncated
     * away so appending continues on a clean line.
     */
    static Replay replay(Path file) throws IOException {
        Contents contents = read(file);
        if (Files.exists(file) && Files.size(file) > contents.complete()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(contents.complete());
                ch.force(true);
            }
        }
        return Replay.of(contents);
    }

    /**
     * Reads {@code file} without changing it (an absent file is an empty journal). A last line cut short by a kill
     * (no line end) is left out; any other line that is not a journal line, or whose checksum does not match, is a
     * {@link RunDirectoryException} naming the file, the line and how to recover. Lines without a checksum (a
     * journal written before checksums) are accepted until the first line that has one; after it, every line
     * must have one.
     */
    static Contents read(Path file) throws IOException {
        if (!Files.exists(file)) return Contents.EMPTY;
        if (!Files.isRegularFile(file)) {
            throw new RunDirectoryException(file, "is not a file; a run directory's journal is a text file");
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        List<Entry> evaluations = new ArrayList<>();
        Set<Integer> generations = new HashSet<>();
        Map<String, Candidate> candidates = new HashMap<>();
        boolean checksums = false;
        int lineNo = 0;
        int from = 0;
        while (from < end) {
            int to = from;
            while (bytes[to] != '\n') to++;
            lineNo++;
            // a line end converted to CRLF (an editor) is still a line end
            int length = to > from && bytes[to - 1] == '\r' ? to - from - 1 : to - from;
            String line = new String(bytes, from, length, StandardCharsets.UTF_8);
            from = to + 1;
            if (line.isBlank()) continue;
            LineReader r = new LineReader(file, lineNo);
            boolean checked = r.verify(line, checksums);
            checksums |= checked;
            String type = r.text("type");
            switch (type) {
                case "generation" -> generations.add(r.integer("generation"));
                case "evaluation" -> evaluations.add(r.evaluation(candidates));
                default -> throw r.problem("unknown type '" + type + "' (a journal line is of type evaluation or "
                        + "generation)");
            }
        }
        return new Contents(evaluations, generations, lineNo, end);
    }

    /** Reads the fields of one line; every problem names the file, the line and how to recover. */
    private static final class LineReader {
        private static final String SUFFIX = ",\"" + Journal.CHECKSUM + "\":\"";
        /** {@code ,"crc32":"} + 8 hex digits + {@code "}}. */
        private static final int SUFFIX_LENGTH = SUFFIX.length() + 10;

        private final Path file;
        private final int line;
        private JsonNode node = Journal.JSON.missingNode();

        LineReader(Path file, int line) {
            this.file = file;
            this.line = line;
        }

        RunDirectoryException problem(String what) {
            return new RunDirectoryException(file, line, what + ". The journal is damaged at this line: delete "
                    + "line " + line + " (or truncate the journal before it) and resume; what it held is evaluated "
                    + "again");
        }

        /** Checks the line's checksum and parses it; returns whether it had a checksum. */
        boolean verify(String text, boolean checksumsSeen) throws RunDirectoryException {
            int n = text.length();
            boolean checked = n > SUFFIX_LENGTH && text.endsWith("\"}")
                    && text.startsWith(SUFFIX, n - SUFFIX_LENGTH)
                    && isHex(text, n - 10, n - 2);
            String json = checked ? text.substring(0, n - SUFFIX_LENGTH) + "}" : text;
            if (checked) {
                String stored = text.substring(n - 10, n - 2);
                String computed = Journal.crc32(json);
                if (!stored.equals(computed)) {
                    throw problem("checksum mismatch (stored " + stored + ", computed " + computed
                            + "): the line was changed after it was written");
                }
            }
            try {
                node = Journal.JSON.readTree(json);
            } catch (RuntimeException e) {
                throw problem("not a journal line (not valid JSON)");
            }
            if (!node.isObject()) throw problem("not a journal line (not a JSON object)");
            if (!checked && checksumsSeen) {
                throw problem("no checksum, though earlier lines have one: every line after the first with a "
                        + "checksum must have one");
            }
            return checked;
        }

        private static boolean isHex(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            }
            return true;
        }

        Entry evaluation(Map<String, Candidate> candidates) throws RunDirectoryException {
            String name = text("candidate");
            String canonical = text("canonical");
            Candidate c = candidates.get(name + "\n" + canonical);
            if (c == null) {
                ExperimentSpec unnamed;
                try {
                    unnamed = SpecReader.experimentFromString(canonical, file + ":" + line + " (canonical)");
                } catch (SpecException e) {
                    throw problem("the candidate's canonical spec does not parse (" + e.problems().get(0).message()
                            + ")");
                }
                try {
                    c = new Candidate(unnamed.withName(name).withDescription(null), canonical,
                            name.substring(name.lastIndexOf('-') + 1));
                } catch (IllegalArgumentException e) {
                    throw problem("field 'candidate' is not a candidate's name (" + e.getMessage() + ")");
                }
                candidates.put(name + "\n" + canonical, c);
            }
            String status = text("status");
            EvaluationStatus s = Arrays.stream(EvaluationStatus.values()).filter(v -> v.name().equals(status))
                    .findFirst().orElseThrow(() -> problem("unknown status '" + status + "' (expected one of "
                            + Arrays.stream(EvaluationStatus.values()).map(Enum::name)
                                    .collect(Collectors.joining(", ")) + ")"));
            String reason = text("reason");
            if (reason.isBlank()) throw problem("field 'reason' is blank (every outcome has a reason)");
            List<Double> curve = numbers("loss_curve");
            if (curve.size() > Outcome.CURVE_POINTS) {
                throw problem("field 'loss_curve' holds " + curve.size() + " points (at most "
                        + Outcome.CURVE_POINTS + ")");
            }
            long pretrainingSteps = integral("pretraining_steps", -1);
            Outcome o;
            try {
                o = new Outcome(s, number("auc"), integral("steps_to_target", -1), integral("steps", 0),
                        number("health"), strings("flags"), number("final_loss"), integral("parameters", 0), reason,
                        curve, pretrainingSteps < 0 ? null : new PretrainingPhase(pretrainingSteps,
                                numbers("pretraining_loss"), number("health_after_pretraining")), measures(),
                        gradients());
            } catch (IllegalArgumentException e) {
                throw problem("not an outcome (" + e.getMessage() + ")");
            }
            return new Entry(line, integer("generation"), integer("index"), c, required("seed").longValue(),
                    integer("rung"), o, integral("duration_ms", 0));
        }

        private JsonNode required(String field) throws RunDirectoryException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) throw problem("field '" + field + "' is missing");
            if (field.equals("seed") && !(v.isIntegralNumber() && v.canConvertToLong())) {
                throw problem("field 'seed' is " + shown(v) + " (expected a whole number)");
            }
            return v;
        }

        String text(String field) throws RunDirectoryException {
            JsonNode v = required(field);
            if (!v.isString()) throw problem("field '" + field + "' is " + shown(v) + " (expected a string)");
            return v.asString();
        }

        int integer(String field) throws RunDirectoryException {
            JsonNode v = required(field);
            if (!(v.isIntegralNumber() && v.canConvertToInt()) || v.intValue() < 0) {
                throw problem("field '" + field + "' is " + shown(v) + " (expected a whole number >= 0)");
            }
            return v.intValue();
        }

        /** An optional whole number ({@code absent} when missing, as in journals of older versions). */
        long integral(String field, long absent) throws RunDirectoryException {
            JsonNode v = node.get(field);
            if (v == null) return absent;
            if (!(v.isIntegralNumber() && v.canConvertToLong())) {
                throw problem("field '" + field + "' is " + shown(v) + " (expected a whole number)");
            }
            return v.longValue();
        }

        /** The optional "gradient_norms": null when missing (journals written before they were kept). */
        @Nullable GradientProfile gradients() throws RunDirectoryException {
            JsonNode v = node.get("gradient_norms");
            if (v == null || v.isNull()) return null;
            if (!v.isObject()) {
                throw problem("field 'gradient_norms' is " + shown(v) + " (expected {\"init\": [...], \"end\": [...]})");
            }
            return new GradientProfile(numbers("gradient_norms.init", v.get("init")),
                    numbers("gradient_norms.end", v.get("end")));
        }

        /** An optional measurement: null or missing is NaN. */
        double number(String field) throws RunDirectoryException {
            JsonNode v = node.get(field);
            return value(field, v);
        }

        private double value(String field, @Nullable JsonNode v) throws RunDirectoryException {
            if (v == null || v.isNull()) return Double.NaN;
            if (!v.isNumber()) throw problem("field '" + field + "' is " + shown(v) + " (expected a number or null)");
            return v.doubleValue();
        }

        /** The optional {@code health_measures} object: names to numbers (null is NaN), in the line's order. */
        Map<String, Double> measures() throws RunDirectoryException {
            JsonNode v = node.get("health_measures");
            if (v == null || v.isNull()) return Map.of();
            if (!v.isObject()) {
                throw problem("field 'health_measures' is " + shown(v) + " (expected names with numbers)");
            }
            Map<String, Double> out = new LinkedHashMap<>();
            for (var e : v.properties()) out.put(e.getKey(), value("health_measures." + e.getKey(), e.getValue()));
            return out;
        }

        List<Double> numbers(String field) throws RunDirectoryException {
            return numbers(field, node.get(field));
        }

        private List<Double> numbers(String field, @Nullable JsonNode v) throws RunDirectoryException {
            if (v == null) return List.of();
            if (!v.isArray()) throw problem("field '" + field + "' is " + shown(v) + " (expected a list of numbers)");
            List<Double> out = new ArrayList<>();
            for (JsonNode x : v.values()) out.add(value(field, x));
            return out;
        }

        List<String> strings(String field) throws RunDirectoryException {
            JsonNode v = node.get(field);
            if (v == null) return List.of();
            if (!v.isArray()) throw problem("field '" + field + "' is " + shown(v) + " (expected a list of names)");
            List<String> out = new ArrayList<>();
            for (JsonNode x : v.values()) {
                if (!x.isString()) throw problem("field '" + field + "' holds " + shown(x) + " (expected names)");
                out.add(x.asString());
            }
            return out;
        }

        /** A value as the message shows it: short JSON text. */
        private static String shown(JsonNode v) {
            String s = v.toString();
            return s.length() > 40 ? s.substring(0, 37) + "..." : s;
        }
    }
}
