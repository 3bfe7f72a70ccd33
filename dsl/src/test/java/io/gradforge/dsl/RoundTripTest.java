package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.DatasetSplit;
import io.gradforge.core.nn.FanMode;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.DataScale;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.IdxData;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.IntRangeGene;
import io.gradforge.dsl.spec.LayerDefaults;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.NpyData;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RealRangeGene;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.ScheduleSpec;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.Vocabulary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** read(write(spec)) equals spec for randomized specs (fixed seed), and write is a fixed point. */
class RoundTripTest {

    private static final String[] TEXTS = {"plain", "with: colon", "quote \" and \\ back", "# not a comment",
            "true", "123", "1.5e3", "null", "~", "line\nbreak\ttab", "ünïcödé ✓ 🚀", " leading space", "- dash",
            "{flow}", "[list]", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`", "'single'", ""};

    @Test
    void randomExperimentsRoundTrip() throws SpecException {
        RandomGenerator rnd = new SplittableRandom(42);
        for (int i = 0; i < 300; i++) {
            check(randomExperiment(rnd, i));
        }
    }

    @Test
    void randomSearchesRoundTrip() throws SpecException {
        RandomGenerator rnd = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            check(randomSearch(rnd, i));
        }
    }

    /**
     * The variance-scaled form is written as it was read (mode written out, fan_in when not given), and the std form
     * beside it keeps its written form: {name: normal, std: ...}, no key added.
     */
    @Test
    void varianceScaledInitializersAreWrittenAsRead() throws SpecException {
        String yaml = """
                version: 1
                name: vs
                network:
                  input: 4
                  defaults: {activation: tanh, init: {name: normal, variance_scale: 1.5}, bias: false}
                  layers:
                    - dense: {units: 8, init: {name: uniform, variance_scale: 2, mode: fan_avg}}
                    - dense: {units: 8, init: {name: normal, std: 0.25}}
                    - lstm: {units: 3, steps: 2, recurrent_init: {name: normal, variance_scale: 1.0, mode: fan_out}}
                  output: {units: 1, init: {name: normal, variance_scale: 0.5, mode: fan_in}}
                training: {data: {generator: sine, samples: 8}, loss: mse, batch_size: 8, steps: 1}
                """;
        ExperimentSpec spec = (ExperimentSpec) SpecReader.fromString(yaml, "vs.yaml");
        assertEquals(InitSpec.varianceScaled("normal", 1.5, FanMode.FAN_IN), spec.network().defaults().init());
        String text = SpecWriter.write(spec);
        for (String written : List.of("init: {name: normal, variance_scale: 1.5, mode: fan_in}",
                "init: {name: uniform, variance_scale: 2.0, mode: fan_avg}", "init: {name: normal, std: 0.25}",
                "recurrent_init: {name: normal, variance_scale: 1.0, mode: fan_out}",
                "init: {name: normal, variance_scale: 0.5, mode: fan_in}")) {
            assertTrue(text.contains(written), written + " in\n" + text);
        }
        check(spec);
    }

    static void check(Spec spec) throws SpecException {
        String text = SpecWriter.write(spec);
        Spec back = SpecReader.fromString(text, "random.yaml");
        assertEquals(spec, back, text);
        assertEquals(text, SpecWriter.write(back));
    }

    static ExperimentSpec randomExperiment(RandomGenerator r, int i) {
        NetworkSpec network = randomNetwork(r);
        String name = "exp-" + i + (r.nextBoolean() ? ".v_1" : "");
        String description = r.nextBoolean() ? null : text(r);
        TrainingSpec training = training(r);
        OutputSpec output = allowed(network.output(), training);
        return new ExperimentSpec(name, description, new NetworkSpec(network.input(), network.defaults(),
                network.layers(), output), training);
    }

    /** {@code output}, or with an identity activation where its sigmoid or tanh would squash the loss's logits. */
    static OutputSpec allowed(OutputSpec output, TrainingSpec training) {
        return Rules.outputLossProblem(output.activation().name(), training.loss()) == null ? output
                : output.withActivation(ActivationSpec.of("identity"));
    }

    static NetworkSpec randomNetwork(RandomGenerator r) {
        LayerDefaults defaults = new LayerDefaults(activation(r), init(r), r.nextBoolean(), init(r));
        List<LayerSpec> layers = layers(r, 0);
        OutputSpec output = new OutputSpec(1 + r.nextInt(10), activation(r), init(r), r.nextBoolean());
        return new NetworkSpec(1 + r.nextInt(50), defaults, layers, output);
    }

    static SearchSpec randomSearch(RandomGenerator r, int i) {
        int min = 1 + r.nextInt(10);
        int input = 1 + r.nextInt(20);
        OutputSpec output = new OutputSpec(1 + r.nextInt(5), activation(r), init(r), true);
        TrainingSpec training = training(r);
        SearchSpace space = new SearchSpace(input, allowed(output, training),
                IntRangeGene.of(min, min + r.nextInt(10)),
                new ChoiceGene<>(distinct(r, () -> 1 + r.nextInt(256)), r.nextBoolean()),
                new ChoiceGene<>(distinct(r, () -> activation(r)), r.nextBoolean()),
                new ChoiceGene<>(distinct(r, () -> init(r)), r.nextBoolean()),
                new ChoiceGene<>(distinct(r, () -> pick(r, SkipChoice.values())), false),
                new ChoiceGene<>(distinct(r, () -> pick(r, NormalizationChoice.values())), false),
                new ChoiceGene<>(distinct(r, () -> r.nextInt(3) == 0 ? ClippingSpec.none()
                        : r.nextBoolean() ? ClippingSpec.norm(0.1 + r.nextDouble() * 10) : ClippingSpec.value(r.nextDouble() + 0.01)), false),
                r.nextBoolean() ? RealRangeGene.of(1e-4, 1e-4 + r.nextDouble() * 0.1, true) : RealRangeGene.of(0.01, 0.01, false));
        ObjectivesSpec.Measure measure = training.targetLoss() != null && r.nextBoolean()
                ? ObjectivesSpec.Measure.STEPS_TO_TARGET : ObjectivesSpec.Measure.AUC;
        ObjectivesSpec objectives = new ObjectivesSpec(pick(r, ObjectivesSpec.Mode.values()), 0.5 + r.nextDouble(),
                measure, r.nextDouble(), r.nextBoolean() ? 0 : r.nextDouble());
        Duration time = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> Duration.ofMinutes(1 + r.nextInt(100));
            case 2 -> Duration.ofMillis(1 + r.nextInt(100_000));
            default -> Duration.ofHours(1 + r.nextInt(30));
        };
        BudgetSpec budget = new BudgetSpec(1 + r.nextInt(10_000), time, r.nextBoolean(), r.nextBoolean());
        int population = 2 + r.nextInt(50);
        GaSpec ga = new GaSpec(population, 1 + r.nextInt(100), pick(r, GaSpec.Selector.values()),
                1 + r.nextInt(population), r.nextDouble(), r.nextDouble(), r.nextInt(population), 1 + r.nextInt(20));
        return new SearchSpec("search-" + i, r.nextBoolean() ? null : text(r), space, training, objectives, budget, ga,
                1 + r.nextInt(16), r.nextLong());
    }

    static List<LayerSpec> layers(RandomGenerator r, int depth) {
        List<LayerSpec> out = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(depth < 2 ? 7 : 4);
            out.add(switch (kind) {
                case 0 -> dense(r);
                case 1 -> new ActivationLayerSpec(activation(r));
                case 2 -> r.nextBoolean() ? BatchNormSpec.of() : new BatchNormSpec(1e-6 + r.nextDouble() * 1e-3, r.nextDouble());
                case 3 -> r.nextBoolean() ? LayerNormSpec.of() : new LayerNormSpec(1e-5 * (1 + r.nextInt(9)));
                case 4 -> new ResidualSpec(layers(r, depth + 1),
                        r.nextBoolean() ? BranchScaleSpec.fixed(r.nextDouble()) : BranchScaleSpec.learned(r.nextBoolean() ? 0.0 : r.nextDouble()),
                        r.nextBoolean(), r.nextBoolean() ? Projection.AUTO : Projection.ALWAYS, 1 + r.nextInt(3));
                case 5 -> new DenseSkipSpec(List.of(DenseSpec.of(1 + r.nextInt(8))), 1 + r.nextInt(2));
                default -> recurrent(r);
            });
        }
        return out;
    }

    /** One step a sequence, so any input width is a whole number of steps. */
    static RecurrentSpec recurrent(RandomGenerator r) {
        RecurrentSpec.Cell cell = pick(r, RecurrentSpec.Cell.values());
        RecurrentSpec s = RecurrentSpec.of(cell, 1 + r.nextInt(16), 1).withSequences(r.nextBoolean());
        if (r.nextBoolean()) {
            s = s.withInit(init(r)).withRecurrentInit(r.nextBoolean() ? InitSpec.of("identity", Map.of("scale", 0.5))
                    : init(r));
        }
        if (cell == RecurrentSpec.Cell.RNN && r.nextBoolean()) {
            s = s.withActivation(ActivationSpec.of("relu"));
        }
        if (cell == RecurrentSpec.Cell.LSTM && r.nextBoolean()) {
            s = s.withForgetBias(r.nextDouble() * 3);
        }
        if (r.nextInt(3) == 0) {
            s = s.withTruncation(TruncationSpec.of(1)); // at most the one step
        }
        return s;
    }

    static DenseSpec dense(RandomGenerator r) {
        DenseSpec d = DenseSpec.of(1 + r.nextInt(64)).withRepeat(1 + r.nextInt(3));
        if (r.nextBoolean()) {
            d = d.withActivation(activation(r));
        }
        if (r.nextBoolean()) {
            d = d.withInit(init(r));
        }
        if (r.nextBoolean()) {
            d = d.withBias(r.nextBoolean());
        }
        if (r.nextBoolean()) {
            d = d.withBiasInit(init(r));
        }
        return d;
    }

    static TrainingSpec training(RandomGenerator r) {
        DataSpec data = switch (r.nextInt(8)) {
            case 0 -> new CsvData(r.nextBoolean() ? "data/iris.csv" : "/abs/path with space/x.csv",
                    r.nextBoolean() ? "species" : "target " + text(r), pick(r, CsvTask.values()), r.nextBoolean());
            case 1 -> new IdxData(r.nextBoolean() ? "train-images-idx3-ubyte.gz" : "/abs/" + text(r) + ".idx",
                    "labels " + text(r), pick(r, DataScale.values()), r.nextBoolean() ? null : 2 + r.nextInt(100));
            case 2 -> {
                CsvTask task = pick(r, CsvTask.values());
                yield new NpyData("data/X.npy", r.nextBoolean() ? "y.npy" : "/abs/" + text(r) + ".npy", task,
                        pick(r, DataScale.values()), task == CsvTask.REGRESSION || r.nextBoolean() ? null : 2 + r.nextInt(100));
            }
            default -> generator(r, pick(r, Vocabulary.GENERATORS.names()));
        };
        String opt = pick(r, Vocabulary.OPTIMIZERS.names());
        String sched = pick(r, Vocabulary.SCHEDULES.names());
        ClippingSpec clip = switch (r.nextInt(3)) {
            case 0 -> ClippingSpec.none();
            case 1 -> ClippingSpec.norm(r.nextDouble() * 5 + 0.01);
            default -> ClippingSpec.value(r.nextDouble() + 0.01);
        };
        double split = r.nextDouble() * 0.9;
        int batch = 1 + r.nextInt(512);
        if (data instanceof GeneratorData g) { // the reader refuses a batch larger than the training rows
            int train = g.rows() - DatasetSplit.validationRows(g.rows(), split);
            if (train < 1) {
                split = 0;
                train = g.rows();
            }
            batch = 1 + r.nextInt(Math.min(512, train));
        }
        return new TrainingSpec(data, pick(r, Vocabulary.LOSSES.names()),
                new OptimizerSpec(opt, 1e-5 + r.nextDouble(), params(r, Vocabulary.OPTIMIZERS, opt)),
                new ScheduleSpec(sched, r.nextInt(1000), params(r, Vocabulary.SCHEDULES, sched)),
                clip, batch,
                r.nextBoolean() ? TrainingLength.steps(1 + r.nextInt(100_000)) : TrainingLength.epochs(1 + r.nextInt(100)),
                split, r.nextBoolean() ? null : r.nextDouble(), pick(r, FloatPrecision.values()),
                r.nextBoolean() ? 42 : r.nextLong());
    }

    static GeneratorData generator(RandomGenerator r, String name) {
        Map<String, Double> params = new java.util.LinkedHashMap<>(params(r, Vocabulary.GENERATORS, name));
        if (name.equals("delayed_xor")) { // delay at most steps - 2
            params.put("delay", (double) r.nextInt((int) Math.round(params.getOrDefault("steps", 100.0)) - 1));
        }
        if (Vocabulary.GENERATORS.entry(name).param("steps") != null) { // samples x steps x features in one array
            params.put("samples", Math.min(params.getOrDefault("samples", 1000.0), 1000.0));
        }
        return new GeneratorData(name, params);
    }

    static ActivationSpec activation(RandomGenerator r) {
        String name = pick(r, Vocabulary.ACTIVATIONS.acceptedNames());
        return new ActivationSpec(name, name.equals("silu") ? Map.of() : params(r, Vocabulary.ACTIVATIONS, name));
    }

    static InitSpec init(RandomGenerator r) {
        if (r.nextInt(5) == 0) {
            return InitSpec.varianceScaled(pick(r, Vocabulary.VARIANCE_SCALED), 0.01 + 4 * r.nextDouble(),
                    FanMode.values()[r.nextInt(FanMode.values().length)]);
        }
        String name = pick(r, Vocabulary.INITIALIZERS.names());
        return new InitSpec(name, params(r, Vocabulary.INITIALIZERS, name));
    }

    /** Random values for some of the parameters (others left to defaults). */
    static Map<String, Double> params(RandomGenerator r, Vocabulary.Family family, String name) {
        Map<String, Double> out = new LinkedHashMap<>();
        Vocabulary.Entry e = family.entry(name);
        if (e == null) {
            return out;
        }
        for (Vocabulary.Param p : e.params()) {
            if (r.nextBoolean()) {
                double span = Math.min(p.max() - p.min(), 100);
                double v = p.min() + r.nextDouble() * span;
                out.put(p.key(), p.integer() ? Math.floor(v) : v);
            }
        }
        return out;
    }

    static String text(RandomGenerator r) {
        return TEXTS[r.nextInt(TEXTS.length)] + (r.nextBoolean() ? "" : " " + TEXTS[r.nextInt(TEXTS.length)]);
    }

    static <T> T pick(RandomGenerator r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    static <T> T pick(RandomGenerator r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    static <T> List<T> distinct(RandomGenerator r, Supplier<@Nullable T> s) {
        List<T> out = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n * 3 && out.size() < n; i++) {
            T v = s.get();
            if (v != null && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
