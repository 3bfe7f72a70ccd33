package io.gradforge.search;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A search's run directory: the names of its files, the lock that lets one process write it at a time, and the
 * one reader of a run ({@link #read}) that everything else ({@code gradforge report}, tools) goes through.
 *
 * {@snippet :
 * RecordedRun run = RunDirectory.read(Path.of("runs/quickstart-20260101-120000"));
 * System.out.println(run.evaluations().size() + " evaluations, best " + run.best());
 * }
 */
public final class RunDirectory {
    /** The search spec the run started with. */
    public static final String SPEC = "search.yaml";
    /** One line per evaluation and per generation, appended as they happen ({@link Journal}). */
    public static final String JOURNAL = "journal.jsonl";
    public static final String BEST = "best.yaml";
    public static final String FRONT = "front.csv";
    public static final String EVALUATIONS = "evaluations.csv";
    public static final String CURVES = "curves.csv";
    public static final String SUMMARY = "summary.json";
    /** The HTML report; the CLI writes it. */
    public static final String REPORT = "report.html";
    /**
     * Locked by the process that writes the directory; it holds that process's pid, host and start. The file
     * stays after the run: only the operating system's lock counts, and the system releases it when the process
     * ends, however it ends.
     */
    public static final String LOCK = ".lock";

    private RunDirectory() {}

    /**
     * Reads the run in {@code dir} without changing it: its spec, every journaled evaluation (scored as the search
     * scores them), the front and the best (as {@link ParetoFront} computes them for the running search) and the
     * summary when the run got that far. A journal line cut short by a kill is left out.
     *
     * @throws RunDirectoryException when {@code dir} is not a run directory or its journal or summary is damaged
     *     (the same message {@link Search#resume} gives)
     */
    public static RecordedRun read(Path dir) throws IOException {
        SearchSpec spec = spec(dir);
        Objectives objectives = Objectives.of(spec.objectives());
        Journal.Contents journal = JournalReader.read(dir.resolve(JOURNAL));
        // as a run records them: one evaluation per candidate and rung, the last journaled one counting
        Map<String, Evaluation> byKey = new LinkedHashMap<>();
        for (Journal.Entry e : journal.evaluations()) {
            byKey.put(Journal.key(e.rung(), e.candidate().canonical()), new Evaluation(e.generation(), e.index(),
                    e.candidate(), e.seed(), e.rung(), e.outcome(), objectives.scores(e.outcome()),
                    e.durationMillis()));
        }
        List<Evaluation> all = new ArrayList<>(byKey.values());
        all.sort(RECORD_ORDER);
        Map<String, Evaluation> latest = new LinkedHashMap<>();
        for (Evaluation e : all) {
            Evaluation seen = latest.get(e.candidate().canonical());
            if (seen == null || seen.rung() <= e.rung()) latest.put(e.candidate().canonical(), e);
        }
        return new RecordedRun(dir, spec, all, ParetoFront.of(latest.values(), objectives),
                ParetoFront.best(latest.values(), objectives), RunSummary.read(dir.resolve(SUMMARY)));
    }

    /** The order of a result's evaluations: by generation, index, rung. */
    static final Comparator<Evaluation> RECORD_ORDER = Comparator.comparingInt(Evaluation::generation)
            .thenComparingInt(Evaluation::index).thenComparingInt(Evaluation::rung);

    /**
     * The spec the run in {@code dir} started with.
     *
     * @throws RunDirectoryException when {@code dir} is missing, not a directory, or holds no {@value #SPEC}
     */
    public static SearchSpec spec(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir)) {
            throw new RunDirectoryException(dir, "no such run directory; give the directory a search wrote "
                    + "(gradforge search SPEC --out DIR)");
        }
        if (!Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir, "is a file, not a run directory; give the directory a search "
                    + "wrote (gradforge search SPEC --out DIR)");
        }
        Path file = dir.resolve(SPEC);
        if (!Files.isRegularFile(file)) {
            throw new RunDirectoryException(dir, "not a run directory of gradforge search (no " + SPEC + "); give "
                    + "the directory a search wrote (gradforge search SPEC --out DIR)");
        }
        return SpecReader.readSearch(file);
    }

    /**
     * The first setting in which {@code given} differs from {@code run} (as their YAML says them), e.g.
     * {@code "ga.population is 3 there, auto in the run"}, or null when they are the same spec.
     */
    public static @Nullable String difference(SearchSpec run, SearchSpec given) {
        if (run.equals(given)) return null;
        List<String> a = SpecWriter.write(run).lines().toList();
        List<String> b = SpecWriter.write(given).lines().toList();
        List<String> path = new ArrayList<>(); // the keys of the lines above, by indentation
        List<Integer> indents = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String mine = i < a.size() ? a.get(i) : "";
            String theirs = i < b.size() ? b.get(i) : "";
            String line = mine.isBlank() ? theirs : mine;
            int indent = indentation(line);
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            String key = key(line);
            if (!mine.equals(theirs)) {
                String where = String.join(".", path);
                String prefix = where.isEmpty() ? "" : where + ".";
                String kMine = key(mine);
                String kTheirs = key(theirs);
                if (kMine != null && kTheirs != null && !kMine.equals(kTheirs)) {
                    // a setting only one of them has: the other goes on with its next key
                    if (!hasKey(a, i, kTheirs, indentation(theirs))) {
                        return prefix + kTheirs + " is " + value(theirs) + " there, not set in the run";
                    }
                    if (!hasKey(b, i, kMine, indentation(mine))) {
                        return prefix + kMine + " is " + value(mine) + " in the run, not set there";
                    }
                }
                if (key != null && key.equals(key(theirs.isBlank() ? mine : theirs))) {
                    where = where.isEmpty() ? key : where + "." + key;
                    return where + " is " + value(theirs) + " there, " + value(mine) + " in the run";
                }
                return (where.isEmpty() ? "the settings" : where) + " differ (\"" + theirs.strip() + "\" there, \""
                        + mine.strip() + "\" in the run)";
            }
            if (key != null) {
                indents.add(indent);
                path.add(key);
            }
        }
        return "the settings differ";
    }

    /** Whether {@code key} stands at {@code indent} in {@code lines} from {@code from} to the end of its block. */
    private static boolean hasKey(List<String> lines, int from, String key, int indent) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            int at = indentation(line);
            if (at < indent) return false;
            if (at == indent && key.equals(key(line))) return true;
        }
        return false;
    }

    private static int indentation(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** The key of a YAML line {@code "  key: ..."}, or null for a list item or a comment. */
    private static @Nullable String key(String line) {
        String t = line.strip();
        int colon = t.indexOf(':');
        if (t.startsWith("-") || t.startsWith("#") || colon <= 0) return null;
        String k = t.substring(0, colon);
        return k.matches("[A-Za-z_][A-Za-z0-9_]*") ? k : null;
    }

    private static String value(String line) {
        String t = line.strip();
        return t.substring(t.indexOf(':') + 1).strip();
    }

    /**
     * {@code spec} as the YAML of a run's {@value #SPEC} or {@value #BEST}: {@link SpecWriter#write(Spec)} with its
     * schema comment pointing from {@code dir} to the schema, or without it when no schema is found. The written
     * comment's path is relative to a spec in {@code specs/} and does not resolve from {@code runs/<run>/}; the
     * canonical text keeps it (candidate ids and seeds derive from that text), so only the files here change.
     *
     * @param specFile the spec file the search was started from, or null (built in code, or resumed)
     */
    static String yaml(Spec spec, Path dir, @Nullable Path specFile) {
        String text = SpecWriter.write(spec);
        Path schema = schema(specFile);
        String comment = "";
        if (schema != null) {
            Path from = dir.toAbsolutePath().normalize();
            comment = SpecWriter.schemaComment(from.getRoot().equals(schema.getRoot())
                    ? from.relativize(schema).toString().replace('\\', '/') : schema.toUri().toString());
        }
        return comment + text.substring(SpecWriter.SCHEMA_COMMENT.length());
    }

    /**
     * The schema a run's YAML points editors at: where the spec file's own comment points (beside it, in
     * {@code schema/}), else the working directory's {@code specs/schema/}; null when neither exists.
     */
    private static @Nullable Path schema(@Nullable Path specFile) {
        List<Path> candidates = new ArrayList<>();
        Path specDir = specFile == null ? null : specFile.toAbsolutePath().getParent();
        if (specDir != null) candidates.add(specDir.resolve(SpecWriter.SCHEMA_PATH));
        candidates.add(Path.of("specs").resolve(SpecWriter.SCHEMA_PATH));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) return c.toAbsolutePath().normalize();
        }
        return null;
    }

    /**
     * Takes the run directory {@code dir} for this process until the returned lock is closed.
     *
     * @throws RunDirectoryException when another process (or another search in this one) holds it, naming the
     *     holder
     */
    static Lock lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            channel.close();
            throw new RunDirectoryException(dir, "in use by another search in this process; wait for it to end "
                    + "or give another directory");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new RunDirectoryException(dir, "in use by another search (" + holder + "); wait for it to end, "
                    + "or give another directory (--out DIR)");
        }
        try {
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap(description().getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) channel.write(text, text.position());
            channel.force(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Lock(channel);
    }

    /** "pid 123 on host x, since 2026-12-06T13:00:00Z": who this process is, for a second process to read. */
    private static String description() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException unknown) {
            host = "an unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now() + "\n";
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            channel.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "a process that has just started" : s;
        } catch (IOException e) {
            return "a process whose details cannot be read";
        }
    }

    /** The hold on a run directory; closing it lets another process take the directory. */
    static final class Lock implements Closeable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close(); // releases the lock; the file stays (deleting it would let two holders lock two files)
        }
    }

    /**
     * A run as read back from its directory.
     *
     * @param directory   where it is
     * @param spec        the spec it started with
     * @param evaluations every journaled evaluation, by generation, index and rung
     * @param front       the Pareto front, best first
     * @param best        the best by weighted score, or null when none trained
     * @param summary     {@value #SUMMARY}, or null when the run ended before writing it (killed)
     */
    public record RecordedRun(Path directory, SearchSpec spec, List<Evaluation> evaluations, List<Evaluation> front,
            @Nullable Evaluation best, @Nullable RunSummary summary) {
        public RecordedRun {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(spec, "spec");
            evaluations = List.copyOf(evaluations);
            front = List.copyOf(front);
        }
    }
}
