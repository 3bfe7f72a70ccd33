package io.gradforge.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Truncation;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.testing.Allocations;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hot path of {@link Trainer}'s loop (batch copy, forward, loss and gradient, backward, global gradient
 * norm, SGD step) allocates nothing once the JIT has compiled it, in both precisions, on the selected (vector)
 * kernels.
 */
@Tag("allocation") // own JVM: see core/pom.xml
class TrainingStepAllocationTest {

    @ParameterizedTest
    @CsvSource({"FLOAT32, tanh", "FLOAT32, relu", "FLOAT64, tanh", "FLOAT64, relu", "FLOAT32, swish", "FLOAT64, swish",
            "FLOAT32, elu", "FLOAT64, selu"})
    void trainerLikeStepAllocatesNothingInSteadyState(Precision precision, String activation) {
        int width = 24;
        Activation act = Activation.parse(activation).orElseThrow();
        Network.Builder b = Network.builder(width, precision, 7);
        for (int i = 0; i < 3; i++) b.dense(width, act, Initializer.xavierUniform());
        b.dense(width, Activation.identity(), Initializer.xavierUniform());
        assertStepAllocatesNothing(b.build(), precision + " " + activation);
    }

    /** Every cell, a sequence layer under a last-step one (6 steps of 4 features), then a dense head. */
    @ParameterizedTest
    @CsvSource({"FLOAT32, LSTM", "FLOAT64, LSTM", "FLOAT32, GRU", "FLOAT64, GRU", "FLOAT64, RNN_TANH", "FLOAT32, RNN_RELU"})
    void recurrentStepAllocatesNothingInSteadyState(Precision precision, CellKind cell) {
        RandomGenerator r = Network.random(7);
        Network net = Network.builder(24, precision, r)
                .add(Recurrent.of(cell, 24, 4, 8, true, precision, r))
                .add(Recurrent.of(cell, 48, 8, 6, false, precision, r))
                .dense(24, Activation.identity(), Initializer.xavierUniform())
                .build();
        assertStepAllocatesNothing(net, precision + " " + cell);
    }

    /** Truncated BPTT: overlapping windows (k1 2, k2 4) under a chunked last-step layer (k 3). */
    @ParameterizedTest
    @CsvSource({"FLOAT32, LSTM", "FLOAT64, GRU", "FLOAT64, RNN_TANH"})
    void truncatedRecurrentStepAllocatesNothingInSteadyState(Precision precision, CellKind cell) {
        RandomGenerator r = Network.random(7);
        Initializer in = Initializer.xavierUniform(), rec = Initializer.orthogonal();
        Network net = Network.builder(24, precision, r)
                .add(Recurrent.of(cell, 24, 4, 8, true, in, rec, 1.0, Truncation.of(2, 4), precision, r))
                .add(Recurrent.of(cell, 48, 8, 6, false, in, rec, 1.0, Truncation.of(3), precision, r))
                .dense(24, Activation.identity(), Initializer.xavierUniform())
                .build();
        assertStepAllocatesNothing(net, precision + " " + cell + " truncated");
    }

    private static void assertStepAllocatesNothing(Network net, String what) {
        int width = 24, batch = 16, rows = 64;
        Precision precision = net.precision();
        List<Parameter> params = net.parameters();
        Optimizer opt = OptimizerConfig.sgd().create();
        Clipping clipping = Clipping.none();
        SplittableRandom rng = new SplittableRandom(1);
        double[][] xs = new double[rows][width], ys = new double[rows][width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                xs[r][c] = rng.nextDouble(-1, 1);
                ys[r][c] = rng.nextDouble(-1, 1);
            }
        }
        Dataset data = Dataset.of("allocation", xs, ys, TaskKind.REGRESSION);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = (i * 37) % rows;
        Tensor x = Tensor.zeros(precision, batch, width);
        Tensor y = Tensor.zeros(precision, batch, width);
        Tensor grad = Tensor.zeros(precision, batch, width);
        int[] cursor = {0};
        double[] sink = {0};
        Runnable step = () -> {
            if (cursor[0] + batch > rows) cursor[0] = 0;
            data.copyRows(order, cursor[0], batch, x, y);
            cursor[0] += batch;
            Tensor prediction = net.forward(x, true);
            double loss = Loss.MSE.forwardBackward(prediction, y, grad);
            net.backward(grad);
            double norm = clipping.apply(params);
            opt.step(params, 1e-3);
            sink[0] += loss + norm;
        };
        long perStep = Allocations.steadyStateBytesPerCall(step, 2_000, 40); // returns at the first 0-byte round
        assertTrue(perStep == 0, what + " step allocated " + perStep + " bytes");
        assertTrue(Double.isFinite(sink[0]), "the loss diverged");
    }

    /** The gradient checks run on {@link Kernels#get()}; under the build's JVM flags that is the Vector API. */
    @Test
    void testsRunOnTheVectorKernels() {
        assertTrue(Kernels.get().name().startsWith("vector("), Kernels.get().name());
    }
}
