/**
 * Benchmarks: training-step speed against PyTorch (JMH and side-by-side runs), population throughput, matrix
 * kernels, and the quality of search strategies replayed on tabulated spaces ({@link io.gradforge.bench.SearchQuality}).
 */
@NullMarked
package io.gradforge.bench;

import org.jspecify.annotations.NullMarked;
