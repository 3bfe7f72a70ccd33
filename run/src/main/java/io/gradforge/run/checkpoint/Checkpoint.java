package io.gradforge.run.checkpoint;

import io.gradforge.core.data.FeatureScaling;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.run.OutputFiles;
import io.gradforge.run.Provenance;
import io.gradforge.run.SpecCompiler;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves a network's spec and weights as JSON, and loads them back into a network whose forward pass is
 * bit-identical. The format is documented in {@code docs/checkpoint-format.md}:
 *
 * <pre>{@code
 * {"format": "gradforge-checkpoint", "version": 1, "precision": "float64",
 *  "provenance": {"gradforge_version": "0.1.0", "java_version": "21.0.5+11-LTS", ..., "kernel": "scalar", ...},
 *  "spec": "<the network as a bare network document, canonical YAML>",
 *  "parameters": [{"name": "layers.0.weight", "shape": [64, 2], "data": [...]}, ...],
 *  "buffers": [{"name": "layers.1.running_mean", "shape": [1, 64], "data": [...]}, ...]}
 * }</pre>
 *
 * Numbers are written with {@link Double#toString(double)} (float64) or {@link Float#toString(float)}
 * (float32), the shortest decimal that reads back to the same value; NaN and the infinities, which JSON
 * has no numbers for, as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * {@snippet :
 * Checkpoint.save(spec.network(), run.network(), Path.of("model.json"));
 * LoadedCheckpoint back = Checkpoint.load(Path.of("model.json"));
 * Tensor out = back.network().forward(x, false);
 * }
 *
 * @implNote Stateless and thread-safe. Saving writes a temporary file beside the target and moves it into
 * place, so an interrupted save leaves any earlier checkpoint intact.
 */
public final class Checkpoint {

    /** The value of the "format" key. */
    public static final String FORMAT = "gradforge-checkpoint";

    /** The version this code writes and the highest it reads. */
    public static final int VERSION = 1;

    private Checkpoint() {}

    // ---------------------------------------------------------------- save

    /**
     * Writes {@code network}'s weights and running statistics, and {@code spec}, to {@code file}, with the
     * {@linkplain Provenance#current() provenance} of this process.
     *
     * @throws IllegalArgumentException when {@code network} is not what {@code spec} builds (parameter names
     *     or shapes differ)
     */
    public static void save(NetworkSpec spec, Network network, Path file) throws IOException {
        save(spec, network, Provenance.current(), file);
    }

    /**
     * Writes {@code network}'s weights and running statistics, {@code spec} and {@code provenance} (say, the
     * one a loaded checkpoint carried) to {@code file}.
     *
     * @throws IllegalArgumentException when {@code network} is not what {@code spec} builds (parameter names
     *     or shapes differ)
     */
    public static void save(NetworkSpec spec, Network network, Provenance provenance, Path file) throws IOException {
        save(spec, network, provenance, null, file);
    }

    /**
     * Like {@link #save(NetworkSpec, Network, Provenance, Path)}, recording {@code data} (what the network was
     * trained on: feature columns, standardization, task, classes) so that {@code gradforge predict} can apply it.
     */
    public static void save(NetworkSpec spec, Network network, Provenance provenance, @Nullable CheckpointData data,
            Path file) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(file, "file");
        checkMatches(spec, network);
        OutputFiles.write(file, w -> write(spec, network, provenance, data, w));
    }

    private static void checkMatches(NetworkSpec spec, Network network) {
        Network expected = SpecCompiler.network(spec, network.precision(), 0);
        Map<String, String> want = expected.parameterShapes();
        Map<String, String> have = network.parameterShapes();
        if (!want.equals(have)) {
            throw new IllegalArgumentException("the network is not the one the spec builds: the spec gives parameters "
                    + want + " but the network has " + have);
        }
    }

    private static String shape(Tensor t) {
        return "[" + t.rows() + ", " + t.cols() + "]";
    }

    private static String shape(int[] s) {
        return "[" + s[0] + ", " + s[1] + "]";
    }

    private static void write(NetworkSpec spec, Network network, Provenance provenance, @Nullable CheckpointData data,
            Writer w) throws IOException {
        boolean f32 = network.precision() == Precision.FLOAT32;
        w.write("{\n  \"format\": \"" + FORMAT + "\",\n  \"version\": " + VERSION + ",\n  \"precision\": \""
                + (f32 ? "float32" : "float64") + "\",\n  \"provenance\": {");
        String separator = "";
        for (Map.Entry<String, Object> e : provenance.toMap().entrySet()) {
            w.write(separator);
            writeString(e.getKey(), w);
            w.write(": ");
            if (e.getValue() instanceof Number n) {
                w.write(n.toString());
            } else {
                writeString(String.valueOf(e.getValue()), w);
            }
            separator = ", ";
        }
        w.write("},\n  \"spec\": ");
        writeString(SpecWriter.write(spec), w);
        if (data != null) writeData(data, w);
        w.write(",\n  \"parameters\": [");
        writeTensors(network.parameters().stream().map(p -> Map.entry(p.name(), p.value())).toList(), f32, w);
        w.write("],\n  \"buffers\": [");
        writeTensors(buffers(network), f32, w);
        w.write("]\n}\n");
    }

    private static void writeData(CheckpointData data, Writer w) throws IOException {
        w.write(",\n  \"data\": {\"features\": [");
        writeStrings(data.features(), w);
        w.write("], \"task\": ");
        writeString(data.task().name().toLowerCase(Locale.ROOT), w);
        w.write(", \"classes\": [");
        writeStrings(data.classes(), w);
        w.write("]");
        FeatureScaling scaling = data.scaling();
        if (scaling != null) {
            w.write(", \"means\": " + Arrays.toString(scaling.means()) + ", \"stds\": " + Arrays.toString(scaling.stds()));
        }
        w.write("}");
    }

    private static void writeStrings(List<String> strings, Writer w) throws IOException {
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) w.write(", ");
            writeString(strings.get(i), w);
        }
    }

    private static @Nullable CheckpointData readData(Path file, @Nullable Object data) throws IOException {
        if (data == null) return null;
        if (!(data instanceof Map<?, ?> m) || !(m.get("features") instanceof List<?> features)
                || !(m.get("task") instanceof String task) || !(m.get("classes") instanceof List<?> classes)) {
            throw problem(file, "\"data\" must be an object with features, task and classes but was " + describe(data));
        }
        TaskKind kind;
        try {
            kind = TaskKind.valueOf(task.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw problem(file, "\"data\".task must be regression, binary or multiclass but was " + describe(task));
        }
        try {
            FeatureScaling scaling = m.containsKey("means") || m.containsKey("stds")
                    ? FeatureScaling.of(numbers(file, "means", m.get("means")), numbers(file, "stds", m.get("stds"))) : null;
            return new CheckpointData(strings(file, "features", features), scaling, kind, strings(file, "classes", classes));
        } catch (IllegalArgumentException e) {
            throw problem(file, "\"data\": " + e.getMessage());
        }
    }

    private static List<String> strings(Path file, String key, List<?> list) throws IOException {
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw problem(file, "\"data\"." + key + " must hold strings but held " + describe(o));
            out.add(s);
        }
        return out;
    }

    private static double[] numbers(Path file, String key, @Nullable Object list) throws IOException {
        if (!(list instanceof List<?> values)) {
            throw problem(file, "\"data\"." + key + " must be a list of numbers but was " + describe(list));
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = value(file, "\"data\"." + key, i, values.get(i), Precision.FLOAT64);
        return out;
    }

    /** Batch-norm running statistics, named "layers.&lt;layer&gt;.running_mean" / ".running_var", in forward order. */
    static List<Map.Entry<String, Tensor>> buffers(Network network) {
        List<Map.Entry<String, Tensor>> out = new ArrayList<>();
        collectBuffers(network.layers(), out);
        return out;
    }

    private static void collectBuffers(List<Layer> layers, List<Map.Entry<String, Tensor>> out) {
        for (Layer layer : layers) {
            switch (layer) {
                case BatchNorm b -> {
                    out.add(Map.entry("layers." + b.name() + ".running_mean", b.runningMean()));
                    out.add(Map.entry("layers." + b.name() + ".running_var", b.runningVar()));
                }
                case Residual r -> collectBuffers(r.branch(), out);
                case ConcatSkip c -> collectBuffers(c.branch(), out);
                default -> { }
            }
        }
    }

    private static void writeTensors(List<Map.Entry<String, Tensor>> tensors, boolean f32, Writer w)
            throws IOException {
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i).getValue();
            w.write(i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ");
            writeString(tensors.get(i).getKey(), w);
            w.write(", \"shape\": [" + t.rows() + ", " + t.cols() + "], \"data\": [");
            int n = t.size();
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    w.write(k % 16 == 0 ? ",\n      " : ", ");
                }
                w.write(number(t.get(k), f32));
            }
            w.write("]}");
        }
        if (!tensors.isEmpty()) {
            w.write("\n  ");
        }
    }

    /** The shortest decimal that reads back to the same value; non-finite values as JSON strings. */
    static String number(double v, boolean f32) {
        if (Double.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return f32 ? Float.toString((float) v) : Double.toString(v);
    }

    private static void writeString(String s, Writer w) throws IOException {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        w.write(b.append('"').toString());
    }

    /**
     * Writes one probe batch with everything another framework needs to reproduce a gradient computation:
     * the input and target rows, the network's output in training mode, the loss and every parameter's
     * gradient, in the same tensor encoding as a checkpoint ({@code "format": "gradforge-probe"}). Runs one
     * forward (training mode) and backward pass; batch-norm running statistics move by one momentum step, so
     * callers that need the network unchanged should save its checkpoint first or rebuild it.
     */
    public static void saveProbe(Network network, Loss loss, Tensor x, Tensor y, Path file) throws IOException {
        Tensor output = network.forward(x, true).copy();
        Tensor grad = Tensor.zeros(network.precision(), output.rows(), output.cols());
        double value = loss.forwardBackward(output, y, grad);
        network.backward(grad);
        boolean f32 = network.precision() == Precision.FLOAT32;
        OutputFiles.write(file, w -> {
            w.write("{\n  \"format\": \"gradforge-probe\",\n  \"version\": " + VERSION + ",\n  \"precision\": \""
                    + (f32 ? "float32" : "float64") + "\",\n  \"training_mode\": true,\n  \"loss\": ");
            writeString(loss.yamlName(), w);
            w.write(",\n  \"loss_value\": " + number(value, false) + ",\n  \"batch\": [");
            writeTensors(List.of(Map.entry("input", x), Map.entry("target", y), Map.entry("output", output)), f32, w);
            w.write("],\n  \"gradients\": [");
            writeTensors(network.parameters().stream().map(p -> Map.entry(p.name(), p.grad())).toList(), f32, w);
            w.write("]\n}\n");
        });
    }

    // ---------------------------------------------------------------- load

    /**
     * Reads a checkpoint: rebuilds the network from its spec and fills in every parameter and buffer.
     *
     * @throws IOException when the file cannot be read, is not JSON, is not a checkpoint of a version this
     *     code reads, or does not fit its spec (a missing or unknown parameter, a shape mismatch naming both
     *     shapes, a data array of the wrong length, a value that is not a number); the message names the file
     */
    public static LoadedCheckpoint load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) { // Jackson would call a missing file "not valid JSON"
            throw Files.isDirectory(file) ? new IOException(file + ": is a directory, not a checkpoint file")
                    : new NoSuchFileException(file.toString());
        }
        Map<String, Object> root;
        try (JsonParser p = JsonMapper.shared().createParser(file)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw problem(file, "expected a JSON object at the top level");
            }
            root = readObject(p, file);
        } catch (JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        }
        Object format = root.get("format");
        if (!FORMAT.equals(format)) {
            throw problem(file, "\"format\" must be \"" + FORMAT + "\" but was " + describe(format));
        }
        Object version = root.get("version");
        if (!(version instanceof Num v) || !v.text().matches("\\d+")) {
            throw problem(file, "\"version\" must be a whole number but was " + describe(version));
        }
        if (!v.text().equals("1")) {
            throw problem(file, "checkpoint version " + v.text() + " is newer than this Gradforge reads (" + VERSION
                    + ")");
        }
        Object precisionName = root.get("precision");
        Precision precision = switch (String.valueOf(precisionName)) {
            case "float64" -> Precision.FLOAT64;
            case "float32" -> Precision.FLOAT32;
            default -> throw problem(file, "\"precision\" must be \"float64\" or \"float32\" but was "
                    + describe(precisionName));
        };
        if (!(root.get("spec") instanceof String specText)) {
            throw problem(file, "\"spec\" must be a string holding the network's YAML but was "
                    + describe(root.get("spec")));
        }
        NetworkSpec spec;
        try {
            spec = SpecReader.networkFromString(specText, file + " (spec)");
        } catch (SpecException e) {
            throw new IOException(file + ": the \"spec\" is not a valid network: " + e.getMessage(), e);
        }
        Network network = SpecCompiler.network(spec, precision, 0);
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        network.parameters().forEach(p -> parameters.put(p.name(), p.value()));
        fill(file, "parameters", root.get("parameters"), parameters, precision);
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers(network).forEach(e -> buffers.put(e.getKey(), e.getValue()));
        fill(file, "buffers", root.containsKey("buffers") ? root.get("buffers") : List.of(), buffers, precision);
        Provenance provenance = null;
        if (root.get("provenance") instanceof Map<?, ?> p) {
            Map<String, Object> entries = new LinkedHashMap<>();
            p.forEach((key, value) -> entries.put(String.valueOf(key), value));
            provenance = Provenance.fromMap(entries);
        }
        return new LoadedCheckpoint(spec, network, provenance, readData(file, root.get("data")));
    }

    private static void fill(Path file, String key, Object list, Map<String, Tensor> targets, Precision precision)
            throws IOException {
        if (!(list instanceof List<?> entries)) {
            throw problem(file, "\"" + key + "\" must be a list but was " + describe(list));
        }
        Map<String, Tensor> remaining = new LinkedHashMap<>(targets);
        for (int i = 0; i < entries.size(); i++) {
            String where = key + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw problem(file, where + " must be an object with name, shape and data");
            }
            if (!(entry.get("name") instanceof String name)) {
                throw problem(file, where + ".name must be a string but was " + describe(entry.get("name")));
            }
            where = key + " '" + name + "'";
            Tensor target = remaining.remove(name);
            if (target == null) {
                throw problem(file, targets.containsKey(name) ? where + " appears twice"
                        : where + " is not in the spec's network, which has " + targets.keySet());
            }
            int[] shape = shape(file, where, entry.get("shape"));
            if (shape[0] != target.rows() || shape[1] != target.cols()) {
                throw problem(file, where + " has shape " + shape(shape) + " in the file but the spec's network needs "
                        + shape(target));
            }
            if (!(entry.get("data") instanceof List<?> data)) {
                throw problem(file, where + ".data must be a list of numbers but was " + describe(entry.get("data")));
            }
            if (data.size() != target.size()) {
                throw problem(file, where + " has " + data.size() + " values but its shape " + shape(shape) + " needs "
                        + target.size());
            }
            for (int k = 0; k < data.size(); k++) {
                target.set(k, value(file, where, k, data.get(k), precision));
            }
        }
        if (!remaining.isEmpty()) {
            throw problem(file, "missing " + key.substring(0, key.length() - 1) + " " + remaining.keySet()
                    .stream().map(n -> "'" + n + "' " + shape(remaining.get(n))).toList()
                    + " that the spec's network has");
        }
    }

    private static int[] shape(Path file, String where, Object shape) throws IOException {
        if (shape instanceof List<?> dims && dims.size() == 2 && dims.get(0) instanceof Num r && dims.get(1) instanceof Num c
                && r.text().matches("\\d{1,9}") && c.text().matches("\\d{1,9}")) {
            return new int[] {Integer.parseInt(r.text()), Integer.parseInt(c.text())};
        }
        throw problem(file, where + ".shape must be [rows, columns] (two whole numbers) but was " + describe(shape));
    }

    private static double value(Path file, String where, int index, Object v, Precision precision) throws IOException {
        if (v instanceof Num n) {
            return precision == Precision.FLOAT32 ? Float.parseFloat(n.text()) : Double.parseDouble(n.text());
        }
        if (v instanceof String s) {
            switch (s) {
                case "NaN" -> { return Double.NaN; }
                case "Infinity" -> { return Double.POSITIVE_INFINITY; }
                case "-Infinity" -> { return Double.NEGATIVE_INFINITY; }
                default -> { }
            }
        }
        throw problem(file, where + " value " + index + " must be a number (or \"NaN\", \"Infinity\", \"-Infinity\") but was "
                + describe(v));
    }

    private static IOException problem(Path file, String what) {
        return new IOException(file + ": not a usable checkpoint: " + what);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "missing";
        }
        if (o instanceof String s) {
            return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        }
        if (o instanceof Num n) {
            return n.text();
        }
        String s = o.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    // ---------------------------------------------------------------- a small JSON tree keeping number text

    /** A JSON number as written, so float32 values parse straight to float (no double rounding on the way). */
    private record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static Map<String, Object> readObject(JsonParser p, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            if (m.put(name, readValue(p, file)) != null) {
                throw problem(file, "key \"" + name + "\" appears twice (line " + p.currentLocation().getLineNr() + ")");
            }
        }
        return m;
    }

    private static Object readValue(JsonParser p, Path file) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> readObject(p, file);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(readValue(p, file));
                }
                yield list;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> "null";
            default -> throw problem(file, "unexpected JSON token " + t + " at line " + p.currentLocation().getLineNr());
        };
    }
}
