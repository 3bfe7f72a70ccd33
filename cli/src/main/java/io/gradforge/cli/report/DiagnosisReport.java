package io.gradforge.cli.report;

import static io.gradforge.cli.report.Svg.esc;

import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.HealthSnapshot;
import io.gradforge.core.health.HealthTrace;
import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.LayerStats;
import io.gradforge.core.health.MeanFieldComparison;
import io.gradforge.core.health.RecurrentStats;
import io.gradforge.core.health.Diagnosis;
import io.gradforge.core.health.HealthFlag;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.run.DiagnosisRun;
import io.gradforge.run.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The page {@code gradforge diagnose --report FILE.html} writes: one self-contained file (inline CSS and SVG, no
 * script, nothing fetched) that draws what the text tables say. The gradient flow layer by layer on a log axis (delta
 * and weight-gradient norms at init and at the end of training, the mean-field prediction as a line, flagged layers
 * ringed); layers x training-steps heatmaps of the weight-gradient norm, saturation and dead units; each layer's
 * Jacobian singular values over the probe rows (median line, min..max band, mean dots) and the input-output
 * Jacobian's. Every piece of text from the spec is escaped.
 */
public final class DiagnosisReport {
    private DiagnosisReport() {}

    /** Writes the page to {@code file} (via a temporary file in its directory). */
    public static void write(DiagnosisRun run, Path file) throws IOException {
        OutputFiles.write(file, html(run));
    }

