package io.gradforge.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
import org.jspecify.annotations.Nullable;

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
        return read(file, options, ReadProgress.NONE);
    }

    /**
     * Like {@link #read(Path, CsvOptions)}, telling {@code progress} the bytes read (about once per MiB). The file
     * is read as a stream: features go straight into numbers, so a file needs little more memory than its values
     * (8 bytes each) and its target column.
     */
    public static Dataset read(Path file, CsvOptions options, ReadProgress progress) throws IOException {
        return read(file, options, progress, false);
    }

    /**
     * Reads the target column as class labels whatever they look like (numbers too): {@link TaskKind#BINARY} for
     * two classes, else {@link TaskKind#MULTICLASS}; {@code options.task()} is ignored.
     */
    public static Dataset readClasses(Path file, CsvOptions options, ReadProgress progress) throws IOException {
        return read(file, options.withTask(TaskKind.MULTICLASS), progress, true);
    }

    private static Dataset read(Path file, CsvOptions options, ReadProgress progress, boolean binaryIfTwo)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        BinarySource.Progress bytes = new BinarySource.Progress(progress, Files.size(file));
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new BufferedReader(new InputStreamReader(new BinarySource.Counting(Files.newInputStream(file),
                bytes), utf8), 1 << 16)) {
            Dataset d = read(file, options, new CsvParser(file, in, options.separator()), binaryIfTwo);
            bytes.finish();
            return d;
        }
    }

    /** Numeric columns of a CSV file picked by header name: {@code rows} rows of {@code names.size()} values, row-major. */
    public record Columns(List<String> names, int rows, double[] values) {
        public Columns {
            names = List.copyOf(names);
            if ((long) rows * names.size() != values.length) {
                throw new IllegalArgumentException("expected " + rows + "x" + names.size() + " values but got "
                        + values.length + ".");
            }
        }
    }

    /**
     * Reads the columns {@code names} (in that order) of {@code file} (UTF-8, comma-separated, a header row) as
     * finite numbers; other columns are ignored. For applying a trained network to new data.
     *
     * @throws DataFileException naming the file, line and column: a missing column, a non-number, a short row ...
     */
    public static Columns readColumns(Path file, List<String> names) throws IOException {
        Objects.requireNonNull(file, "file");
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8), 1 << 16)) {
            CsvParser parser = new CsvParser(file, in, ',');
            CsvRecord header = parser.next();
            if (header == null) {
                throw new DataFileException(file, 1, 0, "empty file; expected a header row naming the columns");
            }
            List<String> columns = header.fields().stream().map(String::strip).toList();
            int[] picked = new int[names.size()];
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < picked.length; k++) {
                picked[k] = columns.indexOf(names.get(k));
                if (picked[k] < 0) missing.add(names.get(k));
            }
            if (!missing.isEmpty()) {
                throw new DataFileException(file, header.line(0), 0, "missing column" + (missing.size() == 1 ? " " : "s ")
                        + missing + "; the network was trained on the columns " + names + " and this file has " + columns);
            }
            DoubleChunks values = new DoubleChunks();
            int rows = 0;
            for (CsvRecord row = parser.next(); row != null; row = parser.next()) {
                checkFields(file, row, columns.size());
                for (int j : picked) values.add(number(file, row, j, "column '" + columns.get(j) + "'"));
                rows++;
            }
            if (rows == 0) {
                throw new DataFileException(file, header.endLine() + 1, 0, "no data rows after the header");
            }
            return new Columns(names, rows, values.toArray());
        }
    }

    private static Dataset read(Path file, CsvOptions options, CsvParser parser, boolean binaryIfTwo) throws IOException {
        CsvRecord header = parser.next();
        if (header == null) {
            throw new DataFileException(file, 1, 0, "empty file; expected a header row naming the columns");
        }
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
        int inputs = columns.size() - 1;
        String targetName = columns.get(target);
        DoubleChunks x = new DoubleChunks();
        Targets targets = new Targets();
        for (CsvRecord row = parser.next(); row != null; row = parser.next()) {
            checkFields(file, row, columns.size());
            int n = row.fields().size();
            for (int j = 0; j < n; j++) {
                if (j == target) {
                    targets.add(row.fields().get(j).strip(), row.line(j));
                } else {
                    x.add(number(file, row, j, "feature column '" + columns.get(j) + "'"));
                }
            }
            if ((long) targets.size() * inputs > Integer.MAX_VALUE - 8) {
                throw new DataFileException(file, row.line(0), 0, "too many values: " + targets.size() + " rows of "
                        + inputs + " features exceed the " + (Integer.MAX_VALUE - 8) + " one dataset can hold");
            }
        }
        int rows = targets.size();
        if (rows == 0) {
            throw new DataFileException(file, header.endLine() + 1, 0, "no data rows after the header");
        }
        String[] rawTargets = targets.values();
        int[] targetLines = targets.lines();
        TaskKind task = options.task();
        if (task == null) {
            checkAutoTarget(file, target, targetName, rawTargets, targetLines);
            task = allNumbers(rawTargets) ? TaskKind.REGRESSION : null;
        }
        List<String> featureNames = new ArrayList<>(columns);
        featureNames.remove(target);
        double[] y;
        List<String> labels;
        if (task == TaskKind.REGRESSION) {
            y = new double[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = number(file, rawTargets[i], targetLines[i], target, "target column '" + targetName + "'");
            }
            labels = List.of();
        } else {
            for (int i = 0; i < rows; i++) {
                if (rawTargets[i].isEmpty()) {
                    throw new DataFileException(file, targetLines[i], target + 1, "missing class label (target column '"
                            + targetName + "')");
                }
            }
            labels = sortedLabels(rawTargets);
            if (labels.size() < 2) {
                throw new DataFileException(file, targetLines[0], target + 1, "target column '" + targetName
                        + "' has only one class " + labels + "; classification needs at least 2");
            }
            if (task == TaskKind.BINARY && labels.size() != 2) {
                throw new DataFileException(file, targetLines[0], target + 1, "target column '" + targetName
                        + "' has " + labels.size() + " classes " + labels + " but task BINARY needs exactly 2");
            }
            if (task == null || binaryIfTwo) {
                task = labels.size() == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS;
            }
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < labels.size(); c++) index.put(labels.get(c), c);
            int outputs = task == TaskKind.BINARY ? 1 : labels.size();
            if ((long) rows * outputs > Integer.MAX_VALUE - 8) {
                throw new DataFileException(file, targetLines[0], target + 1, "target column '" + targetName + "' has "
                        + labels.size() + " classes over " + rows + " rows: too many one-hot values for one dataset");
            }
            y = new double[rows * outputs];
            for (int i = 0; i < rows; i++) {
                int c = index.get(rawTargets[i]);
                if (task == TaskKind.BINARY) y[i] = c;
                else y[i * outputs + c] = 1;
            }
        }
        double[] features = x.toArray();
        FeatureScaling scaling = null;
        if (options.standardize()) {
            scaling = FeatureScaling.measure(features, rows, inputs);
            scaling.standardizeInPlace(features, rows);
        }
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String name = dot > 0 ? fileName.substring(0, dot) : fileName;
        return new Dataset(name, rows, inputs, y.length / rows, features, y, task, labels, featureNames, scaling);
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
    private static void checkAutoTarget(Path file, int target, String column, String[] raw, int[] lines)
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
                cells.append("line ").append(lines[i]).append(" '").append(raw[i]).append('\'');
            }
            if (bad.size() > CELLS_SHOWN) cells.append(" and ").append(bad.size() - CELLS_SHOWN).append(" more");
            int first = bad.get(0);
            throw new DataFileException(file, lines[first], target + 1, "target column '" + column
                    + "' holds numbers except in " + bad.size() + " of " + rows + " rows (" + cells
                    + "); expected a finite number in every row (regression), or set task: classification to read every"
                    + " value as a class label");
        }
        if (bad.isEmpty()) return;
        long distinct = Arrays.stream(raw).distinct().count();
        if (distinct >= IMPLAUSIBLE_CLASSES && distinct * 2 > rows) {
            throw new DataFileException(file, lines[0], target + 1, "target column '" + column
                    + "' has " + distinct + " distinct values in " + rows + " rows, too many to be classes (task auto reads"
                    + " a column that is not all numbers as class labels); expected class labels that repeat (at most "
                    + (rows - 1) / 2 + " distinct values here) or numbers in every row (regression); set task:"
                    + " classification if these really are classes");
        }
    }

    private static void checkFields(Path file, CsvRecord row, int expected) throws DataFileException {
        int n = row.fields().size();
        if (n != expected) {
            throw new DataFileException(file, row.line(Math.min(n, expected) - 1), Math.min(n, expected) + 1, "row has "
                    + n + " fields but the header has " + expected);
        }
    }

    private static double number(Path file, CsvRecord row, int j, String what) throws DataFileException {
        return number(file, row.fields().get(j), row.line(j), j, what);
    }

    private static double number(Path file, String raw, int line, int j, String what) throws DataFileException {
        String s = raw.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, line, j + 1, "'" + raw + "' is not a number (" + what + ")");
        }
        if (!Double.isFinite(v)) {
            throw new DataFileException(file, line, j + 1, "'" + raw + "' is not a finite number (" + what + ")");
        }
        return v;
    }

    /** Numbers in blocks, so that a growing file never copies what it has read; joined once at the end. */
    private static final class DoubleChunks {
        private static final int CHUNK = 1 << 16;
        private final List<double[]> full = new ArrayList<>();
        private double[] current = new double[CHUNK];
        private int used;

        void add(double v) {
            if (used == CHUNK) {
                full.add(current);
                current = new double[CHUNK];
                used = 0;
            }
            current[used++] = v;
        }

        double[] toArray() {
            double[] all = new double[full.size() * CHUNK + used];
            int at = 0;
            for (double[] c : full) {
                System.arraycopy(c, 0, all, at, CHUNK);
                at += CHUNK;
            }
            full.clear();
            System.arraycopy(current, 0, all, at, used);
            return all;
        }
    }

    /**
     * The target column as text with the line of each cell. Repeated values (class labels) share one string while
     * there are few distinct ones.
     */
    private static final class Targets {
        private static final int SHARED = 4096;
        private final Map<String, String> distinct = new HashMap<>();
        private String[] values = new String[1024];
        private int[] lines = new int[1024];
        private int size;

        void add(String value, int line) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size + (size >> 1));
                lines = Arrays.copyOf(lines, values.length);
            }
            String shared = distinct.get(value);
            if (shared == null && distinct.size() < SHARED) distinct.put(value, value);
            values[size] = shared != null ? shared : value;
            lines[size++] = line;
        }

        int size() { return size; }

        String[] values() { return Arrays.copyOf(values, size); }

        int[] lines() { return Arrays.copyOf(lines, size); }
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

    /** A small RFC 4180 state machine over a character stream, one record at a time. */
    private static final class CsvParser {
        private static final int EOF = -1;
        private final Path file;
        private final Reader in;
        private final char separator;
        private final StringBuilder field = new StringBuilder();
        private int peeked = -2;
        private int line = 1;
        private boolean first = true;

        CsvParser(Path file, Reader in, char separator) {
            this.file = file;
            this.in = in;
            this.separator = separator;
        }

        private int peek() throws IOException {
            if (peeked == -2) {
                try {
                    peeked = in.read();
                } catch (CharacterCodingException e) {
                    throw new DataFileException(file, 0, 0, "the file is not valid UTF-8 (" + e.getMessage()
                            + "); save it as UTF-8");
                }
                if (first) {
                    first = false;
                    if (peeked == '\uFEFF') { // a byte-order mark
                        peeked = -2;
                        return peek();
                    }
                }
            }
            return peeked;
        }

        private int take() throws IOException {
            int c = peek();
            peeked = -2;
            return c;
        }

        /** The next record that is not a blank line, or null at the end. */
        @Nullable CsvRecord next() throws IOException {
            while (peek() != EOF) {
                List<String> fields = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                boolean anyQuoted = false;
                while (true) {
                    lines.add(line);
                    if (peek() == '"') {
                        anyQuoted = true;
                        fields.add(quoted(fields.size() + 1));
                    } else {
                        field.setLength(0);
                        while (peek() != EOF && !isEnd(peek())) field.append((char) take());
                        fields.add(field.toString());
                    }
                    if (peek() == separator) {
                        take();
                    } else {
                        break;
                    }
                }
                int endLine = line;
                if (peek() == '\r') take();
                if (peek() == '\n') take();
                line++;
                boolean blank = fields.size() == 1 && !anyQuoted && fields.get(0).isBlank();
                if (!blank) {
                    int[] fieldLines = new int[lines.size()];
                    for (int i = 0; i < fieldLines.length; i++) fieldLines[i] = lines.get(i);
                    return new CsvRecord(fields, fieldLines, endLine);
                }
            }
            return null;
        }

        private boolean isEnd(int c) {
            return c == separator || c == '\n' || c == '\r';
        }

        private String quoted(int column) throws IOException {
            int startLine = line;
            take(); // opening quote
            field.setLength(0);
            while (true) {
                int c = take();
                if (c == EOF) {
                    throw new DataFileException(file, startLine, column, "unterminated quoted field; expected a closing '\"'");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        field.append('"');
                        take();
                        continue;
                    }
                    break;
                }
                if (c == '\n' || (c == '\r' && peek() != '\n')) line++;
                field.append((char) c);
            }
            if (peek() != EOF && !isEnd(peek())) {
                throw new DataFileException(file, line, column, "unexpected '" + (char) peek()
                        + "' after a closing quote; expected '" + separator + "' or the end of the line");
            }
            return field.toString();
        }
    }
}
