package io.gradforge.core.data;

/**
 * Observes a data file being read: {@code bytesRead} of {@code totalBytes} on disk (compressed bytes for a
 * gzipped file; both files together when a dataset is read from two). Called from the reading thread, about
 * once per MiB and once at the end with {@code bytesRead == totalBytes}; it must return quickly.
 *
 * {@snippet :
 * Dataset mnist = IdxDatasets.read(images, labels, IdxOptions.of(),
 *         (done, total) -> bar.stepTo(done));
 * }
 */
@FunctionalInterface
public interface ReadProgress {
    /** Ignores progress. */
    ReadProgress NONE = (bytesRead, totalBytes) -> { };

    void update(long bytesRead, long totalBytes);
}
