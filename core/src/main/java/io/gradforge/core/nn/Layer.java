package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;

/**
 * One differentiable stage of a {@link Network}. Layers own their parameters (allocated at construction in
 * the network's precision) and their forward/backward buffers (allocated once per batch size).
 *
 * <p>Buffer contract: {@link #forward} returns the layer's own output buffer, valid until its next forward;
 * {@link #backward} overwrites every parameter gradient (it does not accumulate) and returns the layer's own
 * grad-input buffer. Neither allocates while the batch size is unchanged. The input passed to forward must
 * stay unchanged until the matching backward (it is normally the previous layer's output buffer).
 *
 * <p>Layers know nothing of diagnostics; probes read their buffers (e.g. {@link Dense#preActivationGrad()}).
 *
 * @implNote Not thread-safe: a layer is mutable training state used by one thread at a time.
 */
public sealed interface Layer permits Dense, ActivationLayer, BatchNorm, LayerNorm, Residual, ConcatSkip, Recurrent {

    int inputSize();

    int outputSize();

    /** The name given when the network was built ("3", "5.branch.1"); empty before. */
    String name();

    Precision precision();

    /** The trainable parameters, named "layers.&lt;name&gt;.&lt;param&gt;" once the layer is in a network. */
    List<Parameter> parameters();

    /** Allocates forward/backward buffers for {@code batchSize} rows; a no-op when the size is unchanged. */
    void allocate(int batchSize);

    /** Computes the output for {@code input} [batch x inputSize] (allocating first if the batch size changed). */
    Tensor forward(Tensor input, boolean training);

    /** Back-propagates {@code gradOutput} [batch x outputSize] through the last forward. */
    Tensor backward(Tensor gradOutput);

    /**
     * Fills every parameter gradient as {@link #backward} does, but need not compute dL/dinput: the network's
     * first layer, whose input is data, runs this in training. A layer that skips it leaves its grad-input
     * buffer stale; by default the full backward runs.
     */
    default void backwardParameters(Tensor gradOutput) {
        backward(gradOutput);
    }
}
