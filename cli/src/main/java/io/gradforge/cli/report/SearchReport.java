package io.gradforge.cli.report;

import static io.gradforge.cli.report.Svg.esc;

import io.gradforge.run.OutputFiles;
import io.gradforge.search.CandidateTraits;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The {@code report.html} of a run: one self-contained page (inline CSS and SVG, no script, nothing fetched)
 * with the run's header, the Pareto scatter, loss curves, the front and the failures, and what the search learned.
 * Every piece of text that comes from a spec or a run is escaped.
 *
 * {@snippet :
 * Path file = SearchReport.write(RunRecord.read(Path.of("runs/quickstart-1")));
 * }
 */
public final class SearchReport {
    /** The report's file name in a run directory. */
    public static final String FILE = io.gradforge.search.RunDirectory.REPORT;
    /** The most rows of the not-trained table. */
    static final int MAX_FAILURE_ROWS = 200;
    private static final Set<String> SATURATING = Set.of("sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "softsign");

    private SearchReport() {}

    /** Writes {@code report.html} into the run directory (via a temporary file) and returns its path. */
    public static Path write(RunRecord run) throws IOException {
        Path file = run.runDirectory().resolve(FILE);
        OutputFiles.write(file, html(run));
        return file;
    }

    /** The page. */
    public static String html(RunRecord run) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc("Gradforge search report: " + run.name())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, run);
        h.append("<section>\n<h2>Convergence against gradient health</h2>\n")
                .append("<p class=\"note\">Every evaluated candidate is a dot (hover for its traits). Candidates that "
                        + "were not trained score 0 on both and sit fanned out at the origin. Up and right is "
                        + "better.</p>\n<div class=\"chart\">")
                .append(ReportCharts.scatter(run)).append("</div>\n</section>\n");
        h.append("<section>\n<h2>Progress by generation</h2>\n<p class=\"note\">Each objective's score (0 to 1, "
                + "higher is better) over the distinct candidates a generation evaluated: the best, the median, and "
                + "the best of the run so far. Candidates that were not trained score 0. Hover a dot for the "
                + "numbers.</p>\n<div class=\"bars\">").append(ReportCharts.generations(run)).append("</div>\n</section>\n");
        List<ReportCharts.Curve> curves = ReportCharts.curvesToShow(run, 3);
        h.append("<section>\n<h2>Loss curves</h2>\n");
        if (curves.isEmpty()) {
            h.append("<p class=\"note\">No candidate recorded a loss curve.</p>\n");
        } else {
            h.append("<p class=\"note\">Solid: the Pareto front. Dashed: the worst first-generation candidates, "
                    + "for contrast. × marks where a run diverged.</p>\n<div class=\"chart\">")
                    .append(ReportCharts.lossCurves(curves)).append("</div>\n");
        }
        h.append("</section>\n");
        gradients(h, run);
        frontTable(h, run);
        failureTable(h, run);
        learned(h, run);
        predictive(h, run);
        h.append("<footer>Written by gradforge. Regenerate with <code>gradforge report ")
                .append(esc(run.runDirectory().toString())).append("</code>.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunRecord run) {
        h.append("<header>\n<h1>Search report: ").append(esc(run.name())).append("</h1>\n");
        if (run.description() != null && !run.description().isBlank()) {
            h.append("<p class=\"description\">").append(esc(run.description())).append("</p>\n");
        }
        long trained = run.evaluations().stream().filter(e -> e.status() == EvaluationStatus.TRAINED).count();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("seed", String.valueOf(run.seed()));
        facts.put("evaluations", run.evaluations().size() + " (" + trained + " trained)");
        facts.put("stopped", stopText(run.stop()));
        facts.put("wall time", run.wall() == null ? "-" : duration(run.wall()));
        facts.put("objectives", String.join(", ", run.objectives()));
        facts.put("front", run.front().size() + " candidates");
        h.append("<dl class=\"facts\">\n");
        facts.forEach((k, v) -> h.append("<div><dt>").append(esc(k)).append("</dt><dd>").append(esc(v))
                .append("</dd></div>\n"));
        h.append("</dl>\n");
        if (!run.provenance().isEmpty()) {
            h.append("<p class=\"provenance\">").append(esc(run.provenance())).append("</p>\n");
        }
        Evaluation best = run.best();
        if (best != null) {
            CandidateTraits t = CandidateTraits.of(best.candidate());
            h.append("<div class=\"best-box\"><p>Best by weighted score: <b>").append(esc(best.candidate().experiment()
                    .name())).append("</b> — ").append(esc(t.depth() + " × " + t.widthText() + " "
                    + t.activationText() + ", " + t.initText() + ", " + (t.recurrent() ? t.skipText() : "skip " + t.skip())
                    + ", norm " + t.normalization()))
                    .append(", health ").append(Svg.fmt(best.outcome().health(), 3)).append(", auc ")
                    .append(Svg.fmt(best.outcome().auc(), 3)).append(".</p>\n<p>Train it:</p>\n<pre><code>gradforge train ")
                    .append(esc(run.runDirectory().resolve(io.gradforge.search.RunDirectory.BEST).toString()))
                    .append("</code></pre></div>\n");
        } else {
            h.append("<div class=\"best-box none\"><p>No candidate trained, so there is no best. The table of "
                    + "candidates that were not trained says why.</p></div>\n");
        }
        h.append("</header>\n");
    }

