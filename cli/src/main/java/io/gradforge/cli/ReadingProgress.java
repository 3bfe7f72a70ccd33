package io.gradforge.cli;

import io.gradforge.core.data.ReadProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Shows the reading of large data files (CSV, IDX, NPY; {@value #SHOW_FROM_MIB} MiB and more on disk) as a progress bar
 * in MiB on stderr when it is a terminal; silent for small files, when quiet, and when not on a terminal.
 */
final class ReadingProgress implements ReadProgress, AutoCloseable {
    static final int SHOW_FROM_MIB = 16;
    private static final long MIB = 1L << 20;
    private final boolean enabled;
    private @Nullable ProgressBar bar;

    private ReadingProgress(boolean enabled) {
        this.enabled = enabled;
    }

    static ReadingProgress start(boolean quiet) {
        return new ReadingProgress(!quiet && Terminal.isInteractive());
    }

    @Override
    public void update(long bytesRead, long totalBytes) {
        if (!enabled || totalBytes < SHOW_FROM_MIB * MIB) return;
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("reading data")
                    .setInitialMax(totalBytes)
                    .setUnit(" MiB", MIB)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(100)
                    .setConsumer(new ConsoleProgressBarConsumer(Terminal.progress(), 100))
                    .build();
        }
        bar.stepTo(bytesRead);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
