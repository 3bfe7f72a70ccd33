package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import java.util.List;
import java.util.Objects;

/** Shared naming and parameter bookkeeping of the permitted {@link Layer} classes. */
abstract class LayerBase {
    final Precision precision;
    private String name = "";
    private List<Parameter> parameters = List.of();
    private boolean parametersBuilt;

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

    /** This layer's own parameters (children's included), named with {@code prefix}. */
    abstract List<Parameter> createParameters(String prefix);

    static LayerBase base(Layer layer) {
        return (LayerBase) layer; // every permitted Layer extends LayerBase
    }
}