    static String stopText(String stop) {
        return switch (stop) {
            case "generations" -> "all generations done";
            case "max_evaluations" -> "max_evaluations reached";
            case "max_time" -> "max_time reached";
            case "cancelled" -> "cancelled (resume with gradforge search --resume)";
            case "exhausted" -> "no new candidate left in the space";
            default -> stop;
        };
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static void gradients(StringBuilder h, RunRecord run) {
        String flow = ReportCharts.frontFlow(run, 8);
        String byGeneration = ReportCharts.generationGradients(run);
        if (flow == null && byGeneration == null) return; // a run journaled before the norms were kept
        h.append("<section>\n<h2>Gradient flow</h2>\n");
        if (flow != null) {
            h.append("<p class=\"note\">Each dense layer's weight-gradient norm ||dL/dW|| of the front's candidates "
                    + "(the best starred): dotted at init, solid at the end of training. A line that falls towards "
                    + "layer 1 is a gradient that vanishes on its way back; one that rises, a gradient that "
                    + "explodes.</p>\n<div class=\"chart\">").append(flow).append("</div>\n");
        }
        if (byGeneration != null) {
            h.append("<p class=\"note\">The same norm at the end of training for each generation's best candidate by "
                    + "weighted score: how the gradients of what the search prefers changed as it went. Rows are "
                    + "dense layers (1 at the top); an empty cell is a layer the candidate did not have.</p>\n"
                    + "<div class=\"chart\">").append(byGeneration).append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void frontTable(StringBuilder h, RunRecord run) {
        h.append("<section>\n<h2>Pareto front</h2>\n");
        if (run.front().isEmpty()) {
            h.append("<p class=\"note\">Empty: no candidate trained.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"table-wrap\"><table class=\"front\">\n<thead><tr><th></th><th>candidate</th><th>depth</th><th>widths</th>"
                + "<th>activation</th><th>init</th><th>skip</th><th>norm</th><th>clipping</th><th>lr</th>"
                + "<th>params</th><th>health</th><th>auc</th><th>flags</th><th>reason</th></tr></thead>\n<tbody>\n");
        for (Evaluation e : run.front()) {
            CandidateTraits t = CandidateTraits.of(e.candidate());
            Outcome o = e.outcome();
            h.append("<tr>");
            cell(h, e == run.best() ? "★" : "");
            h.append("<td class=\"name\">").append(esc(e.candidate().experiment().name())).append("</td>");
            num(h, String.valueOf(t.depth()));
            cell(h, t.widthText());
            cell(h, t.activationText());
            cell(h, t.initText());
            cell(h, t.skipText());
            cell(h, t.normalization());
            cell(h, t.clipping());
            num(h, Svg.sig(t.learningRate()));
            num(h, Svg.count(o.parameters()));
            num(h, Svg.fmt(o.health(), 3));
            num(h, Svg.fmt(o.auc(), 3));
            cell(h, o.flags().isEmpty() ? "-" : String.join(", ", o.flags()));
            h.append("<td class=\"reason\">").append(esc(o.reason())).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void failureTable(StringBuilder h, RunRecord run) {
        List<Evaluation> failed = run.evaluations().stream().filter(e -> e.status() != EvaluationStatus.TRAINED)
                .toList();
        h.append("<section>\n<h2>Not trained: screened out, diverged or failed (").append(failed.size())
                .append(")</h2>\n");
        if (failed.isEmpty()) {
            h.append("<p class=\"note\">Every candidate trained.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"table-wrap\"><table class=\"failures\">\n<thead><tr><th>candidate</th><th>gen</th><th>status</th><th>depth</th>"
                + "<th>widths</th><th>activation</th><th>init</th><th>skip</th><th>norm</th><th>lr</th>"
                + "<th>health</th><th>flags</th><th>reason</th></tr></thead>\n<tbody>\n");
        for (Evaluation e : failed.subList(0, Math.min(failed.size(), MAX_FAILURE_ROWS))) {
            CandidateTraits t = CandidateTraits.of(e.candidate());
            Outcome o = e.outcome();
            h.append("<tr>");
            h.append("<td class=\"name\">").append(esc(e.candidate().experiment().name())).append("</td>");
            num(h, String.valueOf(e.generation()));
            h.append("<td><span class=\"status ").append(e.status().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(esc(e.status().name())).append("</span></td>");
            num(h, String.valueOf(t.depth()));
            cell(h, t.widthText());
            cell(h, t.activationText());
            cell(h, t.initText());
            cell(h, t.skipText());
            cell(h, t.normalization());
            num(h, Svg.sig(t.learningRate()));
            num(h, Svg.fmt(o.health(), 3));
            cell(h, o.flags().isEmpty() ? "-" : String.join(", ", o.flags()));
            h.append("<td class=\"reason\">").append(esc(o.reason())).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
        if (failed.size() > MAX_FAILURE_ROWS) {
            h.append("<p class=\"note\">").append(failed.size() - MAX_FAILURE_ROWS)
                    .append(" more in evaluations.csv.</p>\n");
        }
        h.append("</section>\n");
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(esc(text)).append("</td>");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }

    /** The distinct candidates evaluated, each at its highest rung, so re-evaluated elites count once. */
    static List<Evaluation> distinct(List<Evaluation> evaluations) {
        Map<String, Evaluation> distinct = new LinkedHashMap<>();
        for (Evaluation e : evaluations) {
            Evaluation seen = distinct.get(e.candidate().canonical());
            if (seen == null || e.rung() >= seen.rung()) distinct.put(e.candidate().canonical(), e);
        }
        return List.copyOf(distinct.values());
    }

    /** Statistics over distinct candidates (each at its highest rung), so re-evaluated elites count once. */
    private static void learned(StringBuilder h, RunRecord run) {
        List<Evaluation> all = distinct(run.evaluations());
        h.append("<section>\n<h2>What the search learned</h2>\n");
        if (all.isEmpty()) {
            h.append("<p class=\"note\">Nothing was evaluated.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"note\">Over the ").append(all.size())
                .append(" distinct candidates evaluated. Health is the measured gradient-health score (not "
                        + "measured counts as missing); n is the number of candidates in each group.</p>\n");
        List<String> findings = new ArrayList<>();

        // VANISHING share by activation family
        Function<Evaluation, String> family = e -> {
            List<String> acts = CandidateTraits.of(e.candidate()).activations();
            boolean sat = acts.stream().anyMatch(a -> SATURATING.contains(a.toLowerCase(Locale.ROOT)));
            return sat ? "sigmoid/tanh" : "relu family";
        };
        Map<String, double[]> vanishing = group(all, family, e -> e.outcome().flags().contains("VANISHING") ? 1 : 0);
        Map<String, double[]> untrainable = group(all, family, e -> e.status() == EvaluationStatus.TRAINED ? 0 : 1);
        List<ReportCharts.Bar> famBars = new ArrayList<>();
        for (var g : vanishing.entrySet()) {
            double share = g.getValue()[0] / g.getValue()[1];
            famBars.add(new ReportCharts.Bar(g.getKey(), share, percent(share) + " (n=" + (long) g.getValue()[1] + ")",
                    g.getKey().equals("sigmoid/tanh") ? "#3a6fd8" : "#8fb0ec"));
            double notTrained = untrainable.get(g.getKey())[0] / g.getValue()[1];
            findings.add(g.getKey() + ": " + percent(share) + " flagged VANISHING, " + percent(notTrained)
                    + " not trained (n=" + (long) g.getValue()[1] + ")");
        }
        Map<String, double[]> byActivation = group(all,
                e -> CandidateTraits.of(e.candidate()).activationText(), e -> e.outcome().flags().contains("VANISHING")
                        ? 1 : 0);
        List<ReportCharts.Bar> actBars = new ArrayList<>();
        byActivation.forEach((k, v) -> actBars.add(new ReportCharts.Bar(k, v[0] / v[1], percent(v[0] / v[1])
                + " (n=" + (long) v[1] + ")", SATURATING.contains(k) ? "#3a6fd8" : "#8fb0ec")));

        Map<String, double[]> byInit = group(all.stream().filter(e -> Double.isFinite(e.outcome().health())).toList(),
                e -> CandidateTraits.of(e.candidate()).initText(), e -> e.outcome().health());
        Map<String, double[]> bySkip = group(all.stream().filter(e -> Double.isFinite(e.outcome().health())).toList(),
                e -> "skip " + CandidateTraits.of(e.candidate()).skip(), e -> e.outcome().health());
        Map<String, double[]> byNorm = group(all.stream().filter(e -> Double.isFinite(e.outcome().health())).toList(),
                e -> "norm " + CandidateTraits.of(e.candidate()).normalization(), e -> e.outcome().health());
        findings.add("mean health by init: " + means(byInit));
        findings.add("mean health by skip: " + means(bySkip));
        findings.add("mean health by normalization: " + means(byNorm));

        h.append("<ul class=\"findings\">\n");
        findings.forEach(f -> h.append("<li>").append(esc(f)).append("</li>\n"));
        h.append("</ul>\n<div class=\"bars\">\n");
        h.append(ReportCharts.bars("share flagged VANISHING, by activation family", famBars, 1));
        h.append(ReportCharts.bars("share flagged VANISHING, by activation", actBars, 1));
        h.append(ReportCharts.bars("mean gradient health, by init", meanBars(byInit, "#2e9e4f"), 1));
        h.append(ReportCharts.bars("mean gradient health, by skip", meanBars(bySkip, "#2e9e4f"), 1));
        h.append(ReportCharts.bars("mean gradient health, by normalization", meanBars(byNorm, "#2e9e4f"), 1));
        h.append("</div>\n</section>\n");
    }

    /** Readable names of {@link Outcome#measures()} keys (others are shown as they are). */
    private static final Map<String, String> MEASURE_NAMES = Map.of(
            "init_score", "health score at init",
            "early_score", "health score from init and the first 10% of training",
            "init_attenuation", "attenuation at init (decades, first to last dense layer)",
            "early_attenuation", "attenuation at 10% of training (decades)",
            "init_saturation", "mean saturation at init",
            "early_saturation", "mean saturation at 10%",
            "init_dead", "mean dead-unit fraction at init",
            "early_dead", "mean dead-unit fraction at 10%",
            "early_update", "log10 median update ratio, first 10%");

    /**
     * "Does health predict convergence here?": the rank correlation of the health objective and of each recorded
     * measure at init and early in training with the candidates' final convergence (AUC, a diverged run worst).
     */
    private static void predictive(StringBuilder h, RunRecord run) {
        List<Evaluation> trained = distinct(run.evaluations()).stream().filter(e -> e.status() == EvaluationStatus.TRAINED
                || e.status() == EvaluationStatus.DIVERGED).toList();
        h.append("<section>\n<h2>Does health predict convergence here?</h2>\n");
        if (trained.size() < MIN_CORRELATED) {
            h.append("<p class=\"note\">Too few candidates trained (").append(trained.size()).append(", at least ")
                    .append(MIN_CORRELATED).append(" needed) for a rank correlation.</p>\n</section>\n");
            return;
        }
        double worst = trained.stream().mapToDouble(e -> e.outcome().auc()).filter(Double::isFinite).max()
                .orElse(0.0) + 1.0;
        double[] auc = trained.stream().mapToDouble(e -> Double.isFinite(e.outcome().auc()) ? e.outcome().auc()
                : worst).toArray();
        Map<String, ToDoubleFunction<Evaluation>> measures = new LinkedHashMap<>();
        measures.put("health (the search's objective)", e -> e.outcome().health());
        for (Evaluation e : trained) {
            for (String k : e.outcome().measures().keySet()) {
                measures.putIfAbsent(MEASURE_NAMES.getOrDefault(k, k), x -> x.outcome().measures()
                        .getOrDefault(k, Double.NaN));
            }
        }
        h.append("<p class=\"note\">Over the ").append(trained.size()).append(" distinct candidates this search "
                + "trained (screened-out ones have no final convergence). Convergence is the AUC of the loss curve "
                + "(lower is better; a diverged run counts worst), so a measure that predicts good convergence "
                + "correlates <b>negatively</b>. Caveat: these candidates are the search's selection, not a random "
                + "sample: the search concentrates on what scores well, which narrows the range of both the measures "
                + "and the convergence and usually weakens the correlations a random sample of the space would show "
                + "(bench/README.md, \"Predictive validity\", has those). A dash: the measure was the same for "
                + "every candidate (e.g. no attenuation beyond what the score forgives), so it cannot rank them.</p>\n");
        h.append("<div class=\"table-wrap\"><table class=\"predictive\">\n<thead><tr><th>measure</th><th>n</th>"
                + "<th>Spearman vs AUC</th><th>Kendall vs AUC</th></tr></thead>\n<tbody>\n");
        measures.forEach((name, f) -> {
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < trained.size(); i++) {
                double v = f.applyAsDouble(trained.get(i));
                if (Double.isFinite(v)) pairs.add(new double[] {v, auc[i]});
            }
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            boolean enough = x.length >= MIN_CORRELATED;
            h.append("<tr>");
            cell(h, name);
            num(h, String.valueOf(x.length));
            num(h, enough ? Svg.fmt(RankCorrelation.spearman(x, y), 2) : "-");
            num(h, enough ? Svg.fmt(RankCorrelation.kendall(x, y), 2) : "-");
            h.append("</tr>\n");
        });
        h.append("</tbody>\n</table></div>\n</section>\n");
    }

    /** The fewest candidates a rank correlation is shown for. */
    static final int MIN_CORRELATED = 10;

    /** Per group: {sum of value, count}, groups in first-seen order. */
    private static Map<String, double[]> group(List<Evaluation> es, Function<Evaluation, String> key,
            ToDoubleFunction<Evaluation> value) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Evaluation e : es) {
            double[] acc = m.computeIfAbsent(key.apply(e), k -> new double[2]);
            acc[0] += value.applyAsDouble(e);
            acc[1]++;
        }
        return m;
    }

    private static List<ReportCharts.Bar> meanBars(Map<String, double[]> groups, String colour) {
        List<ReportCharts.Bar> bars = new ArrayList<>();
        groups.forEach((k, v) -> bars.add(new ReportCharts.Bar(k, v[0] / v[1], Svg.fmt(v[0] / v[1], 2) + " (n="
                + (long) v[1] + ")", colour)));
        return bars;
    }

    private static String means(Map<String, double[]> groups) {
        if (groups.isEmpty()) return "-";
        List<String> parts = new ArrayList<>();
        groups.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0] / b.getValue()[1],
                a.getValue()[0] / a.getValue()[1])).forEach(g -> parts.add(g.getKey() + " " + Svg.fmt(
                g.getValue()[0] / g.getValue()[1], 2) + " (n=" + (long) g.getValue()[1] + ")"));
        return String.join(", ", parts);
    }

    private static String percent(double share) {
        return Double.isFinite(share) ? Math.round(share * 100) + "%" : "-";
    }

    /** The style every Gradforge page shares. */
    static final String CSS = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px auto;
                   max-width: 1200px; padding: 0 16px; }
            h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px;
                   border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            .description { color: #555; margin: 0 0 12px; }
            .facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0; }
            .facts div { min-width: 110px; } dt { font-size: 12px; color: #777; text-transform: uppercase; }
            dd { margin: 0; font-weight: 600; }
            .provenance { font-size: 12px; color: #777; margin: 4px 0 12px; }
            .best-box { background: #f3f8f3; border: 1px solid #cfe3cf; border-radius: 6px; padding: 8px 14px; }
            .best-box.none { background: #fbf1f1; border-color: #ebcccc; }
            .best-box p { margin: 4px 0; } pre { margin: 4px 0; } code { font: 13px ui-monospace, Menlo, Consolas, monospace; }
            pre code { display: block; background: #222; color: #eee; padding: 8px 12px; border-radius: 4px;
                   overflow-x: auto; }
            .note { color: #666; font-size: 13px; margin: 4px 0 8px; }
            .chart svg { max-width: 100%; height: auto; }
            table { border-collapse: collapse; font-size: 12px; width: 100%; }
            th, td { padding: 3px 5px; border-bottom: 1px solid #e6e6e6; text-align: left; vertical-align: top; }
            .table-wrap { overflow-x: auto; }
            td.num { white-space: nowrap; } td.reason { min-width: 150px; }
            th { background: #f4f4f4; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tbody tr:nth-child(even) { background: #fafafa; }
            .status { font-size: 11px; padding: 1px 5px; border-radius: 3px; color: #fff; background: #9a9a9a; }
            .status.diverged, .status.failed { background: #d3312f; }
            .findings { margin: 4px 0 10px; padding-left: 20px; }
            .bars { display: flex; flex-wrap: wrap; gap: 8px 24px; }
            footer { margin: 32px 0 8px; font-size: 12px; color: #888; }
            svg text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
            svg .grid { stroke: #eee; } svg .axis { stroke: #555; }
            svg .tick { font-size: 11px; fill: #444; } svg .label { font-size: 12px; fill: #333; }
            svg .legend { font-size: 12px; fill: #333; } svg .curve-label { font-size: 12px; }
            svg .dot { stroke: #fff; stroke-width: 0.8; fill-opacity: 0.85; }
            svg .gen-dot { stroke: #fff; stroke-width: 0.8; }
            svg .ring { fill: none; stroke: #111; stroke-width: 1.6; }
            svg .front-line { fill: none; stroke: #111; stroke-width: 1; stroke-dasharray: 4 3; }
            svg .best { fill: #ffd23f; stroke: #8a6d00; stroke-width: 1.2; }
            svg .curve { fill: none; stroke-width: 1.8; } svg .leader { stroke-width: 0.6; stroke-opacity: 0.6; }
            svg .cross { font-size: 16px; font-weight: 700; }
            """;
}
