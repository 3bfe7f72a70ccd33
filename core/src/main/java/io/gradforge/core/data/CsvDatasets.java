package io.gradforge.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads datasets from CSV files (RFC 4180: a header row, separator-delimited fields, fields optionally in
 * double quotes with {@code ""} for a quote; blank lines are skipped). Errors name the file, the 1-based line
 * and column (field number), the bad value and what was expected.
 *
 * {@snippet :
 * Dataset iris = CsvDatasets.read(Path.of("data/iris.csv"), CsvOptions.of("species").withStandardize(true));
 * }
 */
public final class CsvDatasets {
    private CsvDatasets() {}

    /**
     * Reads {@code file} (UTF-8) as a dataset named after the file (without extension).
     *
     * @throws DataFileException for a malformed file: no header, unknown target column, a row with the wrong
     *                           number of fields, a non-numeric feature, no data rows, too few classes ...
     * @throws IOException       if the file cannot be read
     */
    public static Dataset read(Path file, CsvOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<CsvRecord> records = new CsvParser(file, text, options.separator()).records();
        if (records.isEmpty()) {
            throw new DataFileException(file, 1, 0, "empty file; expected a header row naming the columns");
        }
        CsvRecord header = records.get(0);
        List<String> columns = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < header.fields().size(); j++) {
            String name = header.fields().get(j).strip();
            if (name.isEmpty()) {
                throw new DataFileException(file, header.line(j), j + 1, "empty column name in the header");
            }
            Integer previous = seen.putIfAbsent(name, j);
            if (previous != null) {
                throw new DataFileException(file, header.line(j), j + 1, "duplicate column name '" + name
                        + "' (also column " + (previous + 1) + ")");
            }
            columns.add(name);
        }
        int target = columns.indexOf(options.targetColumn().strip());
        if (target < 0) {
            throw new DataFileException(file, header.line(0), 0, "target column '" + options.targetColumn()
                    + "' not found; the columns are " + columns);
        }
        if (columns.size() < 2) {
            throw new DataFileException(file, header.line(0), 0, "no feature columns; the header has only the target column '"
                    + columns.get(target) + "'");
        }
        int rows = records.size() - 1;
        if (rows == 0) {
            throw new DataFileException(file, header.endLine() + 1, 0, "no data rows after the header");
        }
        int inputs = columns.size() - 1;
        double[] x = new double[rows * inputs];
        String[] rawTargets = new String[rows];
        for (int i = 0; i < rows; i++) {
            CsvRecord row = records.get(i + 1);
            int n = row.fields().size();
            if (n != columns.size()) {
                int col = Math.min(n, columns.size()) + 1;
                throw new DataFileException(file, row.line(Math.min(n, columns.size()) - 1), col, "row has " + n
                        + " fields but the header has " + columns.size());
            }
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j == target) {
                    rawTargets[i] = row.fields().get(j).strip();
                } else {
                    x[i * inputs + k++] = number(file, row, j, "feature column '" + columns.get(j) + "'");
                }
            }
        }
        TaskKind task = options.task();
        if (task == null) {
            checkAutoTarget(file, records, target, columns.get(target), rawTargets);
            task = allNumbers(rawTargets) ? TaskKind.REGRESSION : null;
        }
        List<String> featureNames = new ArrayList<>(columns);
        featureNames.remove(target);
        double[] y;
        List<String> labels;
        if (task == TaskKind.REGRESSION) {
            y = new double[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = number(file, records.get(i + 1), target, "target column '" + columns.get(target) + "'");
            }
            labels = List.of();
        } else {
            for (int i = 0; i < rows; i++) {
                if (rawTargets[i].isEmpty()) {
                    CsvRecord row = records.get(i + 1);
                    throw new DataFileException(file, row.line(target), target + 1, "missing class label (target column '"
                            + columns.get(target) + "')");
                }
            }
            labels = sortedLabels(rawTargets);
            CsvRecord first = records.get(1);
            if (labels.size() < 2) {
                throw new DataFileException(file, first.line(target), target + 1, "target column '" + columns.get(target)
                        + "' has only one class " + labels + "; classification needs at least 2");
            }
            if (task == TaskKind.BINARY && labels.size() != 2) {
                throw new DataFileException(file, first.line(target), target + 1, "target column '" + columns.get(target)
                        + "' has " + labels.size() + " classes " + labels + " but task BINARY needs exactly 2");
            }
            if (task == null) {
                task = labels.size() == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS;
            }
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < labels.size(); c++) index.put(labels.get(c), c);
            int outputs = task == TaskKind.BINARY ? 1 : labels.size();
            y = new double[rows * outputs];
            for (int i = 0; i < rows; i++) {
                int c = index.get(rawTargets[i]);
                if (task == TaskKind.BINARY) y[i] = c;
                else y[i * outputs + c] = 1;
            }
        }
        FeatureScaling scaling = null;
        if (options.standardize()) {
            scaling = FeatureScaling.measure(x, rows, inputs);
            scaling.standardizeInPlace(x, rows);
        }
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String name = dot > 0 ? fileName.substring(0, dot) : fileName;
        return new Dataset(name, rows, inputs, y.length / rows, x, y, task, labels, featureNames, scaling);
    }

    /** At most this share of a target column's cells may be non-numbers before task auto calls it a typo. */
    private static final int TYPO_SHARE = 10;
    /** Task auto refuses a column of labels with at least this many distinct values, more than rows / 2. */
    private static final int IMPLAUSIBLE_CLASSES = 20;
    private static final int CELLS_SHOWN = 5;

    /**
     * Task auto decides regression (all numbers) or classification (anything else) from the target column; a typo
     * or NaN in a numeric column would silently make every distinct number a class. Refuses a column that holds
     * numbers except in a few cells (naming them), and one with more distinct labels than a classification can
     * learn from (fewer than two rows a class on average).
     */
    private static void checkAutoTarget(Path file, List<CsvRecord> records, int target, String column, String[] raw)
            throws DataFileException {
        int rows = raw.length;
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (Double.isNaN(parseOrNaN(raw[i]))) bad.add(i);
        }
        if (!bad.isEmpty() && (long) bad.size() * TYPO_SHARE <= rows) {
            StringBuilder cells = new StringBuilder();
            for (int k = 0; k < Math.min(bad.size(), CELLS_SHOWN); k++) {
                int i = bad.get(k);
                if (k > 0) cells.append(", ");
                cells.append("line ").append(records.get(i + 1).line(target)).append(" '").append(raw[i]).append('\'');
            }
            if (bad.size() > CELLS_SHOWN) cells.append(" and ").append(bad.size() - CELLS_SHOWN).append(" more");
            int first = bad.get(0);
            throw new DataFileException(file, records.get(first + 1).line(target), target + 1, "target column '" + column
                    + "' holds numbers except in " + bad.size() + " of " + rows + " rows (" + cells
                    + "); expected a finite number in every row (regression), or set task: classification to read every"
                    + " value as a class label");
        }
        if (bad.isEmpty()) return;
        long distinct = Arrays.stream(raw).distinct().count();
        if (distinct >= IMPLAUSIBLE_CLASSES && distinct * 2 > rows) {
            throw new DataFileException(file, records.get(1).line(target), target + 1, "target column '" + column
                    + "' has " + distinct + " distinct values in " + rows + " rows, too many to be classes (task auto reads"
                    + " a column that is not all numbers as class labels); expected class labels that repeat (at most "
                    + (rows - 1) / 2 + " distinct values here) or numbers in every row (regression); set task:"
                    + " classification if these really are classes");
        }
    }

    private static double number(Path file, CsvRecord row, int j, String what) throws DataFileException {
        String raw = row.fields().get(j);
        String s = raw.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, row.line(j), j + 1, "'" + raw + "' is not a number (" + what + ")");
        }
        if (!Double.isFinite(v)) {
            throw new DataFileException(file, row.line(j), j + 1, "'" + raw + "' is not a finite number (" + what + ")");
        }
        return v;
    }

    private static boolean allNumbers(String[] values) {
        for (String s : values) {
            if (parseOrNaN(s) != parseOrNaN(s)) return false; // NaN: not a (finite) number
        }
        return true;
    }

    private static double parseOrNaN(String s) {
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Distinct labels, numerically ordered if all are numbers, else in string order. */
    private static List<String> sortedLabels(String[] values) {
        Comparator<String> order = allNumbers(values)
                ? Comparator.<String>comparingDouble(CsvDatasets::parseOrNaN).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> set = new TreeSet<>(order);
        for (String s : values) set.add(s);
        return List.copyOf(set);
    }

    /** One row of fields, with the line on which each field starts (quoted fields may span lines). */
    private record CsvRecord(List<String> fields, int[] lines, int endLine) {
        int line(int field) {
            return lines[Math.max(0, Math.min(field, lines.length - 1))];
        }
    }

    /** A small RFC 4180 state machine over the whole text. */
    private static final class CsvParser {
        private final Path file;
        private final String text;
        private final char separator;
        private int pos;
        private int line = 1;

        CsvParser(Path file, String text, char separator) {
            this.file = file;
            this.text = text;
            this.separator = separator;
        }

        List<CsvRecord> records() throws DataFileException {
            List<CsvRecord> records = new ArrayList<>();
            while (pos < text.length()) {
                List<String> fields = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                boolean anyQuoted = false;
                while (true) {
                    lines.add(line);
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        anyQuoted = true;
                        fields.add(quoted(fields.size() + 1));
                    } else {
                        int start = pos;
                        while (pos < text.length() && !isEnd(text.charAt(pos))) pos++;
                        fields.add(text.substring(start, pos));
                    }
                    if (pos < text.length() && text.charAt(pos) == separator) {
                        pos++;
                    } else {
                        break;
                    }
                }
                int endLine = line;
                if (pos < text.length() && text.charAt(pos) == '\r') pos++;
                if (pos < text.length() && text.charAt(pos) == '\n') pos++;
                line++;
                boolean blank = fields.size() == 1 && !anyQuoted && fields.get(0).isBlank();
                if (!blank) {
                    int[] fieldLines = new int[lines.size()];
                    for (int i = 0; i < fieldLines.length; i++) fieldLines[i] = lines.get(i);
                    records.add(new CsvRecord(List.copyOf(fields), fieldLines, endLine));
                }
            }
            return records;
        }

        private boolean isEnd(char c) {
            return c == separator || c == '\n' || c == '\r';
        }

        private String quoted(int column) throws DataFileException {
            int startLine = line;
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw new DataFileException(file, startLine, column, "unterminated quoted field; expected a closing '\"'");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                        sb.append('"');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    break;
                }
                if (c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n'))) line++;
                sb.append(c);
                pos++;
            }
            if (pos < text.length() && !isEnd(text.charAt(pos))) {
                throw new DataFileException(file, line, column, "unexpected '" + text.charAt(pos)
                        + "' after a closing quote; expected '" + separator + "' or the end of the line");
            }
            return sb.toString();
        }
    }
}
