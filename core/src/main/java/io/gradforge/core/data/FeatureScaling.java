package io.gradforge.core.data;

import java.util.Arrays;

/**
 * The z-score standardization applied to a dataset's features: {@code (x - mean) / std} per column, with the
 * population standard deviation. A constant column (std 0) is only centred. Keep it to standardize new inputs
 * the same way.
 */
public final class FeatureScaling {
    private final double[] means;
    private final double[] stds;

    private FeatureScaling(double[] means, double[] stds) {
        this.means = means;
        this.stds = stds;
    }

    /** A scaling with the given per-column means and standard deviations (copied; stds non-negative). */
    public static FeatureScaling of(double[] means, double[] stds) {
        if (means.length != stds.length) {
            throw new IllegalArgumentException("expected as many stds as means (" + means.length + ") but was "
                    + stds.length + ".");
        }
        for (int j = 0; j < stds.length; j++) {
            if (!Double.isFinite(means[j])) {
                throw new IllegalArgumentException("mean of column " + j + " must be finite but was " + means[j] + ".");
            }
            if (!(stds[j] >= 0) || !Double.isFinite(stds[j])) {
                throw new IllegalArgumentException("std of column " + j + " must be non-negative and finite but was "
                        + stds[j] + ".");
            }
        }
        return new FeatureScaling(means.clone(), stds.clone());
    }

    /** Measures the means and stds of the columns of a row-major {@code rows x cols} array. */
    static FeatureScaling measure(double[] values, int rows, int cols) {
        double[] means = new double[cols];
        double[] stds = new double[cols];
        for (int j = 0; j < cols; j++) {
            double sum = 0;
            for (int i = 0; i < rows; i++) sum += values[i * cols + j];
            double mean = sum / rows;
            double ss = 0;
            for (int i = 0; i < rows; i++) {
                double d = values[i * cols + j] - mean;
                ss += d * d;
            }
            means[j] = mean;
            stds[j] = Math.sqrt(ss / rows);
        }
        return new FeatureScaling(means, stds);
    }

    public int columns() {
        return means.length;
    }

    public double mean(int column) {
        return means[column];
    }

    public double std(int column) {
        return stds[column];
    }

    public double[] means() {
        return means.clone();
    }

    public double[] stds() {
        return stds.clone();
    }

    /** The standardized value of {@code value} in {@code column}. */
    public double standardize(double value, int column) {
        double std = stds[column];
        return (value - means[column]) / (std == 0 ? 1 : std);
    }

    /** Standardizes a row-major {@code rows x columns()} array in place (Modified). */
    void standardizeInPlace(double[] values, int rows) {
        int cols = means.length;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) values[i * cols + j] = standardize(values[i * cols + j], j);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling f && Arrays.equals(means, f.means) && Arrays.equals(stds, f.stds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(stds);
    }

    @Override
    public String toString() {
        return "FeatureScaling[means=" + Arrays.toString(means) + ", stds=" + Arrays.toString(stds) + "]";
    }
}
