package io.gradforge.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final String FILE = "journal.jsonl";
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
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
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

    private static double dbl(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
    }

    /** A journaled evaluation, as the resumed run needs it. */
    record Entry(Outcome outcome, long durationMillis) {}

    /**
     * What an earlier run journaled: outcomes by cache key ({@link #key}) and the generations it completed.
     *
     * @param lines the number of complete lines
     */
    record Replay(Map<String, Entry> outcomes, Set<Integer> generations, int lines) {
        static Replay empty() {
            return new Replay(Map.of(), Set.of(), 0);
        }
    }

    static String key(int rung, String canonical) {
        return rung + "\n" + canonical;
    }

    /**
     * Reads {@code file}; a last line cut short by a kill is dropped and truncated away so appending continues
     * on a clean line. A line that does not parse elsewhere is an error naming its line number.
     */
    static Replay read(Path file) throws IOException {
        if (!Files.exists(file)) return Replay.empty();
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        Map<String, Entry> outcomes = new HashMap<>();
        Set<Integer> generations = new HashSet<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (RuntimeException e) {
                throw new IOException(file + ":" + lineNo + ": not a journal line (" + e.getMessage() + ")", e);
            }
            String type = n.path("type").asString();
            if (type.equals("generation")) {
                generations.add(n.path("generation").asInt());
            } else if (type.equals("evaluation")) {
                List<String> flags = new ArrayList<>();
                n.path("flags").values().forEach(f -> flags.add(f.asString()));
                List<Double> curve = new ArrayList<>();
                n.path("loss_curve").values().forEach(v -> curve.add(dbl(v)));
                Outcome o = new Outcome(EvaluationStatus.valueOf(n.path("status").asString()), dbl(n.get("auc")),
                        n.path("steps_to_target").asLong(), n.path("steps").asLong(), dbl(n.get("health")), flags,
                        dbl(n.get("final_loss")), n.path("parameters").asLong(), n.path("reason").asString(), curve);
                outcomes.put(key(n.path("rung").asInt(), n.path("canonical").asString()),
                        new Entry(o, n.path("duration_ms").asLong()));
            }
        }
        return new Replay(Map.copyOf(outcomes), Set.copyOf(generations), lineNo);
    }
}
