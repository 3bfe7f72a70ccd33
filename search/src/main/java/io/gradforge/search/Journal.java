package io.gradforge.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only {@code journal.jsonl} of a run: one JSON object per line, each handed to the operating system
 * (one {@code write}) as soon as it is recorded, so a killed search loses at most the line being written. Lines
 * are forced to the disk by a background thread as they come ({@link Syncer}: one {@code fsync} covers every line
 * written since the previous one) and by {@link #close()}; an operating-system crash or power loss can lose the
 * lines of the last fsync's duration, which a resumed run evaluates again. Forced on the evaluating thread, each
 * line made the evaluations wait for the disk: in a quickstart search on a busy machine JFR recorded 21 of its
 * 180 fsyncs at 10-87 ms each ({@code jdk.FileForce}), when a small network trains in 10-30 ms.
 * <ul>
 *   <li>{@code {"type":"evaluation", "generation", "index", "candidate", "canonical", "seed", "steps", "rung",
 *       "status", "reason", "objectives": {name: score}, "auc", "health", "flags", "final_loss",
 *       "parameters", "steps_to_target", "duration_ms", "loss_curve" (at most 100 bucket means), and for a
 *       candidate that pretrained "pretraining_steps", "pretraining_loss" (each hidden layer's final
 *       reconstruction loss) and "health_after_pretraining", when measured "health_measures": {name: value}
 *       ({@link Outcome#measures()}), and for a trained or diverged candidate "gradient_norms": {"init": [...],
 *       "end": [...]} (each dense layer's weight-gradient norm, see {@link GradientProfile})} (NaN is written as
 *       null);</li>
 *   <li>{@code {"type":"generation", "generation", "evaluations", "executed", "replayed", "cache_hits",
 *       "best": {"candidate", "objectives"} | null, "front_size", "elapsed_ms"}}.</li>
 * </ul>
 * Every line ends with the field {@code "crc32"}: the CRC-32 of the line's JSON text without that field (8
 * lower-case hex digits), so a line changed by hand or by bit rot is refused rather than believed
 * ({@link JournalReader}). Journals written before checksums have none and still load.
 *
 * @implNote Writing is synchronized; one journal object per run.
 */
final class Journal implements Closeable {
    /** The last field of every line: the CRC-32 of the line's JSON without this field, 8 lower-case hex digits. */
    static final String CHECKSUM = "crc32";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final FileChannel channel;
    private final Syncer syncer;

    private Journal(FileChannel channel) {
        this.channel = channel;
        this.syncer = new Syncer(channel);
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
        PretrainingPhase p = e.outcome().pretraining();
        if (p != null) { // only then: journals of searches without pretraining keep their bytes
            m.put("pretraining_steps", p.steps());
            m.put("pretraining_loss", p.reconstructionLoss().stream().map(Journal::num).toList());
            m.put("health_after_pretraining", num(p.health()));
        }
        if (!e.outcome().measures().isEmpty()) {
            Map<String, Object> measures = new LinkedHashMap<>();
            e.outcome().measures().forEach((k, v) -> measures.put(k, num(v)));
            m.put("health_measures", measures);
        }
        GradientProfile g = e.outcome().gradients();
        if (g != null) {
            Map<String, Object> norms = new LinkedHashMap<>();
            norms.put("init", g.init().stream().map(Journal::num).toList());
            norms.put("end", g.end().stream().map(Journal::num).toList());
            m.put("gradient_norms", norms);
        }
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
        syncer.written();
    }

    /** Forces every line written so far to the disk, then closes the file. */
    @Override
    public synchronized void close() throws IOException {
        try {
            syncer.close();
        } finally {
            channel.close();
        }
    }

    /**
     * Forces a channel's written bytes to the disk off the writing threads: {@link #written()} only marks the
     * channel dirty; a daemon thread forces it while it is dirty, so a burst of lines shares one fsync. The first
     * failure to force is kept and thrown by {@link #close()}.
     */
    private static final class Syncer implements Runnable {
        private final FileChannel channel;
        private final Thread thread;
        private boolean dirty;
        private boolean closing;
        private @Nullable IOException failure;

        Syncer(FileChannel channel) {
            this.channel = channel;
            this.thread = Thread.ofPlatform().daemon().name("gradforge-journal-sync").unstarted(this);
            thread.start();
        }

        synchronized void written() {
            dirty = true;
            notifyAll();
        }

        @Override
        public void run() {
            while (true) {
                synchronized (this) {
                    while (!dirty && !closing) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!dirty) return; // closing with nothing left to force
                    dirty = false;
                }
                try {
                    channel.force(false);
                } catch (IOException e) {
                    synchronized (this) {
                        if (failure == null) failure = e;
                    }
                    if (!channel.isOpen()) return;
                }
            }
        }

        /** Waits until everything written is forced (the last force runs here, so none is skipped). */
        void close() throws IOException {
            synchronized (this) {
                closing = true;
                notifyAll();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
            synchronized (this) {
                if (failure != null) throw failure;
            }
        }
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

    static String crc32(String text) {
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
}
