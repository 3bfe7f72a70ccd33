package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: each case asserts the exact line and column and the key words of the
 * message, finishes quickly, and never escapes as anything but a {@link SpecException}.
 */
class BadSpecTest {

    /** A valid experiment; cases replace one line. */
    static final String BASE = """
            version: 1
            name: t
            network:
              input: 2
              layers:
                - dense: 8
              output: 1
            training:
              data: {generator: two_spirals}
              loss: mse
              steps: 10
            """;

    static final AtomicLong MAX_NANOS = new AtomicLong();
    static volatile String slowest = "";

    static String replace(String from, String to) {
        assertTrue(BASE.contains(from), from);
        return BASE.replace(from, to);
    }

    /** Reads {@code yaml} expecting failure; checks time and that only SpecException escapes. */
    static List<SpecProblem> problems(String label, byte[] yaml) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            long start = System.nanoTime();
            try {
                SpecReader.fromBytes(yaml, "bad/" + label + ".yaml");
                return fail(label + ": expected a SpecException");
            } catch (SpecException e) {
                return e.problems();
            } catch (Throwable t) {
                throw new AssertionError(label + ": unexpected " + t, t);
            } finally {
                long took = System.nanoTime() - start;
                if (took > MAX_NANOS.get()) {
                    MAX_NANOS.set(took);
                    slowest = label;
                }
            }
        });
    }

    static List<SpecProblem> problems(String label, String yaml) {
        return problems(label, yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly one problem, at line:column, whose message contains every word. */
    static SpecProblem single(String label, String yaml, int line, int column, String... words) {
        return single(label, yaml.getBytes(StandardCharsets.UTF_8), line, column, words);
    }

    static SpecProblem single(String label, byte[] yaml, int line, int column, String... words) {
        List<SpecProblem> ps = problems(label, yaml);
        assertEquals(1, ps.size(), label + ": " + ps);
        return assertAt(ps.get(0), line, column, words);
    }

    static SpecProblem assertAt(SpecProblem p, int line, int column, String... words) {
        assertEquals(line + ":" + column, p.line() + ":" + p.column(), p.toString());
        for (String w : words) {
            assertTrue(p.message().contains(w), "'" + w + "' missing from: " + p);
        }
        return p;
    }

    @AfterAll
    static void report() {
        System.out.printf("BadSpecTest: slowest case '%s' took %.1f ms%n", slowest, MAX_NANOS.get() / 1e6);
    }

    @Test
    void baseIsValid() throws SpecException {
        SpecReader.fromString(BASE, "base.yaml");
    }

    @Test
    void wrongType() {
        single("wrong-type", replace("- dense: 8", "- dense: abc"), 6, 14,
                "units: expected an integer but was 'abc'");
        single("wrong-type-float", replace("- dense: 8", "- dense: 8.5"), 6, 14, "expected an integer but was '8.5'");
        single("wrong-type-map", replace("network:\n  input: 2", "network:\n  input: {a: 1}"), 4, 10,
                "input: expected an integer but was a mapping");
        single("network-not-map", "version: 1\nname: t\nnetwork: 5\ntraining: {data: {generator: sine}, loss: mse, steps: 1}\n",
                3, 10, "network: expected a mapping", "but was '5'");
        single("bool", replace("steps: 10", "steps: 10\n  validation_split: yes"), 12, 21, "expected a number but was 'yes'");
    }

    @Test
    void squashingOutputBeforeALogitsLossIsRefusedAtTheActivation() {
        String bce = replace("  output: 1", "  output: {units: 1, activation: sigmoid}").replace("loss: mse",
                "loss: binary_cross_entropy");
        single("double-sigmoid", bce, 7, 34, "output activation sigmoid followed by loss binary_cross_entropy",
                "applies the sigmoid twice", "use activation: identity");
        single("tanh-softmax", replace("  output: 1", "  output: {units: 2, activation: tanh}").replace("loss: mse",
                "loss: softmax_cross_entropy"), 7, 34, "squashes the logits into [-1, 1]");
        String search = """
                version: 1
                kind: search
                name: s
                space:
                  input: 2
                  output: {units: 1, activation: sigmoid}
                  depth: {min: 1, max: 2}
                  width: [8]
                training:
                  data: {generator: two_spirals}
                  loss: bce
                  steps: 10
                """;
        single("double-sigmoid-search", search, 6, 34, "applies the sigmoid twice");
        // The same output with a loss on probabilities is fine.
        assertDoesNotThrow(() -> SpecReader.fromString(replace("  output: 1", "  output: {units: 1, activation: "
                + "sigmoid}"), "mse.yaml"));
    }

    @Test
    void unknownKeyWithSuggestion() {
        List<SpecProblem> ps = problems("unknown-key", replace("  input: 2", "  inptu: 2"));
        assertEquals(2, ps.size(), ps.toString());
        assertAt(ps.get(0), 4, 3, "unknown key 'inptu'", "did you mean 'input'?", "accepted: input, defaults, layers, output");
        assertAt(ps.get(1), 4, 3, "missing required key 'input' in network");
        single("unknown-top-key", replace("name: t", "name: t\nnetwrok_x: 1"), 3, 1, "unknown key 'netwrok_x'");
        single("unknown-dense-key", replace("- dense: 8", "- dense: {units: 8, actvation: relu}"), 6, 25,
                "unknown key 'actvation'", "did you mean 'activation'?");
    }

    @Test
    void recurrentLayers() {
        single("rnn-steps-width", replace("- dense: 8", "- lstm: {units: 8, steps: 3}"), 6, 7,
                "lstm steps 3 must divide its input width 2 (steps x features per step)");
        single("rnn-no-body", replace("- dense: 8", "- gru:"), 6, 7, "gru needs its units and steps",
                "gru: {units: 64, steps: 100}");
        single("rnn-missing-steps", replace("- dense: 8", "- rnn: {units: 8}"), 6, 12, "missing required key 'steps'");
        single("rnn-activation", replace("- dense: 8", "- rnn: {units: 8, steps: 2, activation: sigmoid}"), 6, 12,
                "rnn activation must be tanh or relu but was sigmoid");
        single("gru-forget-bias", replace("- dense: 8", "- gru: {units: 8, steps: 2, forget_bias: 2}"), 6, 33,
                "unknown key 'forget_bias'");
        single("lstm-key-typo", replace("- dense: 8", "- lstm: {units: 8, steps: 2, recurent_init: identity}"), 6, 34,
                "unknown key 'recurent_init'", "did you mean 'recurrent_init'?");
        single("rnn-kind-typo", replace("- dense: 8", "- lstn: {units: 8, steps: 2}"), 6, 7,
                "unknown layer kind 'lstn'", "did you mean 'lstm'?");
        single("lstm-steps-range", replace("- dense: 8", "- lstm: {units: 8, steps: 0}"), 6, 31,
                "steps must be in [1, 100000] but was 0");
        single("truncation-k1-above-k2", replace("- dense: 8",
                "- lstm: {units: 8, steps: 20, truncation: {k1: 10, k2: 5}}"), 6, 52,
                "truncation k1 must be at most k2 (5) but was 10");
        single("truncation-beyond-steps", replace("- dense: 8", "- gru: {units: 8, steps: 4, truncation: 5}"), 6, 45,
                "truncation must be at most the layer's steps (4) but was 5");
        single("truncation-k2-beyond-steps", replace("- dense: 8",
                "- gru: {units: 8, steps: 4, truncation: {k1: 2, k2: 6}}"), 6, 57,
                "truncation k2 must be at most the layer's steps (4) but was 6");
        single("truncation-zero", replace("- dense: 8", "- rnn: {units: 8, steps: 4, truncation: 0}"), 6, 45,
                "truncation must be in [1, 100000] but was 0");
        single("truncation-typo", replace("- dense: 8", "- rnn: {units: 8, steps: 2, trunction: 2}"), 6, 33,
                "unknown key 'trunction'", "did you mean 'truncation'?");
        single("delayed-xor-delay", replace("data: {generator: two_spirals}",
                "data: {generator: delayed_xor, steps: 10, delay: 9}"), 9, 9,
                "delay of delayed_xor must be at most steps - 2 = 8 but was 9");
    }

    @Test
    void teacherInputMomentsAreChecked() {
        String data = "  data: {generator: two_spirals}";
        single("teacher-variance", replace(data, "  data: {generator: teacher, variance: 0}"), 9, 40,
                "variance of teacher must be in (0, 1000000] but was 0");
        single("teacher-variance-typo", replace(data, "  data: {generator: teacher, varaince: 2.0}"), 9, 30,
                "unknown parameter of teacher 'varaince'", "did you mean 'variance'?", "mean, variance");
    }

    /** The variance-scaled initializer: each problem at its own node, with what is accepted. */
    @Test
    void varianceScaledInitializers() {
        String dense = "- dense: 8";
        String at = "- dense: {units: 8, init: ";
        assertEquals("variance_scale of normal must be in (0, 1000000] but was 0", single("scale-zero",
                replace(dense, at + "{name: normal, variance_scale: 0}}"), 6, 62).message());
        assertEquals("variance_scale of uniform must be in (0, 1000000] but was -2", single("scale-negative",
                replace(dense, at + "{name: uniform, variance_scale: -2, mode: fan_out}}"), 6, 63).message());
        single("scale-nan", replace(dense, at + "{name: normal, variance_scale: .nan}}"), 6, 62,
                "variance_scale: expected a finite number");
        single("scale-inf", replace(dense, at + "{name: normal, variance_scale: .inf}}"), 6, 62,
                "variance_scale: expected a finite number");
        assertEquals("variance_scale of normal must be in (0, 1000000] but was 2000000", single("scale-huge",
                replace(dense, at + "{name: normal, variance_scale: 2.0e6}}"), 6, 62).message());
        assertEquals("unknown mode 'fan_inn'; did you mean 'fan_in'? accepted: fan_in, fan_out, fan_avg",
                single("mode-typo", replace(dense, at + "{name: normal, variance_scale: 2, mode: fan_inn}}"), 6, 71)
                        .message());
        assertEquals("unknown mode 'fan-out'; did you mean 'fan_out'? accepted: fan_in, fan_out, fan_avg",
                single("mode-long", replace(dense, at + "{name: normal, variance_scale: 2, mode: fan-out}}"), 6, 71)
                        .message());
        assertEquals("std and variance_scale together in normal: give std itself or variance_scale (variance"
                        + " variance_scale / fan), not both",
                single("both", replace(dense, at + "{name: normal, std: 0.1, variance_scale: 2}}"), 6, 46).message());
        assertEquals("limit and variance_scale together in uniform: give limit itself or variance_scale (variance"
                        + " variance_scale / fan), not both",
                single("both-uniform", replace(dense, at + "{name: uniform, variance_scale: 2, limit: 1}}"), 6, 66)
                        .message());
        assertEquals("mode needs variance_scale in normal (variance variance_scale / fan)",
                single("mode-alone", replace(dense, at + "{name: normal, mode: fan_in}}"), 6, 31).message());
        single("other-name", replace(dense, at + "{name: he_normal, variance_scale: 2}}"), 6, 38,
                "variance_scale and mode apply to normal and uniform, not he_normal");
        single("name-typo", replace(dense, at + "{name: normall, variance_scale: 2}}"), 6, 38,
                "unknown initializer 'normall'; did you mean 'normal'?");
        assertEquals("unknown parameter of variance-scaled normal 'moed'; did you mean 'mode'? accepted:"
                        + " variance_scale, mode",
                single("key-typo", replace(dense, at + "{name: normal, variance_scale: 2, moed: fan_in}}"), 6, 65)
                        .message());
        // a misspelt variance_scale is suggested in the plain form too
        single("scale-typo", replace(dense, at + "{name: normal, varaince_scale: 2}}"), 6, 46,
                "unknown parameter of normal 'varaince_scale'; did you mean 'variance_scale'?", "std, variance_scale, mode");
        // the same problems where a search space lists initializers
        String search = """
                version: 1
                kind: search
                name: s
                space:
                  input: 2
                  init: [he_normal, {name: normal, variance_scale: 1, mode: fan_ot}]
                  output: 1
                  depth: {min: 1, max: 2}
                  width: [8]
                training: {data: {generator: sine}, loss: mse, steps: 10}
                """;
        single("space", search, 6, 61, "unknown mode 'fan_ot'; did you mean 'fan_out'?");
    }

    @Test
    void fileDataSources() {
        String data = "  data: {generator: two_spirals}";
        List<SpecProblem> ps = problems("idx-typo", replace(data, "  data: {idx: {images: a.gz, lables: b.gz}}"));
        assertEquals(2, ps.size(), ps.toString());
        assertEquals("missing required key 'labels' in idx files", assertAt(ps.get(0), 9, 15).message());
        assertEquals("unknown key 'lables'; did you mean 'labels'? accepted: images, labels (in idx files)",
                assertAt(ps.get(1), 9, 30).message());
        assertEquals("unknown data source 'ndy'; did you mean 'npy'? accepted: generator, csv, idx, npy",
                single("source-typo", replace(data, "  data: {ndy: {features: X.npy, targets: y.npy}}"), 9, 10).message());
        assertEquals("unknown scale 'unitt'; did you mean 'unit'? accepted: none, unit, standardize",
                single("scale-typo", replace(data, "  data: {npy: {features: X.npy, targets: y.npy}, scale: unitt}"),
                        9, 57).message());
        assertEquals("classes must be in [2, 10000] but was 1",
                single("one-class", replace(data, "  data: {idx: {images: a, labels: b}, classes: 1}"), 9, 48).message());
        assertEquals("classes apply to classification but task is regression (classes 10)", single("regression-classes",
                replace(data, "  data: {npy: {features: X.npy, targets: y.npy}, task: regression, classes: 10}"), 9, 68)
                .message());
        assertEquals("data: one source per data set, but both 'csv' and 'idx' are given", single("two-sources",
                replace(data, "  data: {csv: a.csv, target: y, idx: {images: a, labels: b}}"), 9, 33).message());
        assertEquals("idx files: expected a mapping with keys images, labels but was 'a.gz'",
                single("idx-scalar", replace(data, "  data: {idx: a.gz}"), 9, 15).message());
        assertEquals("standardize is a key of csv data; idx data says scale: standardize, unit or none",
                single("csv-key-in-idx", replace(data, "  data: {idx: {images: a, labels: b}, standardize: true}"), 9, 39)
                        .message());
    }

    @Test
    void duplicateKey() {
        single("duplicate-key", replace("  input: 2", "  input: 2\n  input: 3"), 5, 3,
                "duplicate key 'input'", "first defined at 4:3");
    }

    @Test
    void misspelledNames() {
        single("activation", replace("- dense: 8", "- dense: {units: 8, activation: rleu}"), 6, 37,
                "unknown activation 'rleu'; did you mean 'relu'? accepted: identity, sigmoid, tanh, relu");
        single("init", replace("- dense: 8", "- dense: {units: 8, init: he_normol}"), 6, 31,
                "unknown initializer 'he_normol'; did you mean 'he_normal'?");
        single("loss", replace("loss: mse", "loss: mes"), 10, 9, "unknown loss 'mes'; did you mean 'mse'?");
        single("generator", replace("generator: two_spirals", "generator: two_spiral"), 9, 21,
                "unknown data generator 'two_spiral'; did you mean 'two_spirals'?");
        single("precision", replace("steps: 10", "steps: 10\n  precision: float46"), 12, 14,
                "unknown precision 'float46'; did you mean 'float64'?");
        single("param", replace("- dense: 8", "- dense: {units: 8, activation: {name: leaky_relu, alpah: 0.2}}"), 6, 56,
                "unknown parameter of leaky_relu 'alpah'; did you mean 'alpha'?");
        single("layer-kind", replace("- dense: 8", "- dens: 8"), 6, 7, "unknown layer kind 'dens'; did you mean 'dense'?");
        single("kind", "kind: serach\n", 1, 7, "unknown kind 'serach'; did you mean 'search'?");
    }

    @Test
    void outOfRange() {
        single("negative", replace("- dense: 8", "- dense: -5"), 6, 14, "units must be in [1, 100000] but was -5");
        single("zero-batch", replace("steps: 10", "steps: 10\n  batch_size: 0"), 12, 15,
                "batch_size must be in [1, 1000000] but was 0");
        single("split", replace("steps: 10", "steps: 10\n  validation_split: 0.95"), 12, 21,
                "validation_split must be in [0, 0.9] but was 0.95");
        single("huge-number", replace("  input: 2", "  input: 99999999999999999999"), 4, 10, "too large");
        single("long-number", replace("  input: 2", "  input: " + "1".repeat(101)), 4, 10,
                "number is longer than 100 characters");
        single("param-range", replace("- dense: 8", "- dense: {units: 8, init: {name: normal, std: -1}}"), 6, 51,
                "std of normal must be in [0, 1000000] but was -1");
        single("nan", replace("steps: 10", "steps: 10\n  target_loss: .nan"), 12, 16, "expected a finite number");
    }

    @Test
    void memoryEstimateRefusesHugeNetworks() {
        SpecProblem p = single("huge-network", replace("- dense: 8", "- dense: {units: 100000, repeat: 100}"), 3, 1,
                "network is too large to train", "parameters", "GiB", "the limit is 2 GiB");
        assertTrue(p.message().contains("about 990,010,300,001 parameters"), p.message());
    }

    @Test
    void stepsAndEpochs() {
        single("both", replace("steps: 10", "steps: 10\n  epochs: 3"), 12, 3, "either steps or epochs, not both");
        single("neither", replace("  steps: 10\n", ""), 9, 3, "give steps", "or epochs");
    }

    @Test
    void missingRequired() {
        single("missing-name", replace("name: t\n", ""), 1, 1, "missing required key 'name'");
        single("empty-layers-value", replace("  layers:\n    - dense: 8\n", "  layers:\n"), 5, 3, "key 'layers' in network has no value");
    }

    @Test
    void residualWidthsThatCannotLineUp() {
        String yaml = replace("    - dense: 8\n", "    - dense: 8\n    - residual: {layers: [{dense: 4}], projection: none}\n");
        single("residual-width", yaml, 7, 7, "residual branch maps width 8 to 4", "projection: auto");
    }

    @Test
    void layerWithTwoKeysGetsAHint() {
        single("two-keys", replace("    - dense: 8\n", "    - dense: 8\n      activation: relu\n"), 6, 7,
                "exactly one key", "2 keys (dense, activation)", "dense: {units: 64, activation: tanh}");
    }

    @Test
    void yamlStructureAttacks() {
        single("deep-nesting", "a: " + "[".repeat(10_000), 1, 35, "nesting is deeper than 32");
        single("deep-nesting-root", "[".repeat(10_000) + "]".repeat(10_000), 1, 33, "nesting is deeper than 32");
        single("deep-maps", "a:\n" + "  b: {".repeat(40) + "}".repeat(40), 2, 186, "nesting is deeper than 32");
        String laughs = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;
        single("billion-laughs", laughs, 1, 4, "anchors (&a) are not supported");
        single("alias-value", replace("loss: mse", "loss: *mse"), 10, 9, "not supported");
        single("tag", replace("name: t", "name: !!str t"), 2, 7, "explicit YAML tags", "not supported");
        single("many-nodes", "a: [" + "1,".repeat(20_001) + "1]", 1, 40_001, "more than 20000 YAML nodes");
        single("long-string", replace("name: t", "name: " + "x".repeat(10_001)), 2, 7, "string is longer than 10000");
        single("two-documents", BASE + "---\nversion: 1\n", 13, 1, "one YAML document");
        single("syntax", "a: [1, 2\nb: }\n", 2, 2, "invalid YAML");
    }

    @Test
    void encodingAndLayout() {
        byte[] bad = "version: 1\nname: t\u00e9\u00ff".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = new byte[bad.length + 1];
        System.arraycopy(bad, 0, latin1, 0, bad.length);
        latin1[bad.length] = (byte) 0xFF;
        single("invalid-utf8", latin1, 2, 10, "invalid UTF-8", "0xFF");
        single("tabs", "version: 1\n\tname: t\n", 2, 1, "tab character in indentation");
        single("tabs-nested", replace("    - dense: 8", "  \t- dense: 8"), 6, 3, "tab character");
    }

    @Test
    void emptyAndWrongTopLevel() {
        single("empty", "", 1, 1, "file is empty");
        single("comments-only", "# nothing here\n\n", 1, 1, "file is empty");
        single("list-top", "- a\n- b\n", 1, 1, "a spec file is a mapping", "this one is a list");
        single("scalar-top", "hello\n", 1, 1, "a spec file is a mapping", "'hello'");
        single("version-2", replace("version: 1", "version: 2"), 1, 10, "unsupported version 2", "version 1");
        single("version-missing", replace("version: 1\n", ""), 1, 1, "missing required key 'version'");
    }

    @Test
    void threeProblemsAreAllReported() {
        String yaml = BASE.replace("- dense: 8", "- dense: abc").replace("loss: mse", "loss: mes")
                .replace("steps: 10", "steps: -1");
        List<SpecProblem> ps = problems("three", yaml);
        assertEquals(3, ps.size(), ps.toString());
        assertAt(ps.get(0), 6, 14, "expected an integer");
        assertAt(ps.get(1), 10, 9, "unknown loss");
        assertAt(ps.get(2), 11, 10, "steps must be in [1, 100000000] but was -1");
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.fromString(yaml, "specs/x.yaml"));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("specs/x.yaml:6:14: units: expected an integer but was 'abc'"), lines.get(0));
    }

    @Test
    void searchSpaceWithoutCandidates() {
        String search = """
                version: 1
                kind: search
                name: s
                space:
                  input: 2
                  output: 1
                  depth: {min: 12, max: 2}
                  width: {choices: []}
                training: {data: {generator: sine}, loss: mse, steps: 10}
                """;
        List<SpecProblem> ps = problems("search-empty", search);
        assertEquals(2, ps.size(), ps.toString());
        assertAt(ps.get(0), 7, 10, "depth has min 12 above max 2", "no candidate");
        assertAt(ps.get(1), 8, 20, "width offers no choices");
        single("steps-to-target", search.replace("{min: 12, max: 2}", "{min: 1, max: 2}")
                .replace("choices: []", "choices: [8]") + "objectives: {convergence: {measure: steps_to_target}}\n",
                10, 1, "steps_to_target needs training.target_loss");
        single("elitism", search.replace("{min: 12, max: 2}", "{min: 1, max: 2}")
                .replace("choices: []", "choices: [8]") + "ga: {population: 4, elitism: 4}\n",
                10, 5, "elitism 4 must be below population 4");
        single("duration", search.replace("{min: 12, max: 2}", "{min: 1, max: 2}")
                .replace("choices: []", "choices: [8]") + "budget: {max_time: 10 minutes}\n",
                10, 20, "expected a positive duration like 90s");
    }

    @Test
    void recurrentSearchSpaces() {
        String search = """
                version: 1
                kind: search
                name: s
                space:
                  input: 20
                  output: 1
                  depth: {min: 1, max: 2}
                  width: [8]
                  cell: [lstm, gru]
                  steps: 10
                training: {data: {generator: adding, steps: 10}, loss: mse, steps: 10}
                """;
        assertDoesNotThrow(() -> SpecReader.fromString(search, "ok.yaml"));
        single("space-cell-typo", search.replace("[lstm, gru]", "[lstm, gruu]"), 9, 16, "unknown cell 'gruu'",
                "did you mean 'gru'?");
        single("space-truncation-beyond-steps", search.replace("  steps: 10\n",
                "  steps: 10\n  truncation: [none, 5, {k1: 5, k2: 12}]\n"), 11, 37,
                "truncation k2 must be at most the layer's steps (10) but was 12");
        single("space-dense-key", search.replace("  steps: 10\n", "  steps: 10\n  skip: [none, residual]\n"), 11, 3,
                "skip does not apply to a recurrent space (one with cell)");
        single("space-recurrent-key", search.replace("  cell: [lstm, gru]\n", "").replace("  steps: 10\n",
                "  truncation: [none, 5]\n"), 9, 3, "truncation applies to a recurrent space only");
        single("space-steps-width", search.replace("  steps: 10\n", "  steps: 3\n"), 10, 10, "steps 3 must divide the space's input width 20");
        single("space-missing-steps", search.replace("  steps: 10\n", ""), 5, 3, "missing required key 'steps'");
    }

    @Test
    void batchLargerThanTheGeneratedData() {
        assertEquals("batch_size 1024 is larger than the 512 training rows of the data (two_spirals makes 512); accepted:"
                + " 1 to 512", single("batch-too-large", replace("steps: 10", "steps: 10\n  batch_size: 1024"), 12, 15)
                .message());
        assertEquals("batch_size 500 is larger than the 410 training rows of the data (two_spirals makes 512, 102 held"
                + " out by validation_split 0.2); accepted: 1 to 410", single("batch-too-large-split",
                replace("steps: 10", "steps: 10\n  batch_size: 500\n  validation_split: 0.2"), 12, 15).message());
        // the default batch (32) and parity with 4 bits (16 rows): the problem is at the data
        assertEquals("batch_size 32 is larger than the 16 training rows of the data (parity makes 16); accepted: 1 to 16",
                single("batch-default", replace("{generator: two_spirals}", "{generator: parity, bits: 4}"), 9, 9)
                        .message());
    }

    @Test
    void tenMegabyteFile(@TempDir Path tmp) throws IOException {
        Path big = tmp.resolve("big.yaml");
        byte[] content = new byte[10 * 1024 * 1024];
        Arrays.fill(content, (byte) '#');
        Files.write(big, content);
        long start = System.nanoTime();
        SpecException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(SpecException.class, () -> SpecReader.read(big)));
        MAX_NANOS.accumulateAndGet(System.nanoTime() - start, Math::max);
        assertAt(e.problems().get(0), 1, 1, "file is 10485760 bytes; the limit is 1048576 bytes (1 MiB)");
        single("big-string", "a: \"" + "x".repeat(2 * 1024 * 1024) + "\"", 1, 1, "limit is 1048576");
    }
}
