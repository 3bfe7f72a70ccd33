package io.gradforge.run;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Objects;

/**
 * A fixed batch of rows to measure a network on: the first rows of a seeded shuffle of the data, so that
 * generators which emit their classes in order still give a mixed batch.
 *
 * @param x the input rows
 * @param y the target rows
 */
public record ProbeBatch(Tensor x, Tensor y) {
    public ProbeBatch {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
    }

    /** At most {@code rows} rows of {@code data} shuffled with {@code seed}, in {@code precision}. */
    public static ProbeBatch of(Dataset data, long seed, int rows, Precision precision) {
        if (rows < 1) throw new IllegalArgumentException("a probe batch needs at least 1 row but was " + rows + ".");
        int n = Math.min(rows, data.size());
        int[] index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        Tensor x = Tensor.zeros(precision, n, data.inputSize());
        Tensor y = Tensor.zeros(precision, n, data.outputSize());
        data.shuffled(seed).copyRows(index, 0, n, x, y);
        return new ProbeBatch(x, y);
    }
}
