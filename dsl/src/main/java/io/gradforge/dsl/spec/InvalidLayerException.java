package io.gradforge.dsl.spec;

/**
 * A {@link NetworkSpec} was rejected because of one entry of its layer list: {@link #layerIndex()} says which
 * (0-based, in {@link NetworkSpec#layers()} as written, before repeats are expanded), so a reader can point at
 * that layer without rebuilding the spec.
 */
public final class InvalidLayerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int layerIndex;

    public InvalidLayerException(int layerIndex, String message, Throwable cause) {
        super(message, cause);
        if (layerIndex < 0) {
            throw new IllegalArgumentException("layerIndex must be non-negative but was " + layerIndex + ".");
        }
        this.layerIndex = layerIndex;
    }

    public InvalidLayerException(int layerIndex, String message) {
        this(layerIndex, message, null);
    }

    /** The entry of the written layer list at fault, 0-based. */
    public int layerIndex() {
        return layerIndex;
    }
}
