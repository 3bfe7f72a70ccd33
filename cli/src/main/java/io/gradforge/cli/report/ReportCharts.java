package io.gradforge.cli.report;

import io.gradforge.search.CandidateTraits;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.GradientProfile;
import io.gradforge.search.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The report's SVG charts: the Pareto scatter, the loss curves and small bar charts. */
final class ReportCharts {
    private ReportCharts() {}

    /** How a dot is coloured: by status first, then by the gradient flags that matter most. */
    enum Kind {
        HEALTHY("healthy", "#2e9e4f"),
        VANISHING("VANISHING", "#3a6fd8"),
        EXPLODING("EXPLODING", "#e8821e"),
        DIVERGED("DIVERGED / FAILED", "#d3312f"),
        SCREENED_OUT("SCREENED_OUT", "#9a9a9a");

        final String label;
        final String colour;

        Kind(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        /** Through time (a recurrent layer) counts as between layers: VANISHING_THROUGH_TIME is a VANISHING dot. */
        static Kind of(Evaluation e) {
            List<String> flags = e.outcome().flags();
            return switch (e.status()) {
                case DIVERGED, FAILED -> DIVERGED;
                case SCREENED_OUT -> SCREENED_OUT;
                case TRAINED -> flags.contains("EXPLODING") || flags.contains("EXPLODING_THROUGH_TIME") ? EXPLODING
                        : flags.contains("VANISHING") || flags.contains("VANISHING_THROUGH_TIME") ? VANISHING : HEALTHY;
            };
        }
    }

    /** The x of the scatter: the convergence score (1 - auc when convergence is not an objective). */
    static double convergence(Evaluation e, List<String> objectives) {
        int i = objectives.indexOf("convergence");
        if (i >= 0) return e.objective(i);
        return e.status() == EvaluationStatus.TRAINED ? clamp01(1 - e.outcome().auc()) : 0;
    }

    /** The y of the scatter: the health score (the measured health when health is not an objective). */
    static double health(Evaluation e, List<String> objectives) {
        int i = objectives.indexOf("health");
        if (i >= 0) return e.objective(i);
        return e.status() == EvaluationStatus.TRAINED ? clamp01(e.outcome().health()) : 0;
    }

    private static double clamp01(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }

    static String traits(Evaluation e) {
        CandidateTraits t = CandidateTraits.of(e.candidate());
        Outcome o = e.outcome();
        return e.candidate().experiment().name() + " (gen " + e.generation() + ")\n"
                + t.depth() + " x " + t.widthText() + " " + t.activationText() + ", init " + t.initText()
                + ", skip " + t.skip() + ", norm " + t.normalization() + ", clip " + t.clipping() + ", lr "
                + Svg.sig(t.learningRate()) + "\n"
                + e.status().name() + (o.flags().isEmpty() ? "" : " " + String.join(",", o.flags()))
                + "; health " + Svg.fmt(o.health(), 3) + ", auc " + Svg.fmt(o.auc(), 3) + ", "
                + Svg.count(o.parameters()) + " params\n" + o.reason()
                + (o.pretraining() == null ? "" : "\npretrained " + o.pretraining().steps() + " steps (reconstruction"
                        + " loss by layer " + o.pretraining().reconstructionLoss().stream().map(Svg::sig)
                                .collect(java.util.stream.Collectors.joining(" ")) + "; health after it "
                        + Svg.fmt(o.pretraining().health(), 3) + ")");
    }

