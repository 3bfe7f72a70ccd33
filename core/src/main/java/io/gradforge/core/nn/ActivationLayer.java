package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pointwise activation on its own, e.g. after a {@link BatchNorm}. For PRELU it owns the learned
 * per-unit slope "slope" [1 x width].
 */
public final class ActivationLayer extends LayerBase implements Layer {
    private final int width;
    private final Activation activation;
    private final @Nullable Tensor slope;
    private final @Nullable Tensor slopeGrad;
    private Tensor y = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor gradInput = y;
    private @Nullable Tensor input;

    private ActivationLayer(int width, Activation activation, Precision precision) {
        super(precision);
        TensorOps.checkWidth("activation layer width", width);
        this.width = width;
        this.activation = Objects.requireNonNull(activation, "activation");
        if (activation.kind() == ActivationKind.PRELU) {
            slope = Tensor.zeros(precision, 1, width);
            slope.fill(activation.parameter());
            slopeGrad = Tensor.zeros(precision, 1, width);
        } else {
            slope = null;
            slopeGrad = null;
        }
    }

    public static ActivationLayer of(int width, Activation activation, Precision precision) {
        return new ActivationLayer(width, activation, precision);
    }

    @Override public int inputSize() { return width; }
    @Override public int outputSize() { return width; }
    public Activation activation() { return activation; }

    /** The input of the last forward (the pre-activation), or null before the first forward. */
    public @Nullable Tensor preActivation() { return input; }
    /** The output of the last forward. */
    public Tensor output() { return y; }

    @Override
    List<Parameter> createParameters(String prefix) {
        return slope != null && slopeGrad != null ? List.of(new Parameter(prefix + "slope", slope, slopeGrad)) : List.of();
    }

    @Override
    void allocateBuffers(int batchSize) {
        y = Tensor.zeros(precision, batchSize, width);
        gradInput = Tensor.zeros(precision, batchSize, width);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        ActivationOps.forward(activation, slope, input, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor x = input;
        if (x == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        ActivationOps.backward(activation, slope, slopeGrad, x, y, gradOutput, gradInput);
        return gradInput;
    }

    @Override
    public String toString() {
        return "ActivationLayer[" + name() + " " + width + " " + activation.yamlName() + "]";
    }
}
