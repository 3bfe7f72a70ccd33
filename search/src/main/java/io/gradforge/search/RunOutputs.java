package io.gradforge.search;

import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.Provenance;
import io.jenetics.Genotype;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Writes a run's outputs: {@code best.yaml} (an experiment {@code gradforge train} accepts, seeded as the search
 * trained it), {@code front.csv}, {@code evaluations.csv}, {@code curves.csv} (the front's loss curves) and
 * {@code summary.json} (the search's seed, {@link Provenance} and Jenetics version, threads, start and end, totals
 * and the best candidate; a resumed run keeps the first run's and adds itself to {@code resumes}: {@link RunSummary}).
 * Each file is written to a temporary name and moved into place, so a reader never sees half a file.
 */
final class RunOutputs {
    private RunOutputs() {}

    /**
     * Writes the outputs; {@code previous} is the summary of the run this one resumes (null for a first run), whose
     * provenance is kept ({@link RunSummary}); {@code specFile} the spec file the search started from, or null
     * ({@link RunDirectory#yaml}).
     */
    static void write(SearchResult result, SearchSpec spec, @Nullable Path specFile,
            @Nullable Map<String, Object> previous, Instant start, Instant end, int threads, String version)
            throws IOException {
        Path dir = result.runDirectory();
        Evaluation best = result.best();
        if (best != null) {
            OutputFiles.write(dir.resolve(RunDirectory.BEST),
                    RunDirectory.yaml(TrainingEvaluator.experiment(best.candidate(), best.seed()), dir, specFile));
        }
        OutputFiles.write(dir.resolve(RunDirectory.FRONT), csv(result.front(), result.objectives(), false));
        OutputFiles.write(dir.resolve(RunDirectory.EVALUATIONS), csv(result.evaluations(), result.objectives(), true));
        OutputFiles.write(dir.resolve(RunDirectory.CURVES), curves(result.front()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("search", spec.name());
        s.put("seed", spec.seed());
        Map<String, Object> provenance = Provenance.current(start).withGradforgeVersion(version).toMap();
        provenance.remove("time"); // start and end below say when
        s.putAll(provenance);
        s.put("jenetics_version", jeneticsVersion());
        s.put("threads", threads);
        s.put("start", start.toString());
        s.put("end", end.toString());
        s.put("elapsed_ms", result.elapsed().toMillis());
        s.put("stop", result.stop().name().toLowerCase(Locale.ROOT));
        s.put("generations", result.generations());
        s.put("evaluations", result.evaluations().size());
        s.put("executed", result.executed());
        s.put("replayed", result.replayed());
        s.put("cache_hits", result.cacheHits());
        s.put("objectives", result.objectives());
        s.put("front_size", result.front().size());
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("candidate", best.candidate().experiment().name());
            for (int i = 0; i < result.objectives().size(); i++) b.put(result.objectives().get(i), best.objective(i));
            b.put("auc", Journal.num(best.outcome().auc()));
            b.put("health", Journal.num(best.outcome().health()));
            b.put("flags", best.outcome().flags());
            b.put("seed", best.seed());
            s.put("best", b);
        } else {
            s.put("best", null);
        }
        OutputFiles.write(dir.resolve(RunDirectory.SUMMARY), RunSummary.text(RunSummary.merge(previous, s)));
    }

    /**
     * One row per evaluation; {@code timed} adds the (run-dependent) duration column, recurrent candidates a
     * truncation column after clipping (a dense search's file keeps its columns).
     */
    static String csv(List<Evaluation> rows, List<String> objectives, boolean timed) {
        StringBuilder sb = new StringBuilder();
        boolean recurrent = rows.stream().anyMatch(e -> CandidateTraits.of(e.candidate()).recurrent());
        List<String> header = new ArrayList<>(List.of("generation", "index", "candidate", "rung", "status", "depth",
                "widths", "activations", "inits", "skip", "normalization", "clipping", "learning_rate", "parameters"));
        if (recurrent) header.add(header.indexOf("clipping") + 1, "truncation");
        objectives.forEach(o -> header.add("score_" + o));
        header.addAll(List.of("auc", "health", "final_loss", "steps", "flags", "seed", "reason"));
        if (timed) header.add("duration_ms");
        sb.append(String.join(",", header)).append('\n');
        for (Evaluation e : rows) {
            CandidateTraits t = CandidateTraits.of(e.candidate());
            Outcome o = e.outcome();
            List<String> cells = new ArrayList<>(List.of(String.valueOf(e.generation()), String.valueOf(e.index()),
                    e.candidate().experiment().name(), String.valueOf(e.rung()),
                    e.status().name().toLowerCase(Locale.ROOT),
                    String.valueOf(t.depth()), t.widthText(), t.activationText(), t.initText(), t.skip(),
                    t.normalization(), t.clipping(), String.valueOf(t.learningRate()), String.valueOf(o.parameters())));
            if (recurrent) cells.add(header.indexOf("truncation"), t.truncation());
            for (int i = 0; i < objectives.size(); i++) cells.add(String.format(Locale.ROOT, "%.6f", e.objective(i)));
            cells.addAll(List.of(num(o.auc()), num(o.health()), num(o.finalLoss()), String.valueOf(o.steps()),
                    String.join(" ", o.flags()), String.valueOf(e.seed()), o.reason()));
            if (timed) cells.add(String.valueOf(e.durationMillis()));
            sb.append(String.join(",", cells.stream().map(RunOutputs::quote).toList())).append('\n');
        }
        return sb.toString();
    }

    /** The front's loss curves in long form: candidate, point (0-based bucket), step (bucket end), loss. */
    static String curves(List<Evaluation> front) {
        StringBuilder sb = new StringBuilder("candidate,point,step,loss\n");
        for (Evaluation e : front) {
            List<Double> curve = e.outcome().lossCurve();
            for (int i = 0; i < curve.size(); i++) {
                long step = (i + 1) * e.outcome().steps() / curve.size();
                sb.append(e.candidate().experiment().name()).append(',').append(i).append(',').append(step).append(',')
                        .append(num(curve.get(i))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }

    static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /** The Jenetics version on the class path (its manifest), else the one this module was built against. */
    static String jeneticsVersion() {
        String v = Genotype.class.getPackage().getImplementationVersion();
        if (v != null) return v;
        try (InputStream in = RunOutputs.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("jenetics.version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
