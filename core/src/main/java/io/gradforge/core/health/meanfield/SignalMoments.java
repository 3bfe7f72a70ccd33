package io.gradforge.core.health.meanfield;

/**
 * What mean-field theory tracks of a layer's signal on a batch of B rows beyond a plain chain: the second moment
 * {@code m = E[x^2]} of one component and the covariance {@code k = E[x_a x_b]} of one component in two different
 * rows a != b (both averaged over units). A unit's mean over the batch fluctuates around 0 with variance k, so its
 * batch variance (biased, as batch norm computes it) is {@code (1 - 1/B)(m - k)} on average; batch norm needs it.
 * A plain chain needs only m ({@link MeanField#propagate}).
 *
 * @param secondMoment  m, finite and &gt;= 0
 * @param rowCovariance k, |k| &lt;= m (Cauchy-Schwarz), negative only just after batch norm (-m / (B - 1)); NaN when
 *                      not tracked (no batch norm downstream needs it, and it costs a two-dimensional integral per
 *                      activation)
 */
public record SignalMoments(double secondMoment, double rowCovariance) {

    public SignalMoments {
        if (!(secondMoment >= 0.0) || Double.isInfinite(secondMoment)) {
            throw new IllegalArgumentException("second moment must be finite and >= 0 but was " + secondMoment + ".");
        }
        if (Double.isInfinite(rowCovariance)) {
            throw new IllegalArgumentException("row covariance must be finite or NaN but was " + rowCovariance + ".");
        }
        if (!Double.isNaN(rowCovariance)) {
            // rounding may put k a few ulps past m; clamp so that m - k, a variance, is never negative
            rowCovariance = Math.max(-secondMoment, Math.min(secondMoment, rowCovariance));
        }
    }

    public static SignalMoments of(double secondMoment, double rowCovariance) {
        return new SignalMoments(secondMoment, rowCovariance);
    }

    /**
     * k of a batch [rows x cols] given row-major: the mean over units of {@code (S1^2 - S2) / (B (B - 1))}, S1 and S2
     * a unit's sum and sum of squares over the B rows; 0 for one row.
     */
    public static double rowCovariance(double[] values, int rows, int cols) {
        if (rows < 1 || cols < 1 || values.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows + "x" + cols + " values but had " + values.length
                    + ".");
        }
        if (rows == 1) return 0.0;
        double k = 0.0;
        for (int j = 0; j < cols; j++) {
            double s1 = 0.0;
            double s2 = 0.0;
            for (int i = 0; i < rows; i++) {
                double v = values[i * cols + j];
                s1 += v;
                s2 += v * v;
            }
            k += (s1 * s1 - s2) / ((double) rows * (rows - 1));
        }
        return k / cols;
    }

    /** Whether k is tracked. */
    public boolean tracksRows() {
        return !Double.isNaN(rowCovariance);
    }

    /** The expected biased batch variance of a component over {@code rows} rows, {@code (1 - 1/B)(m - k)}. */
    public double batchVariance(int rows) {
        if (!tracksRows()) {
            throw new IllegalStateException("the batch variance needs the row covariance, which was not tracked.");
        }
        if (rows < 2) {
            throw new IllegalArgumentException("a batch variance needs >= 2 rows but was " + rows + ".");
        }
        return (1.0 - 1.0 / rows) * (secondMoment - rowCovariance);
    }
}
