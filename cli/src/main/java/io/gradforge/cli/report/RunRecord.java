package io.gradforge.cli.report;

import io.gradforge.search.Evaluation;
import io.gradforge.search.Objectives;
import io.gradforge.search.RunDirectory;
import io.gradforge.search.RunDirectory.RecordedRun;
import io.gradforge.search.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a report shows of one run: the search spec's identity, how the run ended, and every evaluation with the
 * front and the best. Read from a run directory through {@link RunDirectory#read} (the search's own reader, so
 * the report and {@code --resume} see the same run and refuse the same damage), finished or interrupted.
 *
 * @param name         the search's name (from the user's spec: escape before showing)
 * @param description  the search's description, or null
 * @param seed         the run seed
 * @param stop         why the run ended ("generations", "cancelled" ...), or "interrupted" when no summary exists
 * @param wall         the wall time (the first run's and every resume's), or null when unknown
 * @param provenance   one line: versions, JVM, OS, threads, start time (empty when unknown)
 * @param objectives   objective names in score order
 * @param weights      their weights, in the same order (the weighted score that picks the best)
 * @param evaluations  every evaluation, by generation, index and rung
 * @param front        the Pareto front, best first
 * @param best         the best by weighted score, or null when none trained
 * @param runDirectory where the run lives
 */
public record RunRecord(String name, @Nullable String description, long seed, String stop, @Nullable Duration wall,
        String provenance, List<String> objectives, List<Double> weights, List<Evaluation> evaluations,
        List<Evaluation> front, @Nullable Evaluation best, Path runDirectory) {

    public RunRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(provenance, "provenance");
        objectives = List.copyOf(objectives);
        weights = List.copyOf(weights);
        if (weights.size() != objectives.size()) {
            throw new IllegalArgumentException(objectives.size() + " objectives but " + weights.size() + " weights.");
        }
        evaluations = List.copyOf(evaluations);
        front = List.copyOf(front);
        Objects.requireNonNull(runDirectory, "runDirectory");
    }

    /**
     * Reads a run directory. A journal line cut short by a kill is left out (nothing is written here).
     *
     * @throws io.gradforge.search.RunDirectoryException when {@code dir} is not a run directory or is damaged
     */
    public static RunRecord read(Path dir) throws IOException {
        RecordedRun run = RunDirectory.read(dir);
        RunSummary summary = run.summary();
        Objectives scoring = Objectives.of(run.spec().objectives());
        return new RunRecord(run.spec().name(), run.spec().description(), run.spec().seed(),
                summary == null ? "interrupted" : summary.stop(), summary == null ? null : summary.wall(),
                provenance(summary), scoring.names(), scoring.weights(), run.evaluations(), run.front(),
                run.best(), dir);
    }

    /** The weighted score of {@code e}'s objective scores. */
    public double weighted(Evaluation e) {
        double sum = 0;
        for (int i = 0; i < weights.size(); i++) sum += weights.get(i) * e.objective(i);
        return sum;
    }

    private static String provenance(@Nullable RunSummary s) {
        if (s == null) return "";
        Map<String, String> p = s.provenance();
        List<String> parts = new ArrayList<>();
        if (p.containsKey("gradforge_version")) parts.add("gradforge " + p.get("gradforge_version"));
        if (p.containsKey("jenetics_version")) parts.add("Jenetics " + p.get("jenetics_version"));
        if (p.containsKey("java_version")) parts.add("Java " + p.get("java_version"));
        if (p.containsKey("jvm")) parts.add(p.get("jvm"));
        if (p.containsKey("os")) parts.add(p.get("os"));
        if (p.containsKey("threads")) {
            parts.add(p.get("threads") + " threads on " + p.getOrDefault("cores", "?") + " cores");
        }
        if (p.containsKey("kernel")) parts.add("kernels " + p.get("kernel"));
        if (s.start() != null) {
            parts.add("started " + s.start().truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ')
                    .replace("Z", " UTC"));
        }
        if (s.resumes() > 0) parts.add("resumed " + s.resumes() + (s.resumes() == 1 ? " time" : " times"));
        return String.join(" · ", parts);
    }
}