    /** Every evaluation a dot; front members ringed and joined, the best starred. */
    static String scatter(RunRecord run) {
        Svg svg = new Svg(780, 480, 56, 16, 200, 44);
        Svg.Scale x = Svg.Scale.linear(0, 1, svg.left, svg.plotRight());
        Svg.Scale y = Svg.Scale.linear(0, 1, svg.plotBottom(), svg.top);
        svg.axes(x, y, "convergence score (1 - normalized loss AUC), higher is better",
                "gradient-health score");
        List<String> obj = run.objectives();
        // untrained candidates all score (0, 0): spread them in a small fan so each stays visible
        int untrained = 0;
        for (Evaluation e : run.evaluations()) {
            Kind k = Kind.of(e);
            double cx = x.at(convergence(e, obj));
            double cy = y.at(health(e, obj));
            if (e.status() != EvaluationStatus.TRAINED) {
                cx += 4 + 7 * (untrained % 6);
                cy -= 4 + 7 * (untrained / 6 % 6);
                untrained++;
            }
            svg.raw("<circle class=\"dot\" cx=\"" + Svg.n(cx) + "\" cy=\"" + Svg.n(cy) + "\" r=\"4.5\" fill=\""
                    + k.colour + "\"><title>" + Svg.esc(traits(e)) + "</title></circle>");
        }
        List<Evaluation> front = new ArrayList<>(run.front());
        front.sort(Comparator.comparingDouble(e -> convergence(e, obj)));
        if (front.size() > 1) {
            StringBuilder pts = new StringBuilder();
            for (Evaluation e : front) {
                pts.append(Svg.n(x.at(convergence(e, obj)))).append(',').append(Svg.n(y.at(health(e, obj))))
                        .append(' ');
            }
            svg.raw("<polyline class=\"front-line\" points=\"" + pts.toString().trim() + "\"/>");
        }
        for (Evaluation e : front) {
            svg.raw("<circle class=\"ring\" cx=\"" + Svg.n(x.at(convergence(e, obj))) + "\" cy=\""
                    + Svg.n(y.at(health(e, obj))) + "\" r=\"8\"><title>" + Svg.esc("front: " + traits(e))
                    + "</title></circle>");
        }
        Evaluation best = run.best();
        if (best != null) {
            svg.raw("<polygon class=\"best\" points=\"" + Svg.star(x.at(convergence(best, obj)),
                    y.at(health(best, obj)), 12) + "\"><title>" + Svg.esc("best: " + traits(best))
                    + "</title></polygon>");
        }
        // legend, with counts
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind k : Kind.values()) counts.put(k, 0);
        run.evaluations().forEach(e -> counts.merge(Kind.of(e), 1, Integer::sum));
        double lx = svg.plotRight() + 16;
        double ly = svg.top + 10;
        for (var c : counts.entrySet()) {
            svg.raw("<circle cx=\"" + Svg.n(lx + 5) + "\" cy=\"" + Svg.n(ly - 4) + "\" r=\"4.5\" fill=\""
                    + c.getKey().colour + "\"/>");
            svg.text(lx + 16, ly, c.getKey().label + " (" + c.getValue() + ")", "class=\"legend\"");
            ly += 20;
        }
        ly += 6;
        svg.raw("<circle class=\"ring\" cx=\"" + Svg.n(lx + 5) + "\" cy=\"" + Svg.n(ly - 4) + "\" r=\"7\"/>");
        svg.text(lx + 16, ly, "Pareto front (" + run.front().size() + ")", "class=\"legend\"");
        ly += 22;
        svg.raw("<polygon class=\"best\" points=\"" + Svg.star(lx + 5, ly - 4, 9) + "\"/>");
        svg.text(lx + 16, ly, "best (weighted)", "class=\"legend\"");
        return svg.render("Pareto scatter: convergence against gradient health");
    }

    /** A curve to draw: its evaluation, its label and its colour. */
    record Curve(Evaluation evaluation, String label, String colour, boolean dashed) {}

    private static final String[] PALETTE = {"#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#8c564b", "#e377c2",
        "#bcbd22", "#7f7f7f"};

    /** The front's curves and those of the worst {@code worst} first-generation candidates that have a curve. */
    static List<Curve> curvesToShow(RunRecord run, int worst) {
        List<Curve> curves = new ArrayList<>();
        int i = 0;
        for (Evaluation e : run.front()) {
            if (e.outcome().lossCurve().isEmpty()) continue;
            String label = (e == run.best() ? "best " : "front ") + e.candidate().id();
            curves.add(new Curve(e, label, PALETTE[i++ % PALETTE.length], false));
            if (curves.size() >= 8) break;
        }
        List<String> obj = run.objectives();
        List<Evaluation> firstGen = run.evaluations().stream()
                .filter(e -> e.generation() == 0 && !e.outcome().lossCurve().isEmpty() && !run.front().contains(e))
                .sorted(Comparator.comparingDouble((Evaluation e) -> e.status() == EvaluationStatus.TRAINED ? 1 : 0)
                        .thenComparingDouble(e -> convergence(e, obj) + health(e, obj)))
                .limit(worst).toList();
        String[] warm = {"#d3312f", "#e8821e", "#b8860b", "#a0522d"};
        int w = 0;
        for (Evaluation e : firstGen) {
            curves.add(new Curve(e, "gen 0 " + e.candidate().id(), warm[w++ % warm.length], true));
        }
        return curves;
    }

