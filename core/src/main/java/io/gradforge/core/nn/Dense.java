package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A fully connected layer: h = x W^T + b, y = phi(h), with W [out x in] and b [1 x out]. For
 * {@link ActivationKind#PRELU} the per-unit negative slope is a learned parameter "slope" [1 x out].
 *
 * {@snippet :
 * RandomGenerator rng = Network.random(42);
 * Dense d = Dense.of(784, 128, Activation.relu(), Initializer.heNormal(), Precision.FLOAT64, rng);
 * }
 */
public final class Dense extends LayerBase implements Layer {
    private final int in;
    private final int out;
    private final Activation activation;
    private final Tensor weight;
    private final Tensor weightGrad;
    private final @Nullable Tensor bias;
    private final @Nullable Tensor biasGrad;
    private final @Nullable Tensor slope;
    private final @Nullable Tensor slopeGrad;

    private Tensor h = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor y = h;
    private Tensor delta = h;
    private Tensor gradInput = h;
    private @Nullable Tensor input;

    private Dense(int in, int out, Activation activation, Initializer weightInit, @Nullable Initializer biasInit,
                  Precision precision, RandomGenerator rng) {
        super(precision);
        TensorOps.checkWidth("dense input size", in);
        TensorOps.checkWidth("dense units", out);
        this.in = in;
        this.out = out;
        this.activation = Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(weightInit, "weightInit");
        Objects.requireNonNull(rng, "rng");
        weight = Tensor.zeros(precision, out, in);
        weightGrad = Tensor.zeros(precision, out, in);
        weightInit.initialize(weight, in, out, rng);
        if (biasInit != null) {
            bias = Tensor.zeros(precision, 1, out);
            biasGrad = Tensor.zeros(precision, 1, out);
            biasInit.initialize(bias, in, out, rng);
        } else {
            bias = null;
            biasGrad = null;
        }
        if (activation.kind() == ActivationKind.PRELU) {
            slope = Tensor.zeros(precision, 1, out);
            slope.fill(activation.parameter());
            slopeGrad = Tensor.zeros(precision, 1, out);
        } else {
            slope = null;
            slopeGrad = null;
        }
    }

    /** A dense layer with a zero-initialized bias. */
    public static Dense of(int in, int out, Activation activation, Initializer weightInit, Precision precision,
                           RandomGenerator rng) {
        return new Dense(in, out, activation, weightInit, Initializer.zeros(), precision, rng);
    }

    /** A dense layer; {@code biasInit == null} means no bias. */
    public static Dense of(int in, int out, Activation activation, Initializer weightInit,
                           @Nullable Initializer biasInit, Precision precision, RandomGenerator rng) {
        return new Dense(in, out, activation, weightInit, biasInit, precision, rng);
    }

    /** A linear map (identity activation), e.g. a residual projection; with or without a zero-initialized bias. */
    public static Dense linear(int in, int out, boolean bias, Initializer weightInit, Precision precision,
                               RandomGenerator rng) {
        return new Dense(in, out, Activation.identity(), weightInit, bias ? Initializer.zeros() : null, precision, rng);
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return out; }
    public Activation activation() { return activation; }

    /** The weight [out x in] (live parameter state; diagnostics read it, optimizers write it). */
    public Tensor weight() { return weight; }
    public Tensor weightGrad() { return weightGrad; }
    /** The bias [1 x out], or null when the layer has none. */
    public @Nullable Tensor bias() { return bias; }
    public @Nullable Tensor biasGrad() { return biasGrad; }
    /** The learned PReLU slope [1 x out], or null for other activations. */
    public @Nullable Tensor slope() { return slope; }

    /** x of the last forward [batch x in] (the caller's tensor), or null before the first. Read-only by convention. */
    public @Nullable Tensor input() { return input; }
    /** h = x W^T + b of the last forward [batch x out]. Read-only by convention. */
    public Tensor preActivation() { return h; }
    /** y = phi(h) of the last forward [batch x out]. Read-only by convention. */
    public Tensor output() { return y; }
    /** delta = dL/dh of the last backward [batch x out]. Read-only by convention. */
    public Tensor preActivationGrad() { return delta; }

    @Override
    List<Parameter> createParameters(String prefix) {
        List<Parameter> ps = new ArrayList<>(3);
        ps.add(new Parameter(prefix + "weight", weight, weightGrad));
        if (bias != null && biasGrad != null) ps.add(new Parameter(prefix + "bias", bias, biasGrad));
        if (slope != null && slopeGrad != null) ps.add(new Parameter(prefix + "slope", slope, slopeGrad));
        return ps;
    }

    @Override
    void allocateBuffers(int batchSize) {
        h = Tensor.zeros(precision, batchSize, out);
        y = Tensor.zeros(precision, batchSize, out);
        delta = Tensor.zeros(precision, batchSize, out);
        gradInput = Tensor.zeros(precision, batchSize, in);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        TensorOps.gemmNT(batch(), out, in, input, weight, h);
        if (bias == null || !ActivationOps.forwardWithBias(activation, h, bias, y)) {
            if (bias != null) TensorOps.addRowVector(h, bias);
            ActivationOps.forward(activation, slope, h, y);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        backward(gradOutput, true);
        return gradInput;
    }

    /** Skips the product delta * W that would give dL/dinput. */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    private void backward(Tensor gradOutput, boolean inputGradient) {
        Tensor x = input;
        if (x == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        if (biasGrad == null || !ActivationOps.backwardWithBiasGrad(activation, h, y, gradOutput, delta, biasGrad)) {
            ActivationOps.backward(activation, slope, slopeGrad, h, y, gradOutput, delta);
            if (biasGrad != null) TensorOps.sumRows(delta, biasGrad);
        }
        TensorOps.gemmTN(out, in, batch(), delta, x, weightGrad);
        if (inputGradient) TensorOps.gemmNN(batch(), in, out, delta, weight, gradInput);
    }

    @Override
    public String toString() {
        return "Dense[" + name() + " " + in + "->" + out + " " + activation.yamlName() + "]";
    }
}
