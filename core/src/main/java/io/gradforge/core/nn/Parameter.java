package io.gradforge.core.nn;

import io.gradforge.core.tensor.Tensor;
import java.util.Objects;

/**
 * A trainable parameter: its value and the gradient buffer that backward fills. The name is stable and
 * unique within a network (e.g. "layers.3.weight"), and is what checkpoints and diagnostics refer to.
 */
public record Parameter(String name, Tensor value, Tensor grad) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(grad, "grad");
        if (value.rows() != grad.rows() || value.cols() != grad.cols() || value.precision() != grad.precision()) {
            throw new IllegalArgumentException("parameter '" + name + "': grad " + grad + " does not match value " + value + ".");
        }
    }
}