    /** Loss against step, log-scale y; NaN points of a diverged run break the line and end it with a cross. */
    static String lossCurves(List<Curve> curves) {
        Svg svg = new Svg(840, 400, 64, 16, 230, 44);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        long maxSteps = 1;
        for (Curve c : curves) {
            maxSteps = Math.max(maxSteps, c.evaluation().outcome().totalSteps());
            for (double v : c.evaluation().outcome().lossCurve()) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi == 0) {
            lo = 0.1;
            hi = 1;
        }
        // a diverging run reaches 1e300: keep the axis to what the front shows, give or take three decades, and
        // pin what lies beyond to the edge
        double frontHi = 0;
        double frontLo = Double.POSITIVE_INFINITY;
        for (Curve c : curves) {
            if (c.dashed()) continue;
            for (double v : c.evaluation().outcome().lossCurve()) {
                if (Double.isFinite(v) && v > 0) {
                    frontHi = Math.max(frontHi, v);
                    frontLo = Math.min(frontLo, v);
                }
            }
        }
        if (frontHi > 0) {
            hi = Math.min(hi, frontHi * 1000);
            lo = Math.max(lo, frontLo / 1000);
        }
        if (hi / lo > 1e12) lo = hi / 1e12;
        lo = Math.pow(10, Math.floor(Math.log10(lo) * 4) / 4);
        hi = Math.pow(10, Math.ceil(Math.log10(hi) * 4) / 4);
        Svg.Scale x = Svg.Scale.linear(0, maxSteps, svg.left, svg.plotRight());
        Svg.Scale y = Svg.Scale.log(lo, hi, svg.plotBottom(), svg.top);
        svg.axes(x, y, "optimizer step", "training loss (log scale)");
        List<double[]> ends = new ArrayList<>();
        java.util.Set<Long> phaseLabels = new java.util.HashSet<>();
        for (Curve c : curves) {
            Outcome o = c.evaluation().outcome();
            List<Double> curve = o.lossCurve();
            long steps = Math.max(o.steps(), curve.size());
            // A candidate that pretrained starts its supervised curve after its pretraining steps: a dotted line in
            // its colour marks where, labelled "pretraining" once per position.
            long offset = o.pretraining() == null ? 0 : o.pretraining().steps();
            if (offset > 0) {
                double px = x.at(offset);
                svg.raw("<line class=\"phase\" x1=\"" + Svg.n(px) + "\" y1=\"" + Svg.n(svg.top) + "\" x2=\"" + Svg.n(px)
                        + "\" y2=\"" + Svg.n(svg.plotBottom()) + "\" stroke=\"" + c.colour() + "\" stroke-dasharray=\"1 3\">"
                        + "<title>" + Svg.esc(c.label() + ": " + offset + " steps of layer-wise pretraining, then"
                        + " fine-tuning") + "</title></line>");
                if (phaseLabels.add(offset)) {
                    svg.text(px - 4, svg.top + 12, "pretraining", "class=\"legend\" text-anchor=\"end\"");
                }
            }
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            double lastX = Double.NaN;
            double lastY = Double.NaN;
            for (int i = 0; i < curve.size(); i++) {
                double v = curve.get(i);
                if (!Double.isFinite(v) || v <= 0) {
                    pen = false;
                    continue;
                }
                double px = x.at(offset + (double) (i + 1) * steps / curve.size());
                double py = y.at(Math.max(lo, Math.min(hi, v)));
                path.append(pen ? " L" : (path.isEmpty() ? "M" : " M")).append(Svg.n(px)).append(',')
                        .append(Svg.n(py));
                pen = true;
                lastX = px;
                lastY = py;
            }
            if (path.isEmpty()) continue;
            String title = "<title>" + Svg.esc(c.label() + ": " + traits(c.evaluation())) + "</title>";
            svg.raw("<path class=\"curve\" d=\"" + path + "\" stroke=\"" + c.colour() + "\""
                    + (c.dashed() ? " stroke-dasharray=\"5 3\"" : "") + ">" + title + "</path>");
            if (o.status() == EvaluationStatus.DIVERGED) {
                svg.text(lastX, lastY + 4, "\u00d7", "class=\"cross\" text-anchor=\"middle\" fill=\"" + c.colour()
                        + "\"");
            }
            ends.add(new double[] {lastY, curves.indexOf(c), lastX});
        }
        // labels at the right edge, pushed apart so they never overlap
        ends.sort(Comparator.comparingDouble(a -> a[0]));
        double prev = Double.NEGATIVE_INFINITY;
        for (double[] end : ends) {
            double ly = Math.max(end[0] + 4, prev + 14);
            prev = ly;
            Curve c = curves.get((int) end[1]);
            double lx = svg.plotRight() + 8;
            Outcome o = c.evaluation().outcome();
            boolean early = end[2] < svg.plotRight() - 40;
            // a curve that ends early (diverged) is labelled without a leader line across the chart
            if (!early) svg.line(end[2], end[0], lx - 2, ly - 4, "stroke=\"" + c.colour() + "\" class=\"leader\"");
            String label = c.label() + (o.status() == EvaluationStatus.DIVERGED ? ", diverged" : "");
            svg.text(lx, ly, label, "class=\"curve-label\" fill=\"" + c.colour() + "\"");
        }
        return svg.render("Training-loss curves of the front and the worst first-generation candidates");
    }

