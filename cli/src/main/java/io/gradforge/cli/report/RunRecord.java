package io.gradforge.cli.report;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.search.Candidate;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Objectives;
import io.gradforge.search.Outcome;
import io.gradforge.search.SearchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a report shows of one run: the search spec's identity, how the run ended, and every evaluation with the
 * front and the best. Built from a finished {@link SearchResult}, or read back from a run directory
 * ({@code search.yaml}, {@code journal.jsonl}, and {@code summary.json} / {@code front.csv} when the run got that
 * far), so an interrupted run has a report too.
 *
 * @param name         the search's name (from the user's spec: escape before showing)
 * @param description  the search's description, or null
 * @param seed         the run seed
 * @param stop         why the run ended ("generations", "cancelled" ...), or "interrupted" when no summary exists
 * @param wall         the wall time, or null when unknown
 * @param provenance   one line: versions, JVM, OS, threads, start time (empty when unknown)
 * @param objectives   objective names in score order
 * @param evaluations  every evaluation, journal order
 * @param front        the Pareto front, best first
 * @param best         the best by weighted score, or null when none trained
 * @param runDirectory where the run lives
 */
public record RunRecord(String name, @Nullable String description, long seed, String stop, @Nullable Duration wall,
        String provenance, List<String> objectives, List<Evaluation> evaluations, List<Evaluation> front,
        @Nullable Evaluation best, Path runDirectory) {
    static final String SPEC_FILE = "search.yaml";
    static final String JOURNAL = "journal.jsonl";
    static final String SUMMARY = "summary.json";
    static final String FRONT = "front.csv";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public RunRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(provenance, "provenance");
        objectives = List.copyOf(objectives);
        evaluations = List.copyOf(evaluations);
        front = List.copyOf(front);
        Objects.requireNonNull(runDirectory, "runDirectory");
    }

    /** The record of a search that just ended; the header comes from the run directory's spec and summary. */
    public static RunRecord of(SearchResult result, SearchSpec spec) throws IOException {
        Path dir = result.runDirectory();
        JsonNode summary = summary(dir);
        return new RunRecord(spec.name(), spec.description(), spec.seed(),
                result.stop().name().toLowerCase(Locale.ROOT), result.elapsed(), provenance(summary),
                result.objectives(), result.evaluations(), result.front(), result.best(), dir);
    }

    /**
     * Reads a run directory. A journal line cut short by a kill is skipped (nothing is written here).
     *
     * @throws NoSuchFileException when {@code dir} holds no {@code search.yaml}
     */
    public static RunRecord read(Path dir) throws IOException {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile)) {
            throw new NoSuchFileException(specFile.toString(), null,
                    "not a run directory of gradforge search (no " + SPEC_FILE + ")");
        }
        SearchSpec spec = SpecReader.readSearch(specFile);
        Objectives objectives = Objectives.of(spec.objectives());
        List<Evaluation> evaluations = journal(dir.resolve(JOURNAL), objectives.names());
        JsonNode summary = summary(dir);
        String stop = summary == null ? "interrupted" : summary.path("stop").asString("interrupted");
        Duration wall = null;
        if (summary != null && summary.hasNonNull("start") && summary.hasNonNull("end")) {
            try {
                wall = Duration.between(Instant.parse(summary.path("start").asString()),
                        Instant.parse(summary.path("end").asString()));
            } catch (RuntimeException unparsable) {
                wall = null;
            }
        }
        List<Evaluation> front = front(dir.resolve(FRONT), evaluations);
        if (front == null) front = paretoFront(evaluations, objectives);
        Evaluation best = front.stream().max(Comparator.comparingDouble(e -> objectives.weighted(e.objectives())))
                .orElse(null);
        if (summary != null && summary.path("best").hasNonNull("candidate")) {
            String bestName = summary.path("best").path("candidate").asString();
            best = front.stream().filter(e -> e.candidate().experiment().name().equals(bestName)).findFirst()
                    .orElse(best);
        }
        if (best != null && !front.isEmpty() && front.get(0) != best) {
            List<Evaluation> ordered = new ArrayList<>(front);
            ordered.remove(best);
            ordered.add(0, best);
            front = ordered;
        }
        return new RunRecord(spec.name(), spec.description(), spec.seed(), stop, wall, provenance(summary),
                objectives.names(), evaluations, front, best, dir);
    }

    private static @Nullable JsonNode summary(Path dir) throws IOException {
        Path file = dir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a run summary (" + e.getMessage() + ")", e);
        }
    }

    private static String provenance(@Nullable JsonNode s) {
        if (s == null) return "";
        List<String> parts = new ArrayList<>();
        if (s.hasNonNull("gradforge_version")) parts.add("gradforge " + s.path("gradforge_version").asString());
        if (s.hasNonNull("jenetics_version")) parts.add("Jenetics " + s.path("jenetics_version").asString());
        if (s.hasNonNull("java_version")) parts.add("Java " + s.path("java_version").asString());
        if (s.hasNonNull("jvm")) parts.add(s.path("jvm").asString());
        if (s.hasNonNull("os")) parts.add(s.path("os").asString());
        if (s.hasNonNull("threads")) {
            parts.add(s.path("threads").asInt() + " threads on " + s.path("cores").asInt() + " cores");
        }
        if (s.hasNonNull("kernel")) parts.add("kernels " + s.path("kernel").asString());
        if (s.hasNonNull("start")) {
            String start = s.path("start").asString();
            try {
                start = Instant.parse(start).truncatedTo(ChronoUnit.SECONDS).toString()
                        .replace('T', ' ').replace("Z", " UTC");
            } catch (RuntimeException unparsable) {
                // show it as written
            }
            parts.add("started " + start);
        }
        return String.join(" · ", parts);
    }

    /** The evaluations of a journal; candidates are rebuilt from their canonical YAML. */
    static List<Evaluation> journal(Path file, List<String> objectiveNames) throws IOException {
        List<Evaluation> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        Map<String, ExperimentSpec> parsed = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (RuntimeException e) {
                if (i == lines.size() - 1) break; // cut short by a kill
                throw new IOException(file + ":" + (i + 1) + ": not a journal line (" + e.getMessage() + ")", e);
            }
            if (!n.path("type").asString("").equals("evaluation")) continue;
            String name = n.path("candidate").asString();
            String canonical = n.path("canonical").asString();
            ExperimentSpec unnamed = parsed.get(canonical);
            if (unnamed == null) {
                unnamed = SpecReader.experimentFromString(canonical, file + ":" + (i + 1) + " (canonical)");
                parsed.put(canonical, unnamed);
            }
            ExperimentSpec experiment = unnamed.withName(name).withDescription(null);
            String id = name.substring(name.lastIndexOf('-') + 1);
            List<String> flags = new ArrayList<>();
            n.path("flags").values().forEach(f -> flags.add(f.asString()));
            List<Double> curve = new ArrayList<>();
            n.path("loss_curve").values().forEach(v -> curve.add(num(v)));
            String reason = n.path("reason").asString("");
            Outcome o = new Outcome(EvaluationStatus.valueOf(n.path("status").asString()), num(n.get("auc")),
                    n.path("steps_to_target").asLong(-1), n.path("steps").asLong(), num(n.get("health")), flags,
                    num(n.get("final_loss")), n.path("parameters").asLong(), reason.isBlank() ? "-" : reason, curve);
            double[] scores = new double[objectiveNames.size()];
            for (int k = 0; k < scores.length; k++) {
                double s = num(n.path("objectives").get(objectiveNames.get(k)));
                scores[k] = Double.isFinite(s) ? s : 0;
            }
            out.add(new Evaluation(n.path("generation").asInt(), n.path("index").asInt(),
                    new Candidate(experiment, canonical, id), n.path("seed").asLong(), n.path("rung").asInt(), o,
                    scores, n.path("duration_ms").asLong()));
        }
        out.sort(Comparator.comparingInt(Evaluation::generation).thenComparingInt(Evaluation::index));
        return out;
    }

    private static double num(@Nullable JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
    }

    /** The front named by {@code front.csv} (candidate, rung), or null when the run wrote none. */
    private static @Nullable List<Evaluation> front(Path file, List<Evaluation> evaluations) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return null;
        List<String> header = List.of(lines.get(0).split(","));
        int nameCol = header.indexOf("candidate");
        int rungCol = header.indexOf("rung");
        if (nameCol < 0 || rungCol < 0) return null;
        Map<String, Evaluation> byKey = new LinkedHashMap<>();
        for (Evaluation e : evaluations) byKey.putIfAbsent(e.candidate().experiment().name() + "@" + e.rung(), e);
        List<Evaluation> front = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // names and rungs come before any quoted cell, so a plain split finds them
            String[] cells = line.split(",", -1);
            if (cells.length <= Math.max(nameCol, rungCol)) continue;
            Evaluation e = byKey.get(cells[nameCol] + "@" + cells[rungCol]);
            if (e != null) front.add(e);
        }
        return front;
    }

    /** The non-dominated trained candidates, each at its highest rung (as the search computes its front). */
    static List<Evaluation> paretoFront(List<Evaluation> evaluations, Objectives objectives) {
        Map<String, Evaluation> latest = new LinkedHashMap<>();
        for (Evaluation e : evaluations) {
            Evaluation seen = latest.get(e.candidate().canonical());
            if (seen == null || e.rung() >= seen.rung()) latest.put(e.candidate().canonical(), e);
        }
        List<Evaluation> trained = latest.values().stream().filter(e -> e.status() == EvaluationStatus.TRAINED)
                .toList();
        List<Evaluation> front = new ArrayList<>();
        for (Evaluation e : trained) {
            boolean dominated = trained.stream().anyMatch(o -> Objectives.dominates(o.objectives(), e.objectives()));
            if (!dominated) front.add(e);
        }
        front.sort(Comparator.comparingDouble((Evaluation e) -> objectives.weighted(e.objectives())).reversed());
        return front;
    }
}
