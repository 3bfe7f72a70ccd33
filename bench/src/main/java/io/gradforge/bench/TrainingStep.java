package io.gradforge.bench;

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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One benchmark case of the training-step grid, built exactly like the model in {@code bench/scripts/pytorch_steps.py}:
 * {@code depth} hidden dense layers of {@code width} units (input width {@code width}) with the activation, then
 * a linear output layer of {@code width} units; MSE loss; plain SGD at lr 1e-3; one fixed batch of standard
 * normal inputs and targets reused every step (what the PyTorch script does). Weights and biases are drawn
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the distribution of PyTorch's {@code nn.Linear} default.
 *
 * <p>{@link #step()} is the engine's training step as {@code Trainer} runs it, minus the batch copy:
 * forward, loss and its gradient, backward, SGD update. PyTorch computes no gradient norm, so neither does
 * {@code step()} by default; {@code withGradNorm} adds {@code Clipping.none().apply(params)} (the global
 * gradient norm Trainer computes every step) to show what it costs.
 *
 * @implNote Not thread-safe: one instance is one training run.
 */
public final class TrainingStep {
    /** The grid of compare-pytorch: {depth, width, batch}. */
    public static final int[][] GRID = {{10, 64, 64}, {10, 256, 128}, {50, 32, 32}, {20, 128, 64}};
    public static final double LEARNING_RATE = 1e-3;

    private final Network network;
    private final List<Parameter> params;
    private final Optimizer optimizer;
    private final Tensor x;
    private final Tensor y;
    private final Tensor grad;
    private final boolean withGradNorm;
    private final Clipping clipping = Clipping.none();
    private double lastLoss;

    public TrainingStep(int depth, int width, int batch, String activation, Precision precision, long seed,
                        boolean withGradNorm) {
        Activation act = switch (activation.toLowerCase(Locale.ROOT)) {
            case "tanh" -> Activation.tanh();
            case "relu" -> Activation.relu();
            default -> throw new IllegalArgumentException("activation must be tanh or relu but was " + activation + ".");
        };
        Initializer init = Initializer.uniform(1 / Math.sqrt(width));
        Network.Builder b = Network.builder(width, precision, seed);
        for (int i = 0; i < depth; i++) b.dense(width, act, init, init);
        b.dense(width, Activation.identity(), init, init);
        network = b.build();
        params = network.parameters();
        optimizer = OptimizerConfig.sgd().create();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        x = Tensor.zeros(precision, batch, width);
        y = Tensor.zeros(precision, batch, width);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, gaussian(rng));
            y.set(i, gaussian(rng));
        }
        grad = Tensor.zeros(precision, batch, width);
        this.withGradNorm = withGradNorm;
    }

    public static Precision precision(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> Precision.FLOAT32;
            case "float64", "f64" -> Precision.FLOAT64;
            default -> throw new IllegalArgumentException("precision must be float32 or float64 but was " + name + ".");
        };
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** One training step; returns the loss (before the update). */
    public double step() {
        Tensor prediction = network.forward(x, true);
        double loss = Loss.MSE.forwardBackward(prediction, y, grad);
        network.backwardParameters(grad);
        if (withGradNorm) clipping.apply(params);
        optimizer.step(params, LEARNING_RATE);
        lastLoss = loss;
        return loss;
    }

    public double lastLoss() { return lastLoss; }
    public Network network() { return network; }
}
