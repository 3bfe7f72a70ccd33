package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * What the permitted {@link Layer} classes share: naming, parameter bookkeeping, and the opening of
 * {@link Layer#allocate} and {@link Layer#forward} (check the input, allocate the buffers once per batch size).
 */
abstract class LayerBase {
    final Precision precision;
    private String name = "";
    private List<Parameter> parameters = List.of();
    private boolean parametersBuilt;
    private int batch = -1;

    LayerBase(Precision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    public final String name() {
        return name;
    }

    public final Precision precision() {
        return precision;
    }

    public final List<Parameter> parameters() {
        if (!parametersBuilt) {
            parameters = List.copyOf(createParameters(name.isEmpty() ? "" : "layers." + name + "."));
            parametersBuilt = true;
        }
        return parameters;
    }

    /** Gives this layer (and its children) its name in a network; a layer belongs to one network only. */
    final void bind(String newName) {
        if (!name.isEmpty()) {
            throw new IllegalArgumentException("layer '" + name + "' already belongs to a network; cannot rename it to '"
                    + newName + "'.");
        }
        name = newName;
        parametersBuilt = false;
        bindChildren(newName);
    }

    void bindChildren(String newName) {}

    /** Allocates forward/backward buffers for {@code batchSize} rows; a no-op when the size is unchanged. */
    public final void allocate(int batchSize) {
        TensorOps.checkWidth("batch size", batchSize);
        allocateChildren(batchSize);
        if (batchSize == batch) return;
        allocateBuffers(batchSize);
        batch = batchSize;
    }

    /** Allocates the child layers, on every call: each child skips an unchanged size itself. */
    void allocateChildren(int batchSize) {}

    /** Allocates this layer's own buffers for {@code batchSize} rows; called only when the size changes. */
    abstract void allocateBuffers(int batchSize);

    /** The rows the buffers are allocated for (-1 before the first forward or allocate). */
    final int batch() {
        return batch;
    }

    /** The opening of every forward: checks {@code input}'s width and precision, then allocates for its rows. */
    final void prepareForward(Tensor input) {
        TensorOps.checkInput((Layer) this, input);
        allocate(input.rows());
    }

    /** This layer's own parameters (children's included), named with {@code prefix}. */
    abstract List<Parameter> createParameters(String prefix);

    static LayerBase base(Layer layer) {
        return (LayerBase) layer; // every permitted Layer extends LayerBase
    }
}