    /**
     * One generation's scores of one objective: the best and the median over the generation's distinct candidates
     * (each at its highest rung; candidates that were not trained score 0), and the best of the run so far.
     */
    record GenerationScores(int generation, int candidates, double best, double median, double bestSoFar) {}

    /** Per generation, in order, the scores of objective {@code objective} (see {@link GenerationScores}). */
    static List<GenerationScores> generationScores(RunRecord run, int objective) {
        TreeMap<Integer, List<Evaluation>> byGeneration = new TreeMap<>();
        for (Evaluation e : run.evaluations()) {
            byGeneration.computeIfAbsent(e.generation(), g -> new ArrayList<>()).add(e);
        }
        List<GenerationScores> out = new ArrayList<>();
        double bestSoFar = 0;
        for (var g : byGeneration.entrySet()) {
            double[] v = SearchReport.distinct(g.getValue()).stream().mapToDouble(e -> e.objective(objective)).sorted()
                    .toArray();
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            bestSoFar = Math.max(bestSoFar, v[n - 1]);
            out.add(new GenerationScores(g.getKey(), n, v[n - 1], median, bestSoFar));
        }
        return out;
    }

    /**
     * One small chart per objective: its best and median score in each generation, and the best so far, against
     * the generation. Scores are in [0, 1], higher better.
     */
    static String generations(RunRecord run) {
        StringBuilder out = new StringBuilder();
        for (int o = 0; o < run.objectives().size(); o++) {
            String name = run.objectives().get(o);
            List<GenerationScores> rows = generationScores(run, o);
            if (rows.isEmpty()) continue;
            Svg svg = new Svg(400, 270, 52, 48, 16, 44);
            svg.text(8, 16, name + " score by generation", "class=\"label\"");
            int last = rows.get(rows.size() - 1).generation();
            Svg.Scale x = Svg.Scale.linear(rows.get(0).generation(), Math.max(last, rows.get(0).generation() + 1),
                    svg.left, svg.plotRight());
            Svg.Scale y = Svg.Scale.linear(0, 1, svg.plotBottom(), svg.top);
            svg.axes(x, y, "generation", name);
            String[][] series = {{"best so far", "#999999", "2 3"}, {"median", "#8fb0ec", "5 3"},
                {"best", "#1f5fbf", ""}};
            for (int s = 0; s < series.length; s++) {
                StringBuilder path = new StringBuilder();
                for (GenerationScores r : rows) {
                    double v = s == 0 ? r.bestSoFar() : s == 1 ? r.median() : r.best();
                    path.append(path.isEmpty() ? "M" : " L").append(Svg.n(x.at(r.generation()))).append(',')
                            .append(Svg.n(y.at(v)));
                }
                svg.raw("<path class=\"curve\" d=\"" + path + "\" stroke=\"" + series[s][1] + "\""
                        + (series[s][2].isEmpty() ? "" : " stroke-dasharray=\"" + series[s][2] + "\"") + "/>");
            }
            for (GenerationScores r : rows) {
                svg.raw("<circle class=\"gen-dot\" cx=\"" + Svg.n(x.at(r.generation())) + "\" cy=\""
                        + Svg.n(y.at(r.best())) + "\" r=\"3\" fill=\"#1f5fbf\"><title>" + Svg.esc("generation "
                        + r.generation() + " (" + r.candidates() + " candidates): best " + Svg.fmt(r.best(), 3)
                        + ", median " + Svg.fmt(r.median(), 3) + ", best so far " + Svg.fmt(r.bestSoFar(), 3))
                        + "</title></circle>");
            }
            // the legend in a row above the plot, where no line can cross it
            double lx = svg.left;
            for (int s = series.length - 1; s >= 0; s--) {
                double ly = 36;
                svg.line(lx, ly - 4, lx + 18, ly - 4, "stroke=\"" + series[s][1] + "\" stroke-width=\"2\""
                        + (series[s][2].isEmpty() ? "" : " stroke-dasharray=\"" + series[s][2] + "\""));
                svg.text(lx + 22, ly, series[s][0], "class=\"legend\"");
                lx += 36 + 7 * series[s][0].length();
            }
            out.append(svg.render(name + " score by generation: best, median and best so far"));
        }
        return out.toString();
    }

