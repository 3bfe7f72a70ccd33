package io.gradforge.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A row-major {@code rows x cols} buffer in one precision: exactly one of {@link #f64()} and {@link #f32()}
 * is non-null. Tensors are mutable state owned by the layer, optimizer or trainer that allocated them;
 * hot loops read the raw array directly, everything else may use {@link #get(int)} and {@link #set(int, double)}.
 */
public final class Tensor {
    private final Precision precision;
    private final int rows;
    private final int cols;
    private final double @org.jspecify.annotations.Nullable [] f64;
    private final float @org.jspecify.annotations.Nullable [] f32;

    private Tensor(Precision precision, int rows, int cols) {
        this.precision = Objects.requireNonNull(precision, "precision");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor shape must be non-negative but was " + rows + "x" + cols + ".");
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + rows + "x" + cols + " is too large.");
        }
        this.rows = rows;
        this.cols = cols;
        this.f64 = precision == Precision.FLOAT64 ? new double[(int) size] : null;
        this.f32 = precision == Precision.FLOAT32 ? new float[(int) size] : null;
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(Precision precision, int rows, int cols) {
        return new Tensor(precision, rows, cols);
    }

    /** A float64 tensor holding a copy of {@code values} (row-major, length rows*cols). */
    public static Tensor of(int rows, int cols, double... values) {
        return of(Precision.FLOAT64, rows, cols, values);
    }

    /** A tensor of the given precision holding a copy of {@code values} (row-major, length rows*cols). */
    public static Tensor of(Precision precision, int rows, int cols, double... values) {
        Tensor t = new Tensor(precision, rows, cols);
        if (values.length != t.size()) {
            throw new IllegalArgumentException("expected " + t.size() + " values for a " + rows + "x" + cols
                    + " tensor but was " + values.length + ".");
        }
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t;
    }

    public Precision precision() { return precision; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public int size() { return rows * cols; }
    public boolean isFloat64() { return precision == Precision.FLOAT64; }

    /** The float64 backing array; throws if this tensor is float32. */
    public double[] f64() {
        if (f64 == null) throw new IllegalStateException("tensor is " + precision + ", not FLOAT64");
        return f64;
    }

    /** The float32 backing array; throws if this tensor is float64. */
    public float[] f32() {
        if (f32 == null) throw new IllegalStateException("tensor is " + precision + ", not FLOAT32");
        return f32;
    }

    public double get(int i) {
        return f64 != null ? f64[i] : f32[i];
    }

    public double get(int row, int col) {
        return get(row * cols + col);
    }

    public void set(int i, double v) {
        if (f64 != null) f64[i] = v; else f32[i] = (float) v;
    }

    public void set(int row, int col, double v) {
        set(row * cols + col, v);
    }

    public void fill(double v) {
        if (f64 != null) Arrays.fill(f64, v); else Arrays.fill(f32, (float) v);
    }

    /** Copies {@code src} (same shape, any precision) into this tensor. */
    public void copyFrom(Tensor src) {
        if (src.rows != rows || src.cols != cols) {
            throw new IllegalArgumentException("shape mismatch: " + rows + "x" + cols + " <- " + src.rows + "x" + src.cols);
        }
        if (f64 != null && src.f64 != null) System.arraycopy(src.f64, 0, f64, 0, f64.length);
        else if (f32 != null && src.f32 != null) System.arraycopy(src.f32, 0, f32, 0, f32.length);
        else for (int i = 0; i < size(); i++) set(i, src.get(i));
    }

    /** A float64 copy of the values. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    /** Sum of squares, accumulated in float64. */
    public double squaredNorm() {
        double s = 0;
        if (f64 != null) for (double v : f64) s += v * v;
        else for (float v : f32) s += (double) v * v;
        return s;
    }

    public Tensor copy() {
        Tensor t = new Tensor(precision, rows, cols);
        t.copyFrom(this);
        return t;
    }

    @Override
    public String toString() {
        return "Tensor[" + precision + " " + rows + "x" + cols + "]";
    }
}
