package io.gradforge.core.train;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Tensor;

/** Loss and accuracy of a network over a whole dataset, in evaluation mode, batch by batch. */
public final class DatasetEvaluation {
    private DatasetEvaluation() {}

    /** Mean loss over all rows, and accuracy (NaN for regression). */
    public record Result(double loss, double accuracy) {}

    public static Result evaluate(Network network, Dataset data, Loss loss, int batchSize) {
        int n = data.size();
        if (n == 0) return new Result(Double.NaN, Double.NaN);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        double lossSum = 0, correct = 0;
        boolean classification = true;
        int batch = Math.min(batchSize, n);
        Tensor x = Tensor.zeros(network.precision(), batch, network.inputSize());
        Tensor y = Tensor.zeros(network.precision(), batch, network.outputSize());
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            if (count != x.rows()) {
                x = Tensor.zeros(network.precision(), count, network.inputSize());
                y = Tensor.zeros(network.precision(), count, network.outputSize());
            }
            data.copyRows(rows, from, count, x, y);
            Tensor p = network.forward(x, false);
            lossSum += loss.value(p, y) * count;
            double acc = loss.accuracy(p, y);
            if (Double.isNaN(acc)) classification = false;
            else correct += acc * count;
        }
        return new Result(lossSum / n, classification ? correct / n : Double.NaN);
    }
}
