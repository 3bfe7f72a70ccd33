package io.gradforge.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX and NPY files byte by byte, as the formats define them, for the reader tests. */
final class BinaryFiles {
    private BinaryFiles() {}

    /** An IDX file: 0, 0, type byte, dimension count, big-endian int32 dimensions, then {@code data} as given. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(order);
        for (double v : values) b.putDouble(v);
        return b.array();
    }

    static byte[] shorts(ByteOrder order, int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(order);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }

    static byte[] ints(ByteOrder order, int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (int v : values) b.putInt(v);
        return b.array();
    }

    static byte[] longs(ByteOrder order, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(order);
        for (long v : values) b.putLong(v);
        return b.array();
    }

    /**
     * An NPY file of format {@code major}.0: magic, version, header length (uint16 for 1.0, uint32 after), the
     * dict padded with spaces and a newline so the data starts on a multiple of 64, then {@code data}.
     */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        int unpadded = prefix + dict.getBytes(StandardCharsets.UTF_8).length + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) text.length);
        else b.putInt(text.length);
        return b.put(text).put(data).array();
    }

    /** The dict numpy writes: {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }}. */
    static String dict(String descr, boolean fortran, long... shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        s.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + s + ", }";
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] cut(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }
}
