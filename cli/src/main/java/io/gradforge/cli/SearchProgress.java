package io.gradforge.cli;

import io.gradforge.search.CandidateTraits;
import io.gradforge.search.Evaluation;
import io.gradforge.search.GenerationSummary;
import io.gradforge.search.SearchListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows a running search on stderr: a progress bar (generation, evaluations, best so far, ETA) on a terminal,
 * one plain line per generation otherwise (logs, CI), one line per evaluation more with {@code --verbose}.
 */
final class SearchProgress implements SearchListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean verbose;
    private final int generations;
    private final List<String> objectives;
    private @Nullable ProgressBar bar;
    private @Nullable String headline;
    private long done;
    private long max;

    SearchProgress(PrintWriter err, boolean terminal, boolean verbose, int generations, List<String> objectives) {
        this.err = err;
        this.terminal = terminal;
        this.verbose = verbose;
        this.generations = generations;
        this.objectives = objectives;
    }

    /** A line to print when the search starts (after it has taken its run directory). */
    synchronized void headline(String text) {
        this.headline = text;
    }

    @Override
    public synchronized void onStart(long plannedEvaluations) {
        if (headline != null) {
            err.println(headline);
            err.flush();
        }
        max = plannedEvaluations;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("search").setInitialMax(plannedEvaluations)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(Terminal.progress(), 130)).setUnit(" evals", 1).build();
        }
    }

    @Override
    public synchronized void onEvaluation(Evaluation e, boolean replayed) {
        done++;
        if (bar != null) {
            if (done > bar.getMax()) bar.maxHint(done);
            bar.stepTo(done);
        } else if (verbose) {
            err.println(String.format(Locale.ROOT, "  gen %d #%-2d %s %-12s %s%s", e.generation(), e.index(),
                    e.candidate().experiment().name(), e.status().name().toLowerCase(Locale.ROOT), scores(e),
                    replayed ? " (from journal)" : ""));
            err.flush();
        }
    }

    @Override
    public synchronized void onGeneration(GenerationSummary g) {
        Evaluation best = g.best();
        String bestText = best == null ? "none trained yet" : best.candidate().experiment().name() + " " + scores(best);
        if (bar != null) {
            bar.setExtraMessage(" gen " + g.generation() + of() + "  best "
                    + (best == null ? "-" : scores(best)) + "  front " + g.frontSize());
            return;
        }
        String cached = g.cacheHits() > 0 ? ", " + g.cacheHits() + " cached" : "";
        String replayed = g.replayed() > 0 ? ", " + g.replayed() + " from journal" : "";
        err.println(String.format(Locale.ROOT, "gen %d%s  evals %d/%d (+%d%s%s)  best %s  front %d  %.1fs",
                g.generation(), of(), g.evaluations(), max, g.executed(), replayed, cached, bestText,
                g.frontSize(), g.elapsed().toMillis() / 1000.0));
        err.flush();
    }

    /** "/cap" when the generations are capped; nothing when the search runs until its budget. */
    private String of() {
        return generations > 0 ? "/" + generations : "";
    }

    private String scores(Evaluation e) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < objectives.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(objectives.get(i)).append(String.format(Locale.ROOT, " %.3f", e.objective(i)));
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.maxHint(Math.max(done, 1)); // the plan was an upper bound: cache hits need no evaluation
            bar.stepTo(done);
            bar.close();
            bar = null;
        }
    }

    /** One short row per front member for the final table. */
    static String table(List<Evaluation> front, @Nullable Evaluation best, List<String> objectives) {
        StringBuilder sb = new StringBuilder();
        int name = front.stream().mapToInt(e -> e.candidate().experiment().name().length()).max().orElse(9);
        String fmt = "%-2s %-" + name + "s %5s %-10s %-11s %-15s %-8s %-10s %-8s %7s %6s %6s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "", "candidate", "depth", "widths", "activation", "init", "skip",
                "norm", "lr", "health", "auc", "conv", "flags"));
        for (Evaluation e : front) {
            CandidateTraits t = CandidateTraits.of(e.candidate());
            int conv = objectives.indexOf("convergence");
            sb.append(String.format(Locale.ROOT, fmt, e == best ? "*" : "", e.candidate().experiment().name(),
                    t.depth(), clip(t.widthText(), 10), clip(t.activationText(), 11), clip(t.initText(), 15), t.skipText(),
                    t.normalization(), String.format(Locale.ROOT, "%.3g", t.learningRate()),
                    num(e.outcome().health()), num(e.outcome().auc()), conv < 0 ? "-" : num(e.objective(conv)),
                    e.outcome().flags().isEmpty() ? "-" : String.join(",", e.outcome().flags())));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
