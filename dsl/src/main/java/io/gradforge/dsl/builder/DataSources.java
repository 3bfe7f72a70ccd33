package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.GeneratorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training data: the synthetic generators with every parameter positional (Java has no named arguments, so
 * Kotlin writes {@code twoSpirals(512, 0.1)}), {@link #generator} for any generator by YAML keys, and CSV files.
 */
public final class DataSources {

    private DataSources() {}

    /**
     * Two interleaved spirals, 2 inputs, binary target: {@code samples} in [2, 1e7] (YAML default 512), Gaussian {@code
     * noise} in [0, 100] (default 0.1).
     */
    public static GeneratorData twoSpirals(int samples, double noise) {
        return generator("two_spirals", "samples", samples, "noise", noise);
    }

    /**
     * Two concentric circles, 2 inputs, binary target; the inner one of radius {@code factor} in (0, 1) (default 0.5),
     * plus {@code noise} (default 0.1).
     */
    public static GeneratorData circles(int samples, double noise, double factor) {
        return generator("circles", "samples", samples, "noise", noise, "factor", factor);
    }

    /**
     * The parity of every pattern of {@code bits} bits (1 to 16, default 8): {@code 2^bits} rows of +-1 inputs, binary
     * target.
     */
    public static GeneratorData parity(int bits) {
        return generator("parity", "bits", bits);
    }

    /**
     * Points in [-1, 1]^2 labelled by a {@code cells x cells} checkerboard (cells 2 to 1000, default 4), binary target.
     */
    public static GeneratorData checkerboard(int samples, int cells) {
        return generator("checkerboard", "samples", samples, "cells", cells);
    }

    /**
     * Gaussian blobs: {@code classes} centres (2 to 10000, default 3) in {@code dims} dimensions (default 2), {@code
     * spread} per coordinate (default 1), one-hot targets.
     */
    public static GeneratorData blobs(int samples, int classes, int dims, double spread) {
        return generator("blobs", "samples", samples, "classes", classes, "dims", dims, "spread", spread);
    }

    /** y = sin(x) + {@code noise} for x uniform in [-pi, pi]: 1 input, regression. */
    public static GeneratorData sine(int samples, double noise) {
        return generator("sine", "samples", samples, "noise", noise);
    }

    /**
     * A student-teacher regression task: Gaussian inputs ({@code inputs}, default 2) labelled by a random tanh MLP of
     * {@code depth} (1 to 64, default 2) hidden layers of {@code width} (default 16) units with {@code outputs}
     * (default 1) outputs.
     */
    public static GeneratorData teacher(int samples, int inputs, int outputs, int width, int depth) {
        return generator("teacher", "samples", samples, "inputs", inputs, "outputs", outputs, "width", width,
                "depth", depth);
    }

    /**
     * {@link #teacher(int, int, int, int, int)} with inputs of the given mean and variance per component (the
     * defaults are 0 and 1): the input moments a mean-field experiment starts from.
     */
    public static GeneratorData teacher(int samples, int inputs, int outputs, int width, int depth, double mean,
                                        double variance) {
        return generator("teacher", "samples", samples, "inputs", inputs, "outputs", outputs, "width", width,
                "depth", depth, "mean", mean, "variance", variance);
    }

    /** Any generator with parameters by their YAML keys; the others take their defaults. */
    public static GeneratorData generator(String name, Map<String, Double> parameters) {
        return GeneratorData.of(name, parameters);
    }

    /** A CSV file (relative paths are taken against the working directory), task auto, standardized. */
    public static CsvData csv(String path, String targetColumn) {
        return CsvData.of(path, targetColumn);
    }

    /**
     * A CSV file whose {@code targetColumn} is read as {@code task} (auto, regression or classification), features
     * standardized when {@code standardize}.
     */
    public static CsvData csv(String path, String targetColumn, CsvTask task, boolean standardize) {
        return new CsvData(path, targetColumn, task, standardize);
    }

    private static GeneratorData generator(String name, Object... keysAndValues) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        }
        return GeneratorData.of(name, p);
    }
}
