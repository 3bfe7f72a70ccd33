package io.gradforge.search;

import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only {@code journal.jsonl} of a run: one JSON object per line, written and forced to disk one line
 * at a time, so a killed search loses at most the line being written.
 * <ul>
 *   <li>{@code {"type":"evaluation", "generation", "index", "candidate", "canonical", "seed", "steps", "rung",
 *       "status", "reason", "objectives": {name: score}, "auc", "health", "flags", "final_loss",
 *       "parameters", "steps_to_target", "duration_ms", "loss_curve" (at most 100 bucket means)}}
 *       (NaN is written as null);</li>
 *   <li>{@code {"type":"generation", "generation", "evaluations", "executed", "replayed", "cache_hits",
 *       "best": {"candidate", "objectives"} | null, "front_size", "elapsed_ms"}}.</li>
 * </ul>
 *
 * @implNote Writing is synchronized; one journal object per run.
 */
final class Journal implements Closeable {
    /** The last field of every line: the CRC-32 of the line's JSON without this field, 8 lower-case hex digits. */
    static final String CHECKSUM = "crc32";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it if absent. */
    static Journal append(Path file) throws IOException {
        return new Journal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    synchronized void evaluation(Evaluation e, List<String> objectiveNames) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "evaluation");
        m.put("generation", e.generation());
        m.put("index", e.index());
        m.put("candidate", e.candidate().experiment().name());
        m.put("seed", e.seed());
        m.put("steps", e.outcome().steps());
        m.put("rung", e.rung());
        m.put("status", e.status().name());
        m.put("reason", e.outcome().reason());
        m.put("objectives", objectives(e, objectiveNames));
        m.put("auc", num(e.outcome().auc()));
        m.put("health", num(e.outcome().health()));
        m.put("flags", e.outcome().flags());
        m.put("final_loss", num(e.outcome().finalLoss()));
        m.put("parameters", e.outcome().parameters());
        m.put("steps_to_target", e.outcome().stepsToTarget());
        m.put("duration_ms", e.durationMillis());
        m.put("loss_curve", e.outcome().lossCurve().stream().map(Journal::num).toList());
        m.put("canonical", e.candidate().canonical());
        write(m);
    }

    synchronized void generation(GenerationSummary g, List<String> objectiveNames) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "generation");
        m.put("generation", g.generation());
        m.put("evaluations", g.evaluations());
        m.put("executed", g.executed());
        m.put("replayed", g.replayed());
        m.put("cache_hits", g.cacheHits());
        Evaluation best = g.best();
        if (best == null) {
            m.put("best", null);
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("candidate", best.candidate().experiment().name());
            b.put("objectives", objectives(best, objectiveNames));
            m.put("best", b);
        }
        m.put("front_size", g.frontSize());
        m.put("elapsed_ms", g.elapsed().toMillis());
        write(m);
    }

    private void write(Map<String, Object> line) throws IOException {
        byte[] bytes = (checksummed(JSON.writeValueAsString(line)) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static Map<String, Object> objectives(Evaluation e, List<String> names) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) o.put(names.get(i), e.objective(i));
        return o;
    }

    static @Nullable Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }


    /** {@code json} (one JSON object) with its checksum field appended: {@code ...,"crc32":"1a2b3c4d"}}. */
    static String checksummed(String json) {
        return json.substring(0, json.length() - 1) + ",\"" + CHECKSUM + "\":\"" + crc32(json) + "\"}";
    }

    private static String crc32(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /**
     * A journaled evaluation, as read back.
     *
     * @param line the 1-based line it was read from
     */
    record Entry(int line, int generation, int index, Candidate candidate, long seed, int rung, Outcome outcome,
            long durationMillis) {}

    /**
     * What a journal holds: its evaluations in file order and the generations it completed.
     *
     * @param lines    the number of complete lines
     * @param complete the bytes of those lines; a longer file ends in a line cut short by a kill
     */
    record Contents(List<Entry> evaluations, Set<Integer> generations, int lines, long complete) {
        static final Contents EMPTY = new Contents(List.of(), Set.of(), 0, 0);

        Contents {
            evaluations = List.copyOf(evaluations);
            generations = Set.copyOf(generations);
        }
    }

    /**
     * What an earlier run journaled, as a resumed run needs it: outcomes by cache key ({@link #key}) and the
     * generations it completed.
     *
     * @param lines the number of complete lines
     */
    record Replay(Map<String, Entry> outcomes, Set<Integer> generations, int lines) {
        static Replay empty() {
            return new Replay(Map.of(), Set.of(), 0);
        }

        static Replay of(Contents contents) {
            Map<String, Entry> outcomes = new HashMap<>();
            for (Entry e : contents.evaluations()) outcomes.put(key(e.rung(), e.candidate().canonical()), e);
            return new Replay(Map.copyOf(outcomes), contents.generations(), contents.lines());
        }
    }

    static String key(int rung, String canonical) {
        return rung + "\n" + canonical;
    }

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
        private static final String SUFFIX = ",\"" + CHECKSUM + "\":\"";
        /** {@code ,"crc32":"} + 8 hex digits + {@code "}}. */
        private static final int SUFFIX_LENGTH = SUFFIX.length() + 10;

        private final Path file;
        private final int line;
        private JsonNode node = JSON.missingNode();

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
                String computed = crc32(json);
                if (!stored.equals(computed)) {
                    throw problem("checksum mismatch (stored " + stored + ", computed " + computed
                            + "): the line was changed after it was written");
                }
            }
            try {
                node = JSON.readTree(json);
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
            Outcome o;
            try {
                o = new Outcome(s, number("auc"), integral("steps_to_target", -1), integral("steps", 0),
                        number("health"), strings("flags"), number("final_loss"), integral("parameters", 0), reason,
                        curve);
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

        List<Double> numbers(String field) throws RunDirectoryException {
            JsonNode v = node.get(field);
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
