package io.gradforge.core.data;

/** How a binary reader ({@link IdxDatasets}, {@link NpyDatasets}) scales the feature values it reads. */
public enum InputScale {
    /** The values as stored. */
    NONE,
    /**
     * Integers divided by the largest magnitude of their type, so unsigned bytes land in [0, 1] (pixels / 255)
     * and signed types in [-1, 1]: unsigned byte 255, signed byte 128, int16 2^15, int32 2^31, int64 2^63.
     * Booleans and floating-point values are kept as stored. The same for every file, so a test set is scaled
     * like its training set.
     */
    UNIT,
    /** z-scored per feature column with the file's own means and standard deviations, like CSV standardization. */
    STANDARDIZE
}
