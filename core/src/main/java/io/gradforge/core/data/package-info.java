/**
 * Datasets: the immutable {@link io.gradforge.core.data.Dataset}, seeded synthetic generators in {@link
 * io.gradforge.core.data.Datasets}, and reading files: CSV in {@link io.gradforge.core.data.CsvDatasets}, IDX
 * (MNIST) in {@link io.gradforge.core.data.IdxDatasets}, NumPy {@code .npy} in {@link
 * io.gradforge.core.data.NpyDatasets}. Every malformed file is refused with a {@link
 * io.gradforge.core.data.DataFileException} that says where and what was expected.
 */
@NullMarked
package io.gradforge.core.data;

import org.jspecify.annotations.NullMarked;
