package io.gradforge.cli;

import io.gradforge.core.nn.Network;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.train.TrainingProbe;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows training progress (step, loss, ETA) on stderr when it is a terminal; otherwise stays silent and lets
 * the command print a one-line summary. The bar spans the whole budget: pretraining steps (with the layer and its
 * reconstruction loss) then fine-tuning steps. Observes only.
 */
final class TrainingProgress implements TrainingProbe, AutoCloseable {
    private final @Nullable ProgressBar bar;
    private final int every;
    private double lastLoss = Double.NaN;
    /** The pretraining steps taken: the supervised steps after them count from here on the bar. */
    private long pretrained;

    private TrainingProgress(@Nullable ProgressBar bar, long totalSteps) {
        this.bar = bar;
        this.every = (int) Math.max(1, totalSteps / 200);
    }

    /** A progress display for {@code totalSteps} steps, or a silent one when quiet or not on a terminal. */
    static TrainingProgress start(String task, long totalSteps, boolean quiet) {
        if (quiet || !Terminal.isInteractive()) return new TrainingProgress(null, totalSteps);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(100)
                .setConsumer(new ConsoleProgressBarConsumer(Terminal.progress(), 100))
                .setEtaFunction(state -> state.getCurrent() == 0 ? Optional.empty()
                        : Optional.of(state.getElapsedAfterStart()
                                .multipliedBy(state.getMax() - state.getCurrent()).dividedBy(state.getCurrent())))
                .build();
        return new TrainingProgress(bar, totalSteps);
    }

    @Override
    public void afterBackward(long step, Network network, double loss, double gradientNorm) {
        lastLoss = loss;
    }

    @Override
    public void afterPretrainingStep(long step, int layer, int layers, double loss) {
        pretrained = step + 1;
        if (bar != null && (step + 1) % every == 0) {
            bar.stepTo(step + 1);
            bar.setExtraMessage(String.format("pretraining layer %d/%d, reconstruction %.4g", layer + 1, layers, loss));
        }
    }

    @Override
    public void afterUpdate(long step, Network network, Optimizer optimizer, double learningRate) {
        if (bar != null && (pretrained + step + 1) % every == 0) {
            bar.stepTo(pretrained + step + 1);
            bar.setExtraMessage(String.format(pretrained > 0 ? "fine-tuning, loss %.4g" : "loss %.4g", lastLoss));
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms < 120_000 ? String.format("%.1f s", ms / 1000.0)
                : String.format("%d min %d s", ms / 60_000, (ms / 1000) % 60);
    }
}