    /** The page. */
    public static String html(DiagnosisRun run) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String name = run.spec().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc("Gradforge diagnosis: " + name)).append("</title>\n")
                .append("<style>\n").append(SearchReport.CSS).append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, run);
        HealthReport atInit = run.atInit();
        HealthReport after = run.afterTraining();
        boolean recurrent = atInit.init() != null && !atInit.init().recurrent().isEmpty();
        // one dense head on a recurrent layer has no flow between dense layers to draw: its health is through time
        if (!recurrent || atInit.initLayers().stream().filter(LayerStats::isDense).count() >= 2) {
            h.append("<section>\n<h2>Gradient flow</h2>\n<p class=\"note\">The norm of the gradient with respect to each "
                    + "dense layer's pre-activation (delta) and weights, going back from the output (right) to the first "
                    + "layer (left). A line that falls to the left is a vanishing gradient; one that rises, an exploding one."
                    + " The grey line is what mean-field theory predicts for delta from the weights' variances (plain chains "
                    + "only), anchored at the last layer. Ringed: layers a flag names (dead units beyond chance, "
                    + "saturation over 30%).</p>\n<div class=\"chart\">")
                    .append(flowChart(atInit, after)).append("</div>\n</section>\n");
        }
        if (recurrent) {
            h.append("<section>\n<h2>Gradient through time</h2>\n<p class=\"note\">For each recurrent layer, the norm "
                    + "of the gradient with respect to the hidden state h_k (mean over the rows of the batch) against "
                    + "the distance t-k from the last step, where the loss enters. A straight fall is a steady factor "
                    + "per step: a product of t-k step Jacobians that vanishes (Hochreiter 1991; Bengio et al. 1994). "
                    + "Dashed: the least-squares fit on the log norms. For an rnn whose W_hh has largest singular value "
                    + "below 1, the grey dashed line is Pascanu et al.'s bound sigma_max^(t-k) from the last step.</p>\n");
            List<RecurrentStats> last = after == null || after.trace() == null ? List.of()
                    : after.trace().last().recurrent();
            List<RecurrentStats> first = atInit.init().recurrent();
            for (int l = 0; l < first.size(); l++) {
                RecurrentStats end = l < last.size() ? last.get(l) : null;
                h.append("<h3>").append(esc("layer " + first.get(l).name() + " (" + first.get(l).cell() + ", T = "
                        + first.get(l).steps() + ")")).append("</h3>\n<div class=\"chart\">")
                        .append(timeChart(first.get(l), end, end == null ? -1 : after.trace().last().step()))
                        .append("</div>\n");
            }
            h.append("</section>\n");
        }
        HealthTrace trace = after == null ? null : after.trace();
        if (trace != null && trace.snapshots().size() >= 2) {
            h.append("<section>\n<h2>Over training</h2>\n<p class=\"note\">One row per dense layer (the first at the "
                    + "top), one column per health sample.</p>\n");
            h.append("<h3>Weight-gradient norm |dW| (log colour)</h3>\n<div class=\"chart\">")
                    .append(heatmap(trace, LayerStats::weightGradNorm, true, "|dW|")).append("</div>\n");
            if (trace.first().denseLayers().stream().anyMatch(LayerStats::saturates)) {
                h.append("<h3>Saturated share of sigmoid/tanh outputs</h3>\n<div class=\"chart\">")
                        .append(heatmap(trace, LayerStats::saturationFraction, false, "saturated")).append("</div>\n");
            }
            if (trace.first().denseLayers().stream().anyMatch(LayerStats::canDie)) {
                h.append("<h3>Dead share of relu units (off for the whole batch)</h3>\n<div class=\"chart\">")
                        .append(heatmap(trace, LayerStats::deadFraction, false, "dead")).append("</div>\n");
            }
            h.append("</section>\n");
        }
        JacobianSpectra j = run.jacobians();
        if (j.layers().stream().anyMatch(l -> l.spectrum() != null)) {
            h.append("<section>\n<h2>Jacobian spectra by layer at init</h2>\n<p class=\"note\">")
                    .append(esc("For each top-level layer, the singular values of d(output)/d(input) between "
                    + "consecutive layers' activations (Glorot & Bengio 2010; a residual block's trunk, skip plus "
                    + "branch) at each of the first " + j.rows() + " probe rows, each statistic the mean over the "
                    + "rows: the median as the line, the band from the smallest to the largest, the mean as dots "
                    + "(a zero, e.g. from relu units off at a row, sits on the bottom edge). "
                    + "Near 1 the layer keeps the signal's scale in every direction; Glorot & Bengio's 5 tanh layers "
                    + "average about 0.8 under their normalized init and 0.5 under the standard one. "
                    + (j.batchNorm() ? "Batch norm in training mode, with the statistics of the " + j.batchRows()
                            + "-row probe batch (in evaluation mode at init it is almost the identity)." : "")))
                    .append("</p>\n<div class=\"chart\">").append(layerSpectra(j)).append("</div>\n</section>\n");
        }
        JacobianSpectra.RowSpectra io = j.inputOutput();
        if (io != null) {
            h.append("<section>\n<h2>Input-output Jacobian at init</h2>\n<p class=\"note\">")
                    .append(esc("Singular values of d(output)/d(input), largest first, averaged over the first "
                    + io.rows() + " probe rows (dots), the bar from the smallest to the largest over the rows. "
                    + "Dynamical isometry (Saxe et al. 2014; Pennington et al. 2017) is all of them near 1; a spread "
                    + "over decades means some directions of the input barely reach the output."))
                    .append("</p>\n<div class=\"chart\">").append(spectrum(io)).append("</div>\n</section>\n");
        }
        h.append("<footer>Written by gradforge diagnose.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, DiagnosisRun run) {
        h.append("<header>\n<h1>Diagnosis: ").append(esc(run.spec().name())).append("</h1>\n");
        String d = run.spec().description();
        if (d != null && !d.isBlank()) h.append("<p class=\"description\">").append(esc(d)).append("</p>\n");
        HealthReport init = run.atInit();
        HealthReport after = run.afterTraining();
        TrainingResult r = run.training();
        h.append("<dl class=\"facts\">\n");
        fact(h, "probe batch", run.probeBatchSize() + " rows");
        fact(h, "score at init", Svg.fmt(init.score(), 2));
        if (r != null && after != null) {
            fact(h, "steps", Svg.count(r.steps()));
            fact(h, "final loss", Svg.sig(r.finalTrainLoss()));
            if (Double.isFinite(r.trainAccuracy())) fact(h, "accuracy", Svg.fmt(100 * r.trainAccuracy(), 1) + "%");
            fact(h, "score after", Svg.fmt(after.score(), 2));
        } else {
            fact(h, "steps", "0 (at initialization only)");
        }
        h.append("</dl>\n<h2>Verdict</h2>\n<ul class=\"findings\">\n");
        List<String> verdict = after == null ? init.verdict() : Diagnosis.verdict(init, after);
        for (String line : verdict) h.append("<li>").append(esc(line)).append("</li>\n");
        h.append("</ul>\n</header>\n");
    }

    private static void fact(StringBuilder h, String term, String value) {
        h.append("<div><dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd></div>\n");
    }

    /** One series of the flow chart: values by dense layer (NaN where absent). */
    private record Series(String label, double[] values, String colour, boolean dashed) {}

    static String flowChart(HealthReport atInit, @Nullable HealthReport after) {
        List<LayerStats> init = atInit.initLayers().stream().filter(LayerStats::isDense).toList();
        int n = init.size();
        List<Series> series = new ArrayList<>();
        series.add(new Series("|delta| at init", values(init, LayerStats::deltaNorm), "#1f77b4", false));
        series.add(new Series("|dW| at init", values(init, LayerStats::weightGradNorm), "#1f77b4", true));
        if (after != null && after.trace() != null) {
            List<LayerStats> last = after.trace().last().denseLayers();
            if (last.size() == n) {
                String at = " at step " + after.trace().last().step();
                series.add(new Series("|delta|" + at, values(last, LayerStats::deltaNorm), "#ff7f0e", false));
                series.add(new Series("|dW|" + at, values(last, LayerStats::weightGradNorm), "#ff7f0e", true));
            }
        }
        double[] predicted = predictedDeltas(atInit, init);
        if (predicted != null) series.add(new Series("mean-field |delta|", predicted, "#888888", false));
        Svg svg = new Svg(860, 380, 70, 20, 190, 46);
        Svg.Scale y = logAxis(svg, series);
        if (n == 0 || y == null) {
            return placeholder(svg, "no dense layer with a finite gradient", "gradient flow");
        }
        Svg.Scale x = Svg.Scale.linear(1, Math.max(2, n), svg.left, svg.plotRight());
        svg.axes(x, y, "dense layer (1 = first)", "norm (log)");
        drawSeries(svg, x, y, series, 1);
        double[] delta = series.getFirst().values();
        for (int l = 0; l < n; l++) {
            LayerStats s = init.get(l);
            boolean flagged = s.saturationFraction() > HealthFlag.SATURATION_FRACTION || s.deadBeyondChance();
            if (flagged && delta[l] > 0 && Double.isFinite(delta[l])) {
                svg.raw("<circle class=\"ring\" cx=\"" + Svg.n(x.at(l + 1)) + "\" cy=\"" + Svg.n(y.at(delta[l]))
                        + "\" r=\"6\"><title>" + esc("layer " + s.name() + ": saturated "
                        + pct(s.saturationFraction()) + ", dead " + pct(s.deadFraction())) + "</title></circle>");
            }
        }
        return svg.render("gradient flow by layer");
    }

    /** A log axis over the positive finite values of every series, whole decades outward; null when there is none. */
    private static Svg.@Nullable Scale logAxis(Svg svg, List<Series> series) {
        List<Double> values = new ArrayList<>();
        for (Series s : series) for (double v : s.values()) values.add(v);
        return logAxis(svg, values, false);
    }

    /**
     * A log axis over the positive finite {@code values} (and 1 when {@code withOne}), whole decades outward; null when
     * none is positive.
     */
    private static Svg.@Nullable Scale logAxis(Svg svg, List<Double> values, boolean withOne) {
        double lo = withOne ? 1.0 : Double.POSITIVE_INFINITY;
        double hi = withOne ? 1.0 : 0.0;
        boolean any = false;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                any = true;
            }
        }
        if (!any) return null;
        return Svg.Scale.log(Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi))),
                svg.plotBottom(), svg.top);
    }

    /** A chart with nothing to draw: {@code message} in its middle. */
    private static String placeholder(Svg svg, String message, String ariaLabel) {
        return svg.text(svg.width / 2.0, svg.height / 2.0, message, "class=\"label\" text-anchor=\"middle\"")
                .render(ariaLabel);
    }

    /** Each series as a polyline (value i at x = i + xOffset; non-positive or non-finite values left out) with its legend. */
    private static void drawSeries(Svg svg, Svg.Scale x, Svg.Scale y, List<Series> series, int xOffset) {
        int row = 0;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (!(v > 0 && Double.isFinite(v))) continue;
                points.append(Svg.n(x.at(i + xOffset))).append(',').append(Svg.n(y.at(v))).append(' ');
            }
            svg.raw("<polyline class=\"curve\" points=\"" + points.toString().trim() + "\" stroke=\"" + s.colour()
                    + "\"" + (s.dashed() ? " stroke-dasharray=\"5 3\"" : "") + "><title>" + esc(s.label())
                    + "</title></polyline>");
            double ly = svg.top + 14 + 18 * row++;
            svg.line(svg.plotRight() + 12, ly - 4, svg.plotRight() + 36, ly - 4, "stroke=\"" + s.colour()
                    + "\" stroke-width=\"2\"" + (s.dashed() ? " stroke-dasharray=\"5 3\"" : ""));
            svg.text(svg.plotRight() + 42, ly, s.label(), "class=\"legend\"");
        }
    }

    /**
     * ||dL/dh_k|| against t-k (log axis) for one recurrent layer at init and at the last sample of training, each
     * beside its least-squares fit; for an rnn with sigma_max(W_hh) below 1, Pascanu et al.'s bound from the last step.
     */
    static String timeChart(RecurrentStats init, @Nullable RecurrentStats end, long endStep) {
        List<Series> series = new ArrayList<>();
        addProfile(series, init, "at init", "#1f77b4");
        if (end != null) addProfile(series, end, "at step " + endStep, "#ff7f0e");
        if (init.plainRnn() && init.maxSingularValue() < 1) {
            double[] bound = new double[init.steps()];
            for (int d = 0; d < bound.length; d++) {
                bound[d] = init.gradNorm(0) * Math.pow(RecurrentStats.GAMMA * init.maxSingularValue(), d);
            }
            series.add(new Series("bound at init", bound, "#888888", true));
        }
        Svg svg = new Svg(860, 340, 70, 20, 190, 46);
        Svg.Scale y = logAxis(svg, series);
        if (y == null) {
            return placeholder(svg, "no finite positive gradient through time", "gradient through time");
        }
        Svg.Scale x = Svg.Scale.linear(0, Math.max(1, init.steps() - 1), svg.left, svg.plotRight());
        svg.axes(x, y, "distance t-k from the last step", "||dL/dh_k|| (log)");
        drawSeries(svg, x, y, series, 0);
        return svg.render("gradient through time, layer " + init.name());
    }

    /** The measured profile and its fit, {@code 10^(intercept) * decay^d} through the fitted line. */
    private static void addProfile(List<Series> series, RecurrentStats r, String when, String colour) {
        double[] norms = r.gradNorms();
        series.add(new Series("||dL/dh|| " + when, norms, colour, false));
        double slope = Math.log10(r.decayPerStep());
        if (!Double.isFinite(slope)) return;
        // the least-squares line passes through the mean of (d, log10 norm) over the positive norms
        double sd = 0, sy = 0;
        int n = 0;
        for (int d = 0; d < norms.length; d++) {
            if (norms[d] > 0 && Double.isFinite(norms[d])) {
                sd += d;
                sy += Math.log10(norms[d]);
                n++;
            }
        }
        double[] fit = new double[norms.length];
        for (int d = 0; d < fit.length; d++) fit[d] = Math.pow(10, sy / n + slope * (d - sd / n));
        series.add(new Series(String.format(Locale.ROOT, "fit: %.3gx a step", r.decayPerStep()), fit, colour, true));
    }

    /**
     * Mean-field theory's delta norms, anchored at the measured last layer: {@code ||delta_l|| = ||delta_L|| *
     * sqrt(chi_l ... chi_{L-1})}; null unless the prediction covers every dense layer (a plain chain).
     */
    private static double @Nullable [] predictedDeltas(HealthReport report, List<LayerStats> dense) {
        MeanFieldComparison mf = report.meanField();
        if (mf == null || mf.prediction() == null || mf.prediction().chi().size() != dense.size() - 1) return null;
        List<Double> chi = mf.prediction().chi();
        double[] out = new double[dense.size()];
        out[dense.size() - 1] = dense.getLast().deltaNorm();
        for (int l = dense.size() - 2; l >= 0; l--) out[l] = out[l + 1] * Math.sqrt(chi.get(l));
        return out;
    }

    private static double[] values(List<LayerStats> layers, ToDoubleFunction<LayerStats> f) {
        double[] v = new double[layers.size()];
        for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(layers.get(i));
        return v;
    }

    /** Layers (rows) x health samples (columns), colour from light to dark; empty cells where the measure is NaN. */
    static String heatmap(HealthTrace trace, ToDoubleFunction<LayerStats> measure, boolean log, String what) {
        List<HealthSnapshot> snaps = trace.snapshots();
        int layers = snaps.getFirst().denseLayers().size();
        double[][] grid = new double[layers][snaps.size()];
        String[] rows = new String[layers];
        List<String> steps = new ArrayList<>();
        for (int c = 0; c < snaps.size(); c++) {
            HealthSnapshot s = snaps.get(c);
            steps.add(String.valueOf(s.step()));
            for (int r = 0; r < layers; r++) {
                boolean present = r < s.denseLayers().size();
                grid[r][c] = present ? measure.applyAsDouble(s.denseLayers().get(r)) : Double.NaN;
                if (present && rows[r] == null) rows[r] = s.denseLayers().get(r).name();
            }
        }
        return ReportCharts.heatmap(grid, List.of(rows), steps, log, what, "step", "training step");
    }

    /** Light yellow (0) through orange and red to dark purple (1). */
    static String colour(double u) {
        double[][] stops = {{255, 255, 204}, {254, 178, 76}, {240, 59, 32}, {122, 1, 119}, {40, 0, 60}};
        double t = Math.max(0, Math.min(1, u)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) t);
        double f = t - i;
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                Math.round(stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                Math.round(stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
    }

    /** y of {@code v} on a log axis, a zero or tiny value drawn at the axis's bottom. */
    private static double clampedY(Svg.Scale y, double v) {
        double floor = Math.pow(10, y.min()); // a log scale keeps log10 of its bounds
        return v > floor ? y.at(v) : y.at(floor);
    }

    /** Per top-level layer: the median singular value as a line, min..max as a band, the mean as dots (log axis). */
    static String layerSpectra(JacobianSpectra j) {
        List<JacobianSpectra.LayerJacobian> layers = j.layers();
        List<Double> all = new ArrayList<>();
        for (JacobianSpectra.LayerJacobian l : layers) {
            JacobianSpectra.RowSpectra s = l.spectrum();
            if (s != null) all.addAll(List.of(s.min().mean(), s.max().mean(), s.median().mean(), s.mean().mean()));
        }
        Svg svg = new Svg(860, 340, 70, 20, 190, 46);
        Svg.Scale y = logAxis(svg, all, true);
        if (y == null) {
            return placeholder(svg, "every singular value is 0", "Jacobian spectra by layer");
        }
        Svg.Scale x = Svg.Scale.linear(0, Math.max(1, layers.size() - 1), svg.left, svg.plotRight());
        svg.axes(x, y, "layer (# of the text table; 0 = first)", "singular value (log)");
        svg.line(svg.left, y.at(1.0), svg.plotRight(), y.at(1.0), "class=\"front-line\"");
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        StringBuilder median = new StringBuilder();
        for (JacobianSpectra.LayerJacobian l : layers) {
            JacobianSpectra.RowSpectra s = l.spectrum();
            if (s == null) {
                band(svg, upper, lower);
                line(svg, median);
                continue;
            }
            double px = x.at(l.index());
            upper.append(Svg.n(px)).append(',').append(Svg.n(clampedY(y, s.max().mean()))).append(' ');
            lower.insert(0, Svg.n(px) + "," + Svg.n(clampedY(y, s.min().mean())) + " ");
            median.append(Svg.n(px)).append(',').append(Svg.n(clampedY(y, s.median().mean()))).append(' ');
        }
        band(svg, upper, lower);
        line(svg, median);
        for (JacobianSpectra.LayerJacobian l : layers) {
            JacobianSpectra.RowSpectra s = l.spectrum();
            if (s == null || !(s.mean().mean() > 0)) continue;
            svg.raw("<circle class=\"dot\" cx=\"" + Svg.n(x.at(l.index())) + "\" cy=\"" + Svg.n(y.at(s.mean().mean()))
                    + "\" r=\"4\" fill=\"#1f77b4\"><title>" + esc("layer " + l.name() + " (" + l.kind() + "): mean "
                    + Svg.sig(s.mean().mean()) + ", median " + Svg.sig(s.median().mean()) + ", max "
                    + Svg.sig(s.max().mean()) + ", min " + Svg.sig(s.min().mean())) + "</title></circle>");
        }
        double ly = svg.top + 14;
        svg.raw("<rect x=\"" + Svg.n(svg.plotRight() + 12) + "\" y=\"" + Svg.n(ly - 10) + "\" width=\"24\" "
                + "height=\"10\" fill=\"#1f77b4\" fill-opacity=\"0.18\"/>");
        svg.text(svg.plotRight() + 42, ly, "min..max", "class=\"legend\"");
        svg.line(svg.plotRight() + 12, ly + 14, svg.plotRight() + 36, ly + 14, "stroke=\"#1f77b4\" stroke-width=\"2\"");
        svg.text(svg.plotRight() + 42, ly + 18, "median", "class=\"legend\"");
        svg.raw("<circle cx=\"" + Svg.n(svg.plotRight() + 24) + "\" cy=\"" + Svg.n(ly + 32) + "\" r=\"4\" "
                + "fill=\"#1f77b4\"/>");
        svg.text(svg.plotRight() + 42, ly + 36, "mean", "class=\"legend\"");
        return svg.render("Jacobian singular values by layer");
    }

    /** Closes a band segment (upper edge left to right, lower edge right to left) and starts the next. */
    private static void band(Svg svg, StringBuilder upper, StringBuilder lower) {
        if (!upper.isEmpty()) {
            svg.raw("<polygon points=\"" + (upper.toString() + lower).trim() + "\" fill=\"#1f77b4\" "
                    + "fill-opacity=\"0.18\" stroke=\"none\"/>");
        }
        upper.setLength(0);
        lower.setLength(0);
    }

    private static void line(Svg svg, StringBuilder points) {
        if (!points.isEmpty()) {
            svg.raw("<polyline class=\"curve\" points=\"" + points.toString().trim() + "\" stroke=\"#1f77b4\"/>");
        }
        points.setLength(0);
    }

    /** The input-output spectrum: the i-th largest singular value averaged over rows, a bar over its range. */
    static String spectrum(JacobianSpectra.RowSpectra io) {
        List<Double> mean = io.meanSingularValues();
        List<Double> all = new ArrayList<>(mean);
        all.addAll(io.lowestSingularValues());
        all.addAll(io.highestSingularValues());
        Svg svg = new Svg(860, 300, 70, 20, 40, 46);
        Svg.Scale y = logAxis(svg, all, true);
        if (y == null) {
            return placeholder(svg, "every singular value is 0", "Jacobian spectrum");
        }
        Svg.Scale x = Svg.Scale.linear(1, Math.max(2, mean.size()), svg.left, svg.plotRight());
        svg.axes(x, y, "singular value (largest first)", "value (log)");
        svg.line(svg.left, y.at(1.0), svg.plotRight(), y.at(1.0), "class=\"front-line\"");
        for (int i = 0; i < mean.size(); i++) {
            double px = x.at(i + 1);
            double lo = io.lowestSingularValues().get(i);
            double hi = io.highestSingularValues().get(i);
            if (hi > 0 && hi > lo) {
                svg.line(px, clampedY(y, lo), px, clampedY(y, hi), "stroke=\"#1f77b4\" stroke-opacity=\"0.4\" "
                        + "stroke-width=\"2\"");
            }
            if (!(mean.get(i) > 0)) continue;
            svg.raw("<circle class=\"dot\" cx=\"" + Svg.n(px) + "\" cy=\"" + Svg.n(y.at(mean.get(i)))
                    + "\" r=\"4\" fill=\"#1f77b4\"><title>" + esc("sigma_" + (i + 1) + " = " + Svg.sig(mean.get(i))
                    + " (" + Svg.sig(lo) + " .. " + Svg.sig(hi) + " over the rows)") + "</title></circle>");
        }
        return svg.render("singular values of the input-output Jacobian");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : Math.round(100 * v) + "%";
    }

    private static final String CSS = """
            h3 { font-size: 14px; margin: 14px 0 4px; color: #333; }
            """;
}