    /**
     * A layers (rows, the first at the top) x columns grid, each cell coloured from light (low) to dark (high) on
     * a log or a 0-100% scale, with a colour key; NaN cells (and non-positive ones on a log scale) are left empty.
     *
     * @param rows    each row's name for the cell titles (the axis numbers rows from 1)
     * @param columns each column's label (a training step, a generation)
     * @param column  the word for a column in a cell's title ("step", "generation")
     * @param xLabel  the axis label under the columns
     */
    static String heatmap(double[][] grid, List<String> rows, List<String> columns, boolean log, String what,
            String column, String xLabel) {
        int layers = grid.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : grid) {
            for (double v : row) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    double t = log ? Math.log10(v) : v;
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
        }
        if (!log) {
            lo = 0.0;
            hi = 1.0;
        }
        int cellH = Math.max(3, Math.min(16, 420 / Math.max(1, layers)));
        int plotH = cellH * layers;
        Svg svg = new Svg(860, plotH + 70, 70, 10, 120, 60);
        double cellW = (double) (svg.plotRight() - svg.left) / Math.max(1, columns.size());
        for (int c = 0; c < columns.size(); c++) {
            for (int r = 0; r < layers; r++) {
                double v = grid[r][c];
                if (!Double.isFinite(v) || log && v <= 0) continue;
                double t = log ? Math.log10(v) : v;
                double u = hi > lo ? (t - lo) / (hi - lo) : 0.5;
                svg.raw("<rect x=\"" + Svg.n(svg.left + c * cellW) + "\" y=\"" + Svg.n(svg.top + r * cellH)
                        + "\" width=\"" + Svg.n(cellW + 0.3) + "\" height=\"" + (cellH + 0.3) + "\" fill=\""
                        + DiagnosisReport.colour(u) + "\"><title>" + Svg.esc("layer " + rows.get(r) + ", " + column
                        + " " + columns.get(c) + ": " + what + " " + (log ? Svg.sig(v) : DiagnosisReport.pct(v)))
                        + "</title></rect>");
            }
        }
        int every = Math.max(1, columns.size() / 8);
        for (int c = 0; c < columns.size(); c += every) {
            svg.text(svg.left + (c + 0.5) * cellW, svg.top + plotH + 16, columns.get(c),
                    "class=\"tick\" text-anchor=\"middle\"");
        }
        int rowEvery = Math.max(1, layers / 10);
        for (int r = 0; r < layers; r += rowEvery) {
            svg.text(svg.left - 6, svg.top + r * cellH + cellH / 2.0 + 4, String.valueOf(r + 1),
                    "class=\"tick\" text-anchor=\"end\"");
        }
        svg.text((svg.left + svg.plotRight()) / 2.0, svg.top + plotH + 36, xLabel, "class=\"label\" "
                + "text-anchor=\"middle\"");
        double cy = svg.top + plotH / 2.0;
        svg.text(14, cy, "dense layer", "class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 14 "
                + Svg.n(cy) + ")\"");
        for (int k = 0; k < 10; k++) { // the colour key: ten swatches, the lowest at the bottom
            svg.raw("<rect x=\"" + (svg.plotRight() + 16) + "\" y=\"" + Svg.n(svg.top + (9 - k) * plotH / 10.0)
                    + "\" width=\"14\" height=\"" + Svg.n(plotH / 10.0 + 0.3) + "\" fill=\""
                    + DiagnosisReport.colour((k + 0.5) / 10) + "\"/>");
        }
        svg.text(svg.plotRight() + 34, svg.top + 10, log ? Svg.sig(Math.pow(10, hi)) : "100%", "class=\"tick\"");
        svg.text(svg.plotRight() + 34, svg.top + plotH, log ? Svg.sig(Math.pow(10, lo)) : "0%", "class=\"tick\"");
        return svg.render(what + " by layer and " + column);
    }

    /**
     * The gradient flow of the front: each dense layer's weight-gradient norm (log scale) at the end of training
     * (solid) and at init (dotted), a line per front member (at most {@code max}, best first), or null when no
     * front member recorded its norms.
     */
    static @Nullable String frontFlow(RunRecord run, int max) {
        List<Evaluation> shown = run.front().stream().filter(e -> e.outcome().gradients() != null).limit(max).toList();
        if (shown.isEmpty()) return null;
        int layers = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Evaluation e : shown) {
            GradientProfile g = e.outcome().gradients();
            for (List<Double> norms : List.of(g.init(), g.end())) {
                layers = Math.max(layers, norms.size());
                for (double v : norms) {
                    if (Double.isFinite(v) && v > 0) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (hi == 0) return null;
        lo = Math.pow(10, Math.floor(Math.log10(lo)));
        hi = Math.pow(10, Math.ceil(Math.log10(hi)));
        Svg svg = new Svg(840, 380, 64, 16, 230, 44);
        Svg.Scale x = Svg.Scale.linear(1, Math.max(2, layers), svg.left, svg.plotRight());
        Svg.Scale y = Svg.Scale.log(lo, hi, svg.plotBottom(), svg.top);
        svg.axes(x, y, "dense layer (1 = first, the output layer last)", "||dL/dW|| (log scale)");
        double ly = svg.top + 12;
        for (int i = 0; i < shown.size(); i++) {
            Evaluation e = shown.get(i);
            String colour = PALETTE[i % PALETTE.length];
            GradientProfile g = e.outcome().gradients();
            String name = e.candidate().experiment().name();
            flowLine(svg, x, y, g.end(), colour, "", name + " at the end of training");
            flowLine(svg, x, y, g.init(), colour, "2 3", name + " at init");
            svg.line(svg.plotRight() + 10, ly - 4, svg.plotRight() + 28, ly - 4, "stroke=\"" + colour
                    + "\" stroke-width=\"2\"");
            svg.text(svg.plotRight() + 32, ly, (e == run.best() ? "\u2605 " : "") + name, "class=\"legend\"");
            ly += 16;
        }
        svg.line(svg.plotRight() + 10, ly + 4, svg.plotRight() + 28, ly + 4, "stroke=\"#555\" stroke-width=\"2\"");
        svg.text(svg.plotRight() + 32, ly + 8, "end of training", "class=\"legend\"");
        svg.line(svg.plotRight() + 10, ly + 20, svg.plotRight() + 28, ly + 20, "stroke=\"#555\" stroke-width=\"2\""
                + " stroke-dasharray=\"2 3\"");
        svg.text(svg.plotRight() + 32, ly + 24, "at init", "class=\"legend\"");
        return svg.render("Weight-gradient norm by dense layer of the front's candidates, at init and at the end");
    }

    private static void flowLine(Svg svg, Svg.Scale x, Svg.Scale y, List<Double> norms, String colour, String dash,
            String title) {
        StringBuilder path = new StringBuilder();
        StringBuilder values = new StringBuilder();
        boolean pen = false;
        for (int l = 0; l < norms.size(); l++) {
            double v = norms.get(l);
            values.append(l == 0 ? "" : " ").append(Svg.sig(v));
            if (!Double.isFinite(v) || v <= 0) {
                pen = false;
                continue;
            }
            path.append(pen ? " L" : (path.isEmpty() ? "M" : " M")).append(Svg.n(x.at(l + 1))).append(',')
                    .append(Svg.n(y.at(v)));
            pen = true;
        }
        if (path.isEmpty()) return;
        svg.raw("<path class=\"curve\" d=\"" + path + "\" stroke=\"" + colour + "\""
                + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\" stroke-width=\"1.2\"") + "><title>"
                + Svg.esc(title + ", layer by layer: " + values) + "</title></path>");
    }

    /**
     * Dense layers (rows) x generations (columns): the weight-gradient norm at the end of training of each
     * generation's best candidate by weighted score (among those that recorded norms), or null when none did.
     */
    static @Nullable String generationGradients(RunRecord run) {
        TreeMap<Integer, Evaluation> best = new TreeMap<>();
        for (Evaluation e : run.evaluations()) {
            if (e.outcome().gradients() == null || e.outcome().gradients().end().isEmpty()) continue;
            Evaluation seen = best.get(e.generation());
            if (seen == null || run.weighted(e) > run.weighted(seen)) best.put(e.generation(), e);
        }
        if (best.isEmpty()) return null;
        int layers = best.values().stream().mapToInt(e -> e.outcome().gradients().end().size()).max().orElse(0);
        double[][] grid = new double[layers][best.size()];
        List<String> columns = new ArrayList<>();
        int c = 0;
        for (var entry : best.entrySet()) {
            columns.add(String.valueOf(entry.getKey()));
            List<Double> end = entry.getValue().outcome().gradients().end();
            for (int r = 0; r < layers; r++) grid[r][c] = r < end.size() ? end.get(r) : Double.NaN;
            c++;
        }
        List<String> rows = new ArrayList<>();
        for (int r = 1; r <= layers; r++) rows.add(String.valueOf(r));
        return heatmap(grid, rows, columns, true, "||dL/dW|| of the generation's best", "generation", "generation");
    }

    /** One bar of a bar chart: a label, a value in [0, max], the text printed beside it, the bar's colour. */
    record Bar(String label, double value, String text, String colour) {}

    /** Horizontal bars, values from 0 to {@code max}. */
    static String bars(String title, List<Bar> bars, double max) {
        int rowH = 24;
        Svg svg = new Svg(400, 46 + rowH * Math.max(1, bars.size()), 118, 30, 80, 12);
        svg.text(8, 18, title, "class=\"label\"");
        Svg.Scale x = Svg.Scale.linear(0, max, svg.left, svg.plotRight());
        double yPos = svg.top + 4;
        for (Bar b : bars) {
            double w = Math.max(0, x.at(Math.max(0, Math.min(max, b.value()))) - svg.left);
            svg.text(svg.left - 6, yPos + 13, b.label(), "class=\"tick\" text-anchor=\"end\"");
            svg.raw("<rect x=\"" + svg.left + "\" y=\"" + Svg.n(yPos) + "\" width=\"" + Svg.n(w)
                    + "\" height=\"17\" fill=\"" + b.colour() + "\"><title>" + Svg.esc(b.label() + ": " + b.text())
                    + "</title></rect>");
            svg.text(svg.left + w + 5, yPos + 13, b.text(), "class=\"tick\"");
            yPos += rowH;
        }
        svg.line(svg.left, svg.top, svg.left, yPos, "class=\"axis\"");
        return svg.render(title);
    }
}
