package io.gradforge.dsl;

import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.DataScale;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.IdxData;
import io.gradforge.dsl.spec.NpyData;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.Vocabulary;
import io.gradforge.dsl.yaml.YamlNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Maps {@code training.data}: a generator, or a file source, told apart by the key naming the source.
 *
 * <pre>
 * data: {generator: two_spirals, samples: 512}
 * data: {csv: data/iris.csv, target: species, task: auto, standardize: true}
 * data: {idx: {images: train-images-idx3-ubyte.gz, labels: train-labels-idx1-ubyte.gz}, scale: unit, classes: 10}
 * data: {npy: {features: X.npy, targets: y.npy}, task: auto, scale: standardize, classes: 10}
 * </pre>
 */
final class DataMapper extends NodeReader {
    /** The keys that name a data source, one per form. */
    static final List<String> SOURCES = List.of("generator", "csv", "idx", "npy");
    static final List<String> CSV_KEYS = List.of("csv", "target", "task", "standardize");
    static final List<String> IDX_KEYS = List.of("idx", "scale", "classes");
    static final List<String> IDX_FILES = List.of("images", "labels");
    static final List<String> NPY_KEYS = List.of("npy", "task", "scale", "classes");
    static final List<String> NPY_FILES = List.of("features", "targets");
    private static final Rules.IntBound CLASSES = new Rules.IntBound("classes", 2, IdxData.MAX_CLASSES);

    DataMapper(NodeReader shared) {
        super(shared);
    }

    @Nullable DataSpec data(YamlNode node) {
        if (node instanceof MapNode m) {
            List<String> sources = SOURCES.stream().filter(m.entries()::containsKey).toList();
            if (sources.size() > 1) {
                problem(m.keys().get(sources.get(1)), "data: one source per data set, but both '" + sources.get(0)
                        + "' and '" + sources.get(1) + "' are given");
                return null;
            }
            if (sources.size() == 1) {
                return switch (sources.get(0)) {
                    case "csv" -> csv(node);
                    case "idx" -> idx(node);
                    case "npy" -> npy(node);
                    default -> generator(node);
                };
            }
            // A misspelled source key ({ncy: ...}) gets a did-you-mean.
            for (var e : m.keys().entrySet()) {
                if (Rules.suggest(e.getKey(), SOURCES) != null) {
                    problem(e.getValue(), Rules.unknown("data source", e.getKey(), SOURCES));
                    return null;
                }
            }
        }
        problem(node, "data: expected {generator: <name>, ...}, {csv: <path>, target: <column>}, {idx: {images:"
                + " <path>, labels: <path>}} or {npy: {features: <path>, targets: <path>}} but was " + node.describe()
                + "; generators: " + String.join(", ", Vocabulary.GENERATORS.names()));
        return null;
    }

    private @Nullable DataSpec generator(YamlNode node) {
        Vocabulary.Canonical c = named(node, Vocabulary.GENERATORS, "generator", List.of());
        return c == null ? null : build(node, () -> new GeneratorData(c.name(), c.parameters()));
    }

    private @Nullable DataSpec csv(YamlNode node) {
        Obj o = obj(node, "csv data", CSV_KEYS);
        if (o == null) {
            return null;
        }
        String path = o.req("csv") == null ? null : string(o.req("csv"), "csv");
        String target = o.req("target") == null ? null : string(o.req("target"), "target");
        CsvTask task = o.has("task") ? enumValue(o.opt("task"), CsvTask.class, "task") : CsvTask.AUTO;
        Boolean standardize = o.bool("standardize", true);
        if (path == null || target == null || task == null || standardize == null) {
            return null;
        }
        return build(node, () -> new CsvData(path, target, task, standardize));
    }

    private @Nullable DataSpec idx(YamlNode node) {
        Obj o = csvHabit(node, "idx data") ? null : obj(node, "idx data", IDX_KEYS);
        if (o == null) {
            return null;
        }
        String[] files = files(o.req("idx"), "idx", IDX_FILES);
        DataScale scale = o.has("scale") ? enumValue(o.opt("scale"), DataScale.class, "scale") : DataScale.UNIT;
        Long classes = o.has("classes") ? integer(o.opt("classes"), CLASSES) : null;
        if (files == null || scale == null || (o.has("classes") && classes == null)) {
            return null;
        }
        Integer k = classes == null ? null : classes.intValue();
        return build(node, () -> new IdxData(files[0], files[1], scale, k));
    }

    private @Nullable DataSpec npy(YamlNode node) {
        Obj o = csvHabit(node, "npy data") ? null : obj(node, "npy data", NPY_KEYS);
        if (o == null) {
            return null;
        }
        String[] files = files(o.req("npy"), "npy", NPY_FILES);
        CsvTask task = o.has("task") ? enumValue(o.opt("task"), CsvTask.class, "task") : CsvTask.AUTO;
        DataScale scale = o.has("scale") ? enumValue(o.opt("scale"), DataScale.class, "scale") : DataScale.STANDARDIZE;
        Long classes = o.has("classes") ? integer(o.opt("classes"), CLASSES) : null;
        if (files == null || task == null || scale == null || (o.has("classes") && classes == null)) {
            return null;
        }
        Integer k = classes == null ? null : classes.intValue();
        return build(o.has("classes") ? o.keyNode("classes") : node, () -> new NpyData(files[0], files[1], task, scale, k));
    }

    /** Reports CSV's {@code standardize} key written in IDX or NPY data, with its replacement; true if found. */
    private boolean csvHabit(YamlNode node, String where) {
        if (!(node instanceof MapNode m) || !m.entries().containsKey("standardize")) {
            return false;
        }
        problem(m.keys().get("standardize"), "standardize is a key of csv data; " + where + " says scale: standardize,"
                + " unit or none");
        return true;
    }

    /** The two paths of {@code {first: <path>, second: <path>}}, both required. */
    private String @Nullable [] files(@Nullable YamlNode node, String source, List<String> keys) {
        Obj o = obj(node, source + " files", keys);
        if (o == null) {
            return null;
        }
        String first = o.req(keys.get(0)) == null ? null : string(o.req(keys.get(0)), keys.get(0));
        String second = o.req(keys.get(1)) == null ? null : string(o.req(keys.get(1)), keys.get(1));
        return first == null || second == null ? null : new String[] {first, second};
    }
}
