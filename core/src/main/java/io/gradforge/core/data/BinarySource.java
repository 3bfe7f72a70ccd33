package io.gradforge.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One binary data file read front to back through a buffer, gunzipped on the fly when it starts with the gzip
 * magic {@code 1f 8b}. Tracks the offset in the (decompressed) stream for error messages and reports the bytes
 * taken from disk to a {@link Progress}. Short reads become {@link DataFileException}s that say what was
 * expected and what was found; nothing reads more than a buffer ahead.
 */
final class BinarySource implements AutoCloseable {
    /** Deflate expands at most about 1032:1, so a gzipped file cannot hold more than this many bytes per byte. */
    private static final long DEFLATE_MAX_RATIO = 1032;
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final long fileSize;
    private final boolean gzipped;
    private final InputStream in;
    private final byte[] chunk = new byte[BUFFER];
    private long position;
    private boolean cutShort;

    private BinarySource(Path file, long fileSize, boolean gzipped, InputStream in) {
        this.file = file;
        this.fileSize = fileSize;
        this.gzipped = gzipped;
        this.in = in;
    }

    static BinarySource open(Path file, Progress progress) throws IOException {
        long size = Files.size(file);
        InputStream raw = new BufferedInputStream(new Counting(Files.newInputStream(file), progress), BUFFER);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 != 0x1f || b1 != 0x8b) {
                return new BinarySource(file, size, false, raw);
            }
            try {
                return new BinarySource(file, size, true, new GZIPInputStream(raw, BUFFER));
            } catch (EOFException e) {
                throw DataFileException.atByte(file, 0, "truncated gzip header: the file starts with the gzip magic 1f 8b"
                        + " but ends after " + size + " bytes");
            } catch (ZipException e) {
                throw DataFileException.atByte(file, 0, "corrupt gzip header (" + e.getMessage() + ")");
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** The offset of the next byte in the (decompressed) stream. */
    long position() {
        return position;
    }

    /**
     * Reads up to {@code length} bytes, fewer only at the end of the data.
     *
     * @throws DataFileException for corrupt gzip data
     */
    int read(byte[] buffer, int offset, int length) throws IOException {
        int total = 0;
        while (total < length && !cutShort) {
            int n;
            try {
                n = in.read(buffer, offset + total, length - total);
            } catch (EOFException e) {
                // GZIPInputStream: the compressed stream (or its trailer) is cut off.
                cutShort = true;
                break;
            } catch (ZipException e) {
                throw DataFileException.atByte(file, position + total, "corrupt gzip data (" + e.getMessage() + ")");
            }
            if (n < 0) break;
            total += n;
        }
        position += total;
        return total;
    }

    /**
     * The next {@code length} bytes of a header, in {@code order}.
     *
     * @throws DataFileException "truncated header" when the file ends first
     */
    ByteBuffer header(int length, String what, ByteOrder order) throws IOException {
        long start = position;
        byte[] bytes = new byte[length];
        int n = read(bytes, 0, length);
        if (n < length) {
            throw DataFileException.atByte(file, start, "truncated header: expected " + length + " bytes (" + what
                    + ") but found " + n);
        }
        return ByteBuffer.wrap(bytes).order(order);
    }

    /** Receives decoded values; {@code offset} is the value's byte offset, for error messages. */
    @FunctionalInterface
    interface ValueSink {
        void accept(long index, double value, long offset) throws DataFileException;
    }

    /**
     * Refuses, before anything is allocated for them, {@code count} values that the file cannot hold: for a plain
     * file more than the bytes left, for a gzipped file more than deflate can expand its size to. The error says
     * how many bytes there really are (counted by reading on).
     */
    void requireAvailable(long count, ElementType type, String what) throws IOException {
        long needed = Math.multiplyHigh(count, type.size) == 0 ? count * type.size : Long.MAX_VALUE;
        long bound = gzipped ? saturatingMultiply(fileSize, DEFLATE_MAX_RATIO) : fileSize - position;
        if (needed < 0 || needed > bound) {
            long start = position;
            long found = 0;
            for (int n; (n = read(chunk, 0, chunk.length)) > 0; ) found += n;
            throw truncated(start, needed, found, type, what);
        }
    }

    /**
     * Reads {@code count} values of {@code type} in {@code order} and hands each to {@code sink}, in file order.
     *
     * @param what the values as the header declares them, e.g. "3 x 28 x 28 unsigned bytes"
     * @throws DataFileException "truncated data" when the file ends first, or what {@code sink} throws
     */
    void readValues(ElementType type, ByteOrder order, long count, String what, ValueSink sink) throws IOException {
        long start = position;
        long needed = count * type.size;
        ByteBuffer view = ByteBuffer.wrap(chunk).order(order);
        long index = 0;
        while (index < count) {
            int want = (int) Math.min(chunk.length, (count - index) * type.size);
            long chunkStart = position;
            int n = read(chunk, 0, want);
            int items = n / type.size;
            for (int k = 0; k < items; k++) {
                sink.accept(index + k, type.decode(view, k * type.size), chunkStart + (long) k * type.size);
            }
            index += items;
            if (n < want) {
                throw truncated(start, needed, position - start, type, what);
            }
        }
    }

    private DataFileException truncated(long start, long needed, long found, ElementType type, String what) {
        String expected = needed == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(needed);
        return DataFileException.atByte(file, start + found, "truncated data: expected " + expected + " bytes ("
                + what + ") from byte " + start + " but found " + found + " (" + found / type.size + " whole items)"
                + (cutShort ? "; the gzip stream is cut off" : ""));
    }

    /**
     * Checks that nothing follows the data: a file longer than its header declares is not what it claims to be.
     *
     * @param what the data the header declared, e.g. "3 x 28 x 28 unsigned bytes"
     */
    void expectEnd(String what) throws IOException {
        long end = position;
        int n = read(chunk, 0, 1);
        if (n > 0) {
            long extra = 1;
            for (int m; (m = read(chunk, 0, chunk.length)) > 0; ) extra += m;
            throw DataFileException.atByte(file, end, extra + " bytes after the end of the data (" + what
                    + "); expected the file to end here");
        }
        if (cutShort) {
            throw DataFileException.atByte(file, end, "truncated gzip file: the data is complete but the gzip trailer"
                    + " is missing or cut off");
        }
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        return high == 0 && a * b >= 0 ? a * b : Long.MAX_VALUE;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Bytes read from disk across the files of one dataset, reported about once per MiB. */
    static final class Progress {
        private static final long STEP = 1 << 20;
        private final ReadProgress callback;
        private final long total;
        private long done;
        private long reported;

        Progress(ReadProgress callback, long total) {
            this.callback = callback;
            this.total = total;
        }

        void advance(long n) {
            done += n;
            if (done - reported >= STEP) {
                reported = done;
                callback.update(Math.min(done, total), total);
            }
        }

        void finish() {
            callback.update(total, total);
        }
    }

    /** Counts the bytes taken from disk. */
    static final class Counting extends FilterInputStream {
        private final Progress progress;

        Counting(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) progress.advance(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) progress.advance(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = in.skip(n);
            if (k > 0) progress.advance(k);
            return k;
        }
    }
}
