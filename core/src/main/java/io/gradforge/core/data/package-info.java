/**
 * Datasets: the immutable {@link io.gradforge.core.data.Dataset}, seeded synthetic generators in {@link
 * io.gradforge.core.data.Datasets}, and CSV loading in {@link io.gradforge.core.data.CsvDatasets}.
 */
@NullMarked
package io.gradforge.core.data;

import org.jspecify.annotations.NullMarked;
