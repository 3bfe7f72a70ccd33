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
public final class Datasets {

    private Datasets() {}

    public static GeneratorData twoSpirals(int samples, double noise) {
        return generator("two_spirals", "samples", samples, "noise", noise);
    }

    public static GeneratorData circles(int samples, double noise, double factor) {
        return generator("circles", "samples", samples, "noise", noise, "factor", factor);
    }

    public static GeneratorData parity(int bits) {
        return generator("parity", "bits", bits);
    }

    public static GeneratorData checkerboard(int samples, int cells) {
        return generator("checkerboard", "samples", samples, "cells", cells);
    }

    public static GeneratorData blobs(int samples, int classes, int dims, double spread) {
        return generator("blobs", "samples", samples, "classes", classes, "dims", dims, "spread", spread);
    }

    public static GeneratorData sine(int samples, double noise) {
        return generator("sine", "samples", samples, "noise", noise);
    }

    public static GeneratorData teacher(int samples, int inputs, int outputs, int width, int depth) {
        return generator("teacher", "samples", samples, "inputs", inputs, "outputs", outputs, "width", width,
                "depth", depth);
    }

    /** Any generator with parameters by their YAML keys; the others take their defaults. */
    public static GeneratorData generator(String name, Map<String, Double> parameters) {
        return GeneratorData.of(name, parameters);
    }

    /** A CSV file (relative paths are taken against the working directory), task auto, standardized. */
    public static CsvData csv(String path, String targetColumn) {
        return CsvData.of(path, targetColumn);
    }

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
