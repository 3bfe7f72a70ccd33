package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.spec.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * specs/schema/gradforge.schema.json stays in step with the reader: its keys are the mapper's keys, its
 * enums the vocabulary's names, it accepts every example and rejects bad input it can express.
 */
class SchemaTest {

    static final Path SCHEMA = Path.of("..", "specs", "schema", "gradforge.schema.json");

    static JsonNode schema() {
        return JsonMapper.shared().readTree(SCHEMA.toFile());
    }

    static JsonNode def(String name) {
        return schema().get("$defs").get(name);
    }

    static Set<String> keys(JsonNode properties) {
        return new HashSet<>(properties.propertyNames());
    }

    /** The object branch of a string-or-object definition. */
    static JsonNode objectForm(JsonNode def) {
        for (JsonNode alt : def.get("anyOf")) {
            if (alt.has("properties")) {
                return alt;
            }
        }
        throw new AssertionError("no object form in " + def);
    }

    @Test
    void topLevelKeysAreTheMappers() {
        assertEquals(Set.copyOf(SpecMapper.EXPERIMENT_KEYS), keys(def("experiment").get("properties")));
        assertEquals(Set.copyOf(SpecMapper.SEARCH_KEYS), keys(def("search").get("properties")));
        assertEquals(Set.copyOf(TrainingMapper.TRAINING_KEYS), keys(def("training").get("properties")));
        assertEquals(Set.copyOf(SearchMapper.SPACE_KEYS), keys(def("space").get("properties")));
        assertEquals(Set.copyOf(TrainingMapper.PRETRAINING_KEYS), keys(def("pretraining").get("properties")));
        Set<String> methods = new HashSet<>();
        for (var m : io.gradforge.core.train.Pretraining.Method.values()) methods.add(m.yamlName());
        assertEquals(methods, strings(def("pretraining").get("properties").get("method").get("enum")));
        Set<String> layerKinds = new HashSet<>();
        for (JsonNode alt : def("layer").get("anyOf")) {
            if (alt.has("properties")) {
                layerKinds.addAll(keys(alt.get("properties")));
            }
        }
        assertEquals(Set.copyOf(SpecMapper.LAYER_KINDS), layerKinds);
    }

    @Test
    void enumsAndParametersAreTheVocabularys() {
        check(Vocabulary.ACTIVATIONS, def("activation"), Set.of("name"));
        check(Vocabulary.INITIALIZERS, def("init"), Set.of("name"));
        check(Vocabulary.OPTIMIZERS, def("optimizer"), Set.of("name", "learning_rate"));
        check(Vocabulary.SCHEDULES, def("schedule"), Set.of("name", "warmup_steps"));
        assertEquals(Set.copyOf(Vocabulary.LOSSES.acceptedNames()), strings(def("loss").get("enum")));
        JsonNode generator = objectForm(def("data"));
        assertEquals(Set.copyOf(Vocabulary.GENERATORS.names()), strings(generator.get("properties").get("generator").get("enum")));
        Set<String> params = new HashSet<>(Set.of("generator"));
        Vocabulary.GENERATORS.names().forEach(n -> params.addAll(Vocabulary.GENERATORS.entry(n).keys()));
        assertEquals(params, keys(generator.get("properties")));
    }

    /** The variance-scaled initializer's form is the vocabulary's; schema and reader accept and refuse alike. */
    @Test
    void theVarianceScaledFormIsTheVocabularys() throws SpecException {
        JsonNode form = null;
        for (JsonNode alt : def("init").get("anyOf")) {
            if (alt.has("properties") && alt.get("properties").has(Vocabulary.VARIANCE_SCALE.key())) form = alt;
        }
        assertTrue(form != null, "init has a variance-scaled form");
        JsonNode props = form.get("properties");
        assertEquals(Set.of("name", Vocabulary.VARIANCE_SCALE.key(), Vocabulary.FAN_MODE), keys(props));
        assertEquals(Set.copyOf(Vocabulary.VARIANCE_SCALED), strings(props.get("name").get("enum")));
        assertEquals(Set.copyOf(Vocabulary.FAN_MODES), strings(props.get(Vocabulary.FAN_MODE).get("enum")));
        assertEquals(Vocabulary.VARIANCE_SCALE.min(), props.get("variance_scale").get("exclusiveMinimum").asDouble());
        assertEquals(Vocabulary.VARIANCE_SCALE.max(), props.get("variance_scale").get("maximum").asDouble());
        SchemaValidator v = new SchemaValidator(schema());
        String dense = "- dense: 8";
        for (String good : List.of("{name: normal, variance_scale: 2.0, mode: fan_in}", "{name: uniform, variance_scale: 1}",
                "{name: normal, variance_scale: 0.5, mode: fan_avg}", "{name: normal, std: 0.1}")) {
            String yaml = BASE.replace(dense, "- dense: {units: 8, init: " + good + "}");
            assertEquals(List.of(), v.validate(yaml(yaml)), good);
            SpecReader.fromString(yaml, good);
        }
        for (String bad : List.of("{name: normal, variance_scale: 2.0, std: 0.1}", "{name: normal, variance_scale: 0}",
                "{name: normal, variance_scale: 2, mode: fan_inn}", "{name: he_normal, variance_scale: 2}",
                "{name: normal, mode: fan_out}")) {
            String yaml = BASE.replace(dense, "- dense: {units: 8, init: " + bad + "}");
            assertFalse(v.validate(yaml(yaml)).isEmpty(), bad);
            boolean readerRefuses;
            try {
                SpecReader.fromString(yaml, bad);
                readerRefuses = false;
            } catch (SpecException e) {
                readerRefuses = true;
            }
            assertTrue(readerRefuses, "the reader refuses it too: " + bad);
        }
    }

