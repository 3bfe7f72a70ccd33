package io.gradforge.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.testing.Allocations;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hot path of {@link Trainer}'s loop (batch copy, forward, loss and gradient, backward, global gradient
 * norm, SGD step) allocates nothing once the JIT has compiled it, in both precisions, on the selected (vector)
 * kernels.
 */
class TrainingStepAllocationTest {

    @ParameterizedTest
    @CsvSource({"FLOAT32, tanh", "FLOAT32, relu", "FLOAT64, tanh", "FLOAT64, relu"})
    void trainerLikeStepAllocatesNothingInSteadyState(Precision precision, String activation) {
        int width = 24, batch = 16, rows = 64;
        Activation act = activation.equals("tanh") ? Activation.tanh() : Activation.relu();
        Network.Builder b = Network.builder(width, precision, 7);
        for (int i = 0; i < 3; i++) b.dense(width, act, Initializer.xavierUniform());
        b.dense(width, Activation.identity(), Initializer.xavierUniform());
        Network net = b.build();
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
        assertTrue(perStep == 0, precision + " " + activation + " step allocated " + perStep + " bytes");
        assertTrue(Double.isFinite(sink[0]), "the loss diverged");
    }

    /** The gradient checks run on {@link Kernels#get()}; under the build's JVM flags that is the Vector API. */
    @Test
    void testsRunOnTheVectorKernels() {
        assertTrue(Kernels.get().name().startsWith("vector("), Kernels.get().name());
    }
}
