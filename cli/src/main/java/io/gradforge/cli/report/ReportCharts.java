package io.gradforge.cli.report;

import io.gradforge.search.CandidateTraits;
import io.gradforge.search.Evaluation;
import io.gradforge.search.EvaluationStatus;
import io.gradforge.search.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
