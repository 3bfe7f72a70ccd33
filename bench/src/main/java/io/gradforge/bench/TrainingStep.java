package io.gradforge.bench;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark case of the training-step grid, built exactly like the model in {@code bench/scripts/pytorch_steps.py}:
 * {@code depth} hidden dense layers of {@code width} units (input width {@code width}) with the activation (any
 * name a spec accepts, with its default parameter: tanh, relu, swish, elu, selu ...), then
 * a linear output layer of {@code width} units; MSE loss; plain SGD at lr 1e-3; one fixed batch of standard
 * normal inputs and targets reused every step (what the PyTorch script does). Weights and biases are drawn
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the distribution of PyTorch's {@code nn.Linear} default.
 *
 * <p>The "activations" {@code lstm} and {@code gru} make a recurrent case instead (the rows of
 * {@link #RECURRENT_GRID}): {@code depth} is the sequence length T and {@code width} the hidden size H; the
 * network is one LSTM or GRU layer over T steps of {@link #RECURRENT_FEATURES} features, PyTorch's
 * {@code nn.LSTM}/{@code nn.GRU} with {@code batch_first}, whose last step's h_T feeds a linear head of
 * {@code width} units; every weight and bias U(-1/sqrt(H), 1/sqrt(H)) as PyTorch's default.
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
    /** The recurrent rows of compare-pytorch: {steps T, hidden H, batch}, for the cells lstm and gru. */
    public static final int[][] RECURRENT_GRID = {{50, 128, 64}};
    /** Features per step of the recurrent rows' input sequences. */
    public static final int RECURRENT_FEATURES = 32;
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
        Initializer init = Initializer.uniform(1 / Math.sqrt(width));
        CellKind cell = cell(activation);
        int inputWidth = cell == null ? width : depth * RECURRENT_FEATURES;
        Network.Builder b = Network.builder(inputWidth, precision, seed);
        if (cell == null) {
            Activation act = Activation.parse(activation).orElseThrow(() -> new IllegalArgumentException(
                    "activation must be lstm, gru or one of " + ActivationKind.names() + " but was " + activation + "."));
            for (int i = 0; i < depth; i++) b.dense(width, act, init, init);
        } else {
            b.add(Recurrent.of(cell, inputWidth, RECURRENT_FEATURES, width, false, init, init, 0.0, precision, b.rng()));
        }
        b.dense(width, Activation.identity(), init, init);
        network = b.build();
        if (cell != null) {
            for (Parameter p : network.parameters()) {
                if (p.name().endsWith("bias_ih") || p.name().endsWith("bias_hh")) init.initialize(p.value(), width, width, b.rng());
            }
        }
        params = network.parameters();
        optimizer = OptimizerConfig.sgd().create();
        SplittableRandom rng = new SplittableRandom(seed + 1);
        x = Tensor.zeros(precision, batch, inputWidth);
        y = Tensor.zeros(precision, batch, width);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            if (i < x.size()) x.set(i, gaussian(rng));
            if (i < y.size()) y.set(i, gaussian(rng));
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

    /** The cell of a recurrent row ("lstm", "gru"), or null for a dense one. */
    static @Nullable CellKind cell(String activation) {
        return switch (activation.toLowerCase(Locale.ROOT)) {
            case "lstm" -> CellKind.LSTM;
            case "gru" -> CellKind.GRU;
            default -> null;
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
