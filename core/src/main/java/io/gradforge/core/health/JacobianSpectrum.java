package io.gradforge.core.health;

import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The singular values of a network's input-output Jacobian J = dy/dx [output x input] at one input row,
 * computed exactly: one backward per output unit with a one-hot output gradient, in evaluation mode
 * ({@code training == false}, so BatchNorm uses its running statistics), then an EJML SVD. Dynamical
 * isometry (Saxe et al. 2014; Pennington et al. 2017) means all singular values near 1: a mean squared
 * singular value near 1 and a small condition number.
 *
 * <p>Only networks with input * output &le; {@link #MAX_JACOBIAN_ENTRIES} are measured (the cost is one
 * backward per output unit plus an SVD of min(in, out)^2 * max(in, out) flops); larger ones give
 * {@link Optional#empty()}.
 *
 * {@snippet :
 * JacobianSpectrum s = JacobianSpectrum.measure(net, xRow).orElseThrow();
 * double kappa = s.conditionNumber();
 * }
 *
 * @param singularValues           all min(in, out) singular values, sorted descending (copied)
 * @param maxSingularValue         the largest singular value
 * @param minSingularValue         the smallest singular value
 * @param meanSquaredSingularValue the mean of the squared singular values (= ||J||_F^2 / min(in, out))
 * @param conditionNumber          max / min (+Infinity when min is 0)
 */
public record JacobianSpectrum(double[] singularValues, double maxSingularValue, double minSingularValue,
                               double meanSquaredSingularValue, double conditionNumber) {

    /** The largest input * output for which {@link #measure} computes the Jacobian. */
    public static final long MAX_JACOBIAN_ENTRIES = 1L << 20;

    public JacobianSpectrum {
        Objects.requireNonNull(singularValues, "singularValues");
        if (singularValues.length == 0) throw new IllegalArgumentException("singularValues must not be empty.");
        singularValues = singularValues.clone();
        for (int i = 0; i < singularValues.length; i++) {
            double s = singularValues[i];
            if (!(s >= 0) || s == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("singular value " + i + " must be finite and non-negative but was "
                        + s + ".");
            }
            if (i > 0 && s > singularValues[i - 1]) {
                throw new IllegalArgumentException("singular values must be sorted descending but "
                        + Arrays.toString(singularValues) + " is not.");
            }
        }
        if (!(meanSquaredSingularValue >= 0)) {
            throw new IllegalArgumentException("meanSquaredSingularValue must be non-negative but was "
                    + meanSquaredSingularValue + ".");
        }
        if (!(conditionNumber >= 1)) {
            throw new IllegalArgumentException("conditionNumber must be at least 1 but was " + conditionNumber + ".");
        }
    }

    /** A spectrum from singular values in any order (Not modified); derives the summary statistics. */
    public static JacobianSpectrum of(double[] singularValues) {
        Objects.requireNonNull(singularValues, "singularValues");
        double[] sorted = singularValues.clone();
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        if (sorted.length == 0) throw new IllegalArgumentException("singularValues must not be empty.");
        double max = sorted[0];
        double min = sorted[sorted.length - 1];
        double ms = 0;
        for (double s : sorted) ms += s * s;
        ms /= sorted.length;
        double kappa = min > 0 ? max / min : Double.POSITIVE_INFINITY;
        if (max == 0) kappa = Double.POSITIVE_INFINITY;
        return new JacobianSpectrum(sorted, max, min, ms, kappa);
    }

    /** The singular values, descending (a copy). */
    @Override
    public double[] singularValues() {
        return singularValues.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JacobianSpectrum s && Arrays.equals(singularValues, s.singularValues)
                && Double.compare(maxSingularValue, s.maxSingularValue) == 0
                && Double.compare(minSingularValue, s.minSingularValue) == 0
                && Double.compare(meanSquaredSingularValue, s.meanSquaredSingularValue) == 0
                && Double.compare(conditionNumber, s.conditionNumber) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(singularValues), maxSingularValue, minSingularValue,
                meanSquaredSingularValue, conditionNumber);
    }

    @Override
    public String toString() {
        return "JacobianSpectrum[singularValues=" + Arrays.toString(singularValues) + ", max=" + maxSingularValue
                + ", min=" + minSingularValue + ", meanSquared=" + meanSquaredSingularValue + ", condition="
                + conditionNumber + "]";
    }

    /**
     * The Jacobian spectrum at {@code xRow}, or empty when input * output exceeds {@link #MAX_JACOBIAN_ENTRIES}.
     *
     * @param network the network (Not modified: parameter values and gradients are restored)
     * @param xRow    one input row [1 x inputSize] in the network's precision (Not modified)
     */
    public static Optional<JacobianSpectrum> measure(Network network, Tensor xRow) {
        Objects.requireNonNull(network, "network");
        if ((long) network.inputSize() * network.outputSize() > MAX_JACOBIAN_ENTRIES) return Optional.empty();
        return Optional.of(of(singularValuesDescending(jacobian(network, xRow))));
    }

    /**
     * The min(rows, cols) singular values of {@code j} (Modified: the SVD works in place), sorted descending, those
     * below the numerical rank's tolerance max(rows, cols) * sigma_max * 2^-52 set to 0: a rank-deficient Jacobian
     * (a dead relu unit zeroes a row) then has zeros and an infinite condition, not round-off such as 1e-34.
     */
    static double[] singularValuesDescending(DMatrixRMaj j) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(j.numRows, j.numCols, false, false, true);
        if (!svd.decompose(j)) {
            throw new IllegalStateException("SVD of the " + j.numRows + "x" + j.numCols + " Jacobian did not converge.");
        }
        double[] sv = of(Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues())).singularValues;
        double tolerance = Math.max(j.numRows, j.numCols) * sv[0] * Math.ulp(1.0);
        for (int i = 0; i < sv.length; i++) if (sv[i] < tolerance) sv[i] = 0;
        return sv;
    }

    /**
     * The exact input-output Jacobian dy/dx [outputSize x inputSize] at {@code xRow} (a new matrix), one backward
     * per output unit in evaluation mode.
     *
     * @param network the network (Not modified: parameter values and gradients are restored)
     * @param xRow    one input row [1 x inputSize] in the network's precision (Not modified)
     * @throws IllegalArgumentException when input * output exceeds {@link #MAX_JACOBIAN_ENTRIES} or xRow has
     *                                  the wrong shape
     */
    public static DMatrixRMaj jacobian(Network network, Tensor xRow) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(xRow, "xRow");
        int in = network.inputSize();
        int out = network.outputSize();
        if ((long) in * out > MAX_JACOBIAN_ENTRIES) {
            throw new IllegalArgumentException("Jacobian of " + out + "x" + in + " exceeds " + MAX_JACOBIAN_ENTRIES
                    + " entries.");
        }
        if (xRow.rows() != 1 || xRow.cols() != in) {
            throw new IllegalArgumentException("xRow must be 1x" + in + " but was " + xRow.rows() + "x" + xRow.cols() + ".");
        }
        ZeroCostProxies.Snapshot snapshot = ZeroCostProxies.Snapshot.of(network);
        try {
            return JacobianSpectra.rowJacobians(in, out, network::forward, network::backward, xRow, 1, false, false)
                    .get(0);
        } finally {
            snapshot.restore();
        }
    }
}