    @Test
    void fileDataFormsAreTheMappers() {
        Set<Set<String>> forms = new HashSet<>();
        Set<Set<String>> fileKeys = new HashSet<>();
        for (JsonNode alt : def("data").get("anyOf")) {
            Set<String> k = keys(alt.get("properties"));
            if (k.contains("generator")) continue;
            forms.add(k);
            for (String source : List.of("idx", "npy")) {
                if (k.contains(source)) fileKeys.add(keys(alt.get("properties").get(source).get("properties")));
            }
        }
        assertEquals(Set.of(Set.copyOf(DataMapper.CSV_KEYS), Set.copyOf(DataMapper.IDX_KEYS),
                Set.copyOf(DataMapper.NPY_KEYS)), forms);
        assertEquals(Set.of(Set.copyOf(DataMapper.IDX_FILES), Set.copyOf(DataMapper.NPY_FILES)), fileKeys);
        SchemaValidator v = new SchemaValidator(schema());
        String data = "data: {generator: two_spirals, samples: 64}";
        for (String good : List.of("data: {idx: {images: i.gz, labels: l.gz}, scale: standardize, classes: 10}",
                "data: {npy: {features: X.npy, targets: y.npy}, task: classification, scale: none}")) {
            assertEquals(List.of(), v.validate(yaml(BASE.replace(data, good))), good);
        }
        for (String bad : List.of("data: {idx: {images: i.gz}}", "data: {idx: {images: i, labels: l, extra: x}}",
                "data: {npy: {features: X.npy, targets: y.npy}, scale: unit_range}",
                "data: {npy: {features: X.npy, targets: y.npy}, classes: 1}")) {
            assertFalse(v.validate(yaml(BASE.replace(data, bad))).isEmpty(), bad);
        }
    }

    private static void check(Vocabulary.Family family, JsonNode def, Set<String> extra) {
        assertEquals(Set.copyOf(family.acceptedNames()), strings(def.get("anyOf").get(0).get("enum")), family.noun());
        JsonNode props = objectForm(def).get("properties");
        Set<String> expected = new HashSet<>(extra);
        for (String name : family.names()) {
            for (Vocabulary.Param p : family.entry(name).params()) {
                expected.add(p.key());
                JsonNode s = props.get(p.key());
                // one key may mean different ranges for different names (alpha of leaky_relu, elu): the
                // schema's range must hold every one of them, so it never refuses what the reader accepts
                double min = s.has("minimum") ? s.get("minimum").asDouble() : s.get("exclusiveMinimum").asDouble();
                double max = s.has("maximum") ? s.get("maximum").asDouble() : s.get("exclusiveMaximum").asDouble();
                assertTrue(min <= p.min() && max >= p.max(), p.key() + " of " + name + ": schema range " + s);
            }
        }
        assertEquals(expected, keys(props), family.noun());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static JsonNode yaml(String text) {
        return YAMLMapper.builder().build().readTree(text);
    }

    @TestFactory
    Stream<DynamicTest> theSchemaAcceptsEveryExample() throws IOException {
        SchemaValidator v = new SchemaValidator(schema());
        try (Stream<Path> files = Files.list(Path.of("..", "specs"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertFalse(yamls.isEmpty());
            return yamls.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                List<String> errors = v.validate(yaml(Files.readString(f)));
                assertTrue(errors.isEmpty(), errors.toString());
            }));
        }
    }

    static final String BASE = """
            version: 1
            name: base
            network:
              input: 2
              layers:
                - dense: 8
                - batch_norm: {}
              output: 1
            training:
              data: {generator: two_spirals, samples: 64}
              loss: bce
              optimizer: {name: adam, learning_rate: 0.01}
              steps: 10
            """;

    @Test
    void theSchemaRejectsBadInputItCanExpress() throws IOException {
        SchemaValidator v = new SchemaValidator(schema());
        assertEquals(List.of(), v.validate(yaml(BASE)));
        SpecReader.fromString(BASE, "base"); // and the reader agrees
        for (String[] bad : new String[][] {
                {"unknown key", BASE.replace("steps: 10", "steps: 10\n  stesp: 3")},
                {"wrong enum", BASE.replace("loss: bce", "loss: mes")},
                {"negative units", BASE.replace("dense: 8", "dense: -8")},
                {"wrong type", BASE.replace("input: 2", "input: two")},
                {"unknown activation", BASE.replace("- dense: 8", "- dense: {units: 8, activation: rleu}")},
                {"parameter out of range", BASE.replace("- dense: 8", "- activation: {name: swish, beta: 0}")},
                {"missing network", BASE.replace("network:", "netwrk:")},
                {"unknown layer kind", BASE.replace("- batch_norm: {}", "- conv: 3")},
                {"unknown pretraining method", BASE.replace("steps: 10", "steps: 10\n  pretraining: {method: rbm, steps_per_layer: 2}")},
                {"pretraining noise above 0.95", BASE.replace("steps: 10", "steps: 10\n  pretraining: {method: denoising, steps_per_layer: 2, noise: 2}")}}) {
            assertFalse(v.validate(yaml(bad[1])).isEmpty(), bad[0]);
            boolean readerRefuses;
            try {
                SpecReader.fromString(bad[1], bad[0]);
                readerRefuses = false;
            } catch (SpecException e) {
                readerRefuses = true;
            }
            assertTrue(readerRefuses, "the reader refuses it too: " + bad[0]);
        }
    }
}
