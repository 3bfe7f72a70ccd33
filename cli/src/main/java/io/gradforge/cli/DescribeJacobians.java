package io.gradforge.cli;

import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.JacobianSpectra.LayerJacobian;
import io.gradforge.core.health.JacobianSpectra.RowSpectra;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jacobian spectra of a diagnosis as {@code diagnose} prints them: a per-layer table and the input-output line
 * (text), their JSON, and their mean and standard deviation over initializations ({@code --seeds}).
 *
 * <p>JSON fields (stable): {@code jacobians.mode} ("training": batch norm with the probe batch's statistics),
 * {@code batch_norm} (whether the network has it: without, the modes agree), {@code rows} (the probe rows measured), {@code batch_rows}; {@code layers[]} with {@code index, name, kind,
 * input_width, output_width} and either {@code not_measured} (the reason) or, each the mean over the rows of the
 * row's statistic with its standard deviation over the rows beside it ({@code _row_sd}),
 * {@code mean_singular_value, median_singular_value, max_singular_value, min_singular_value,
 * mean_squared_singular_value}, and {@code median_condition} (median over the rows; left out when infinite, i.e.
 * when most rows have a zero singular value); {@code input_output} likewise plus {@code singular_values} (the i-th
 * largest averaged over the rows), {@code lowest_singular_values} and {@code highest_singular_values} (over the rows),
 * or {@code input_output_not_measured}.
 */
final class DescribeJacobians {
    private DescribeJacobians() {}

    private static final String FORMAT = "%-4s %-14s %-10s %9s %10s %10s %10s %10s %10s%n";

    /** The per-layer table and the input-output line. */
    static void print(PrintWriter o, JacobianSpectra j) {
        o.println("Jacobian spectra at init: singular values of d(layer output)/d(layer input) at each of the first "
                + j.rows() + " probe row" + (j.rows() == 1 ? "" : "s") + ";");
        o.println("  each statistic the mean over the rows, the condition number the median over them" + mode(j));
        o.printf(FORMAT, "#", "layer", "kind", "in->out", "mean", "median", "max", "min", "condition");
        for (LayerJacobian l : j.layers()) {
            RowSpectra s = l.spectrum();
            String shape = l.inputWidth() + "->" + l.outputWidth();
            if (s == null) {
                o.printf("%-4s %-14s %-10s %9s  not measured: %s%n", l.index(), l.name(), l.kind(), shape,
                        l.notMeasured());
            } else {
                o.printf(FORMAT, l.index(), l.name(), l.kind(), shape, Describe.num(s.mean().mean()),
                        Describe.num(s.median().mean()), Describe.num(s.max().mean()), Describe.num(s.min().mean()),
                        Describe.num(s.medianCondition()));
            }
        }
        o.println(inputOutputLine(j));
    }

    private static String mode(JacobianSpectra j) {
        if (!j.batchNorm()) return "";
        return j.mode() == JacobianSpectra.Mode.TRAINING
                ? "\n  batch norm in training mode, with the statistics of the " + j.batchRows() + "-row probe batch"
                : "\n  batch norm in evaluation mode, with its running statistics";
    }

    /** "input-output Jacobian over 16 rows: ..." or why it was not measured. */
    static String inputOutputLine(JacobianSpectra j) {
        RowSpectra io = j.inputOutput();
        if (io == null) return "input-output Jacobian: not measured: " + j.inputOutputNotMeasured();
        return String.format("input-output Jacobian over %d row%s (mean ± sd over rows): singular values mean %s, "
                        + "median %s, max %s, min %s, mean square %s; condition %s (median over rows)", io.rows(),
                io.rows() == 1 ? "" : "s",
                spread(io.mean()), spread(io.median()), spread(io.max()), spread(io.min()), spread(io.meanSquared()),
                Describe.num(io.medianCondition()));
    }

    private static String spread(JacobianSpectra.Spread s) {
        return Describe.num(s.mean()) + " ± " + Describe.num(s.sd());
    }

    static Map<String, Object> json(JacobianSpectra j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", j.mode().jsonName());
        m.put("batch_norm", j.batchNorm());
        m.put("rows", j.rows());
        m.put("batch_rows", j.batchRows());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerJacobian l : j.layers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", l.index());
            row.put("name", l.name());
            row.put("kind", l.kind());
            row.put("input_width", l.inputWidth());
            row.put("output_width", l.outputWidth());
            if (l.spectrum() == null) {
                row.put("not_measured", l.notMeasured());
            } else {
                statistics(l.spectrum(), row);
            }
            layers.add(row);
        }
        m.put("layers", layers);
        RowSpectra io = j.inputOutput();
        if (io == null) {
            m.put("input_output_not_measured", j.inputOutputNotMeasured());
        } else {
            Map<String, Object> row = new LinkedHashMap<>();
            statistics(io, row);
            row.put("singular_values", io.meanSingularValues());
            row.put("lowest_singular_values", io.lowestSingularValues());
            row.put("highest_singular_values", io.highestSingularValues());
            m.put("input_output", row);
        }
        return m;
    }

    private static void statistics(RowSpectra s, Map<String, Object> m) {
        put(m, "mean_singular_value", s.mean());
        put(m, "median_singular_value", s.median());
        put(m, "max_singular_value", s.max());
        put(m, "min_singular_value", s.min());
        put(m, "mean_squared_singular_value", s.meanSquared());
        if (Double.isFinite(s.medianCondition())) m.put("median_condition", s.medianCondition());
    }

    private static void put(Map<String, Object> m, String key, JacobianSpectra.Spread s) {
        m.put(key, s.mean());
        m.put(key + "_row_sd", s.sd());
    }

    /** Over initializations: each layer's mean, median, max and min singular value and the input-output line. */
    @SuppressWarnings("unchecked")
    static void printSeeds(PrintWriter o, Map<String, Object> summary) {
        if (!(summary.get("jacobians") instanceof Map<?, ?> j)) return;
        o.println("Jacobian spectra at init (per layer, each the mean over " + whole(j.get("rows"))
                + " probe rows; mean ± standard deviation over the initializations):");
        String format = "%-4s %-14s %-10s %9s %22s %22s %22s %22s%n";
        o.printf(format, "#", "layer", "kind", "in->out", "mean", "median", "max", "min");
        if (j.get("layers") instanceof List<?> layers) {
            for (Object l : layers) {
                Map<String, Object> row = (Map<String, Object>) l;
                String shape = whole(row.get("input_width")) + "->" + whole(row.get("output_width"));
                if (row.get("mean_singular_value") == null) {
                    o.printf("%-4s %-14s %-10s %9s  not measured: %s%n", whole(row.get("index")),
                            row.get("name"), row.get("kind"), shape, row.get("not_measured"));
                    continue;
                }
                o.printf(format, whole(row.get("index")), row.get("name"), row.get("kind"), shape,
                        Aggregate.text(row.get("mean_singular_value")), Aggregate.text(row.get("median_singular_value")),
                        Aggregate.text(row.get("max_singular_value")), Aggregate.text(row.get("min_singular_value")));
            }
        }
        if (j.get("input_output") instanceof Map<?, ?> io) {
            o.println("input-output Jacobian: singular values mean " + Aggregate.text(io.get("mean_singular_value"))
                    + ", median " + Aggregate.text(io.get("median_singular_value")) + ", max "
                    + Aggregate.text(io.get("max_singular_value")) + ", min " + Aggregate.text(io.get(
                    "min_singular_value")) + ", mean square " + Aggregate.text(io.get("mean_squared_singular_value")));
        }
    }

    /** A whole number every run agreed on ({@link Aggregate} keeps it as it is) as digits, anything else as text. */
    private static String whole(Object value) {
        return value instanceof Integer || value instanceof Long ? value.toString() : Aggregate.text(value);
    }
}
