package io.gradforge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Mean and standard deviation of every number across results of the same shape (the JSON maps of repeated runs):
 * a number becomes {@code {mean, sd}} over its finite values (a whole number all runs agree on, such as a width,
 * stays as it is) (sample standard deviation, 0 for one value; NaN for
 * both when none is finite, with {@code finite} counting them when some are not); maps are aggregated key by key
 * and lists of equal length element by element; other values are kept when all runs agree, else listed per run.
 */
final class Aggregate {
    private Aggregate() {}

    /** The aggregate of {@code values}, one per run, at least one. */
    static Object of(List<?> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("nothing to aggregate");
        Object first = values.getFirst();
        boolean sameWholeNumber = (first instanceof Integer || first instanceof Long)
                && values.stream().allMatch(v -> Objects.equals(v, first));
        if (!sameWholeNumber && values.stream().allMatch(v -> v instanceof Number)) {
            return stats(values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray());
        }
        if (values.stream().allMatch(v -> v instanceof Map<?, ?>)) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object key : ((Map<?, ?>) first).keySet()) {
                List<Object> column = new ArrayList<>(values.size());
                for (Object v : values) column.add(((Map<?, ?>) v).get(key));
                out.put(String.valueOf(key), column.contains(null) ? column : of(column));
            }
            return out;
        }
        if (values.stream().allMatch(v -> v instanceof List<?> l && l.size() == ((List<?>) first).size())) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < ((List<?>) first).size(); i++) {
                List<Object> column = new ArrayList<>(values.size());
                for (Object v : values) column.add(((List<?>) v).get(i));
                out.add(of(column));
            }
            return out;
        }
        return values.stream().allMatch(v -> Objects.equals(v, first)) ? first : List.copyOf(values);
    }

    /** {mean, sd} (and finite, when some value is not) of {@code xs}. */
    static Map<String, Object> stats(double[] xs) {
        double sum = 0.0;
        int n = 0;
        for (double x : xs) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double ss = 0.0;
        for (double x : xs) {
            if (Double.isFinite(x)) ss += (x - mean) * (x - mean);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("sd", n == 0 ? Double.NaN : n == 1 ? 0.0 : Math.sqrt(ss / (n - 1)));
        if (n < xs.length) m.put("finite", n);
        return m;
    }

    /** "1.234 ± 0.05" from a {@link #stats} map (a number prints alone; "-" for NaN). */
    static String text(Object aggregate) {
        if (aggregate instanceof Map<?, ?> m && m.get("mean") instanceof Double mean && m.get("sd") instanceof Double sd) {
            if (Double.isNaN(mean)) return "-";
            return Describe.num(mean) + " ± " + Describe.num(sd);
        }
        return aggregate instanceof Number v ? Describe.num(v.doubleValue()) : String.valueOf(aggregate);
    }

    /** "12% ± 3%" from a {@link #stats} map of fractions; "-" for anything else or NaN. */
    static String percent(@Nullable Object aggregate) {
        if (aggregate instanceof Map<?, ?> m && m.get("mean") instanceof Double mean && m.get("sd") instanceof Double sd
                && !Double.isNaN(mean)) {
            return String.format("%.0f%% ± %.0f%%", 100 * mean, 100 * sd);
        }
        return "-";
    }
}
