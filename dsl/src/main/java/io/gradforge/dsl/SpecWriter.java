package io.gradforge.dsl;

import io.gradforge.core.train.Pretraining;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.IdxData;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerDefaults;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.NpyData;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.CellChoice;
import io.gradforge.dsl.spec.RecurrentGenes;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.Vocabulary;
import io.gradforge.dsl.yaml.YamlEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes specs as canonical YAML: a stable key order, every default written out, no shorthand
 * ({@code dense: 64} becomes {@code dense: {units: 64, repeat: 1}}). A dense layer's unset fields stay
 * unset, since they mean "as the defaults say". {@code SpecReader.fromString(write(spec), ...)} equals
 * {@code spec}, and {@code SpecReader.networkFromString(write(network), ...)} equals {@code network}.
 *
 * @implNote Stateless and thread-safe.
 */
public final class SpecWriter {

    /** Where {@link #SCHEMA_COMMENT} points: the schema, relative to a spec in {@code specs/}. */
    public static final String SCHEMA_PATH = "schema/gradforge.schema.json";

    /**
     * First line of every written spec: lets YAML editors validate against the schema. It is part of the canonical
     * text (candidate ids derive from it), so files written elsewhere than {@code specs/} replace it
     * ({@link #schemaComment(String)}) rather than {@link #write(Spec)} changing it.
     */
    public static final String SCHEMA_COMMENT = schemaComment(SCHEMA_PATH);

    private SpecWriter() {}

    /** The editors' schema comment line for the schema at {@code path} (relative to the file it heads). */
    public static String schemaComment(String path) {
        return "# yaml-language-server: $schema=" + path + "\n";
    }

    /** {@code spec} as canonical YAML, starting with {@link #SCHEMA_COMMENT}. */
    public static String write(Spec spec) {
        Map<String, Object> root = switch (spec) {
            case ExperimentSpec e -> experiment(e);
            case SearchSpec s -> search(s);
        };
        return SCHEMA_COMMENT + YamlEmitter.emit(root);
    }

    /** Writes {@link #write(Spec)} to {@code file} (UTF-8), replacing it. */
    public static void write(Spec spec, Path file) throws IOException {
        Files.writeString(file, write(spec), StandardCharsets.UTF_8);
    }

    /**
     * {@code network} as a bare network document: canonical YAML of what an experiment's {@code network:}
     * section holds, at the top level and without the schema comment (the schema describes whole specs).
     * {@link SpecReader#networkFromString} reads it back.
     */
    public static String write(NetworkSpec network) {
        return YamlEmitter.emit(network(network));
    }

    /** Writes {@link #write(NetworkSpec)} to {@code file} (UTF-8), replacing it. */
    public static void write(NetworkSpec network, Path file) throws IOException {
        Files.writeString(file, write(network), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> header(Spec spec, String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("kind", kind);
        m.put("name", spec.name());
        if (spec.description() != null) {
            m.put("description", spec.description());
        }
        return m;
    }

    private static Map<String, Object> experiment(ExperimentSpec e) {
        Map<String, Object> m = header(e, "experiment");
        m.put("network", network(e.network()));
        m.put("training", training(e.training()));
        return m;
    }

    private static Map<String, Object> network(NetworkSpec n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", n.input());
        m.put("defaults", defaults(n.defaults()));
        m.put("layers", layers(n.layers()));
        m.put("output", output(n.output()));
        return m;
    }

    private static Map<String, Object> defaults(LayerDefaults d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activation", activation(d.activation()));
        m.put("init", init(d.init()));
        m.put("bias", d.bias());
        m.put("bias_init", init(d.biasInit()));
        return m;
    }

    private static List<Object> layers(List<LayerSpec> layers) {
        List<Object> out = new ArrayList<>();
        for (LayerSpec layer : layers) {
            Map<String, Object> body = new LinkedHashMap<>();
            String kind = switch (layer) {
                case DenseSpec d -> {
                    body.put("units", d.units());
                    if (d.activation() != null) {
                        body.put("activation", activation(d.activation()));
                    }
                    if (d.init() != null) {
                        body.put("init", init(d.init()));
                    }
                    if (d.bias() != null) {
                        body.put("bias", d.bias());
                    }
                    if (d.biasInit() != null) {
                        body.put("bias_init", init(d.biasInit()));
                    }
                    body.put("repeat", d.repeat());
                    yield "dense";
                }
                case ActivationLayerSpec a -> {
                    body.putAll(activation(a.activation()));
                    yield "activation";
                }
                case BatchNormSpec b -> {
                    body.put("eps", b.eps());
                    body.put("momentum", b.momentum());
                    yield "batch_norm";
                }
                case LayerNormSpec l -> {
                    body.put("eps", l.eps());
                    yield "layer_norm";
                }
                case ResidualSpec r -> {
                    body.put("layers", layers(r.layers()));
                    body.put("branch_scale", branchScale(r.branchScale()));
                    body.put("zero_init_last", r.zeroInitLast());
                    body.put("projection", lower(r.projection()));
                    body.put("repeat", r.repeat());
                    yield "residual";
                }
                case DenseSkipSpec s -> {
                    body.put("layers", layers(s.layers()));
                    body.put("repeat", s.repeat());
                    yield "dense_skip";
                }
                case RecurrentSpec r -> {
                    body.put("units", r.units());
                    body.put("steps", r.steps());
                    body.put("sequences", r.sequences());
                    if (r.cell() == RecurrentSpec.Cell.RNN) {
                        body.put("activation", activation(r.activation()));
                    }
                    body.put("init", init(r.init()));
                    body.put("recurrent_init", init(r.recurrentInit()));
                    if (r.cell() == RecurrentSpec.Cell.LSTM) {
                        body.put("forget_bias", r.forgetBias());
                    }
                    if (r.truncation() != null) {
                        body.put("truncation", truncation(r.truncation()));
                    }
                    yield r.cell().yamlName();
                }
            };
            out.add(Map.of(kind, body));
        }
        return out;
    }

    /** {@code k} for the chunked form, else {@code {k1, k2}}. */
    static Object truncation(TruncationSpec t) {
        if (t.chunked()) {
            return t.k1();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k1", t.k1());
        m.put("k2", t.k2());
        return m;
    }

    private static Map<String, Object> branchScale(BranchScaleSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("init", s.init());
        m.put("learned", s.learned());
        return m;
    }

    private static Map<String, Object> output(OutputSpec o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", o.units());
        m.put("activation", activation(o.activation()));
        m.put("init", init(o.init()));
        m.put("bias", o.bias());
        return m;
    }

    static Map<String, Object> activation(ActivationSpec a) {
        return named("name", a.name(), a.parameters(), Vocabulary.ACTIVATIONS);
    }

    /** {@code {name, <parameters>}}; the variance-scaled form as read, {@code {name, variance_scale, mode}}. */
    static Map<String, Object> init(InitSpec i) {
        Map<String, Object> m = named("name", i.name(), i.parameters(), Vocabulary.INITIALIZERS);
        if (i.mode() != null) {
            m.put(Vocabulary.FAN_MODE, i.mode().yamlName());
        }
        return m;
    }

    private static Map<String, Object> named(String nameKey, String name, Map<String, Double> params,
            Vocabulary.Family family) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(nameKey, name);
        Vocabulary.Entry entry = family.entry(name);
        for (var e : params.entrySet()) {
            Vocabulary.Param p = entry == null ? null : entry.param(e.getKey());
            m.put(e.getKey(), p != null && p.integer() ? (Object) Math.round(e.getValue()) : (Object) e.getValue());
        }
        return m;
    }

    private static Map<String, Object> training(TrainingSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", switch (t.data()) {
            case GeneratorData g -> named("generator", g.generator(), g.parameters(), Vocabulary.GENERATORS);
            case CsvData c -> {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("csv", c.path());
                d.put("target", c.target());
                d.put("task", lower(c.task()));
                d.put("standardize", c.standardize());
                yield d;
            }
            case IdxData i -> {
                Map<String, Object> files = new LinkedHashMap<>();
                files.put("images", i.images());
                files.put("labels", i.labels());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("idx", files);
                d.put("scale", lower(i.scale()));
                if (i.classes() != null) {
                    d.put("classes", i.classes());
                }
                yield d;
            }
            case NpyData n -> {
                Map<String, Object> files = new LinkedHashMap<>();
                files.put("features", n.features());
                files.put("targets", n.targets());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("npy", files);
                d.put("task", lower(n.task()));
                d.put("scale", lower(n.scale()));
                if (n.classes() != null) {
                    d.put("classes", n.classes());
                }
                yield d;
            }
        });
        m.put("loss", t.loss());
        m.put("optimizer", optimizer(t.optimizer()));
        Map<String, Object> schedule = named("name", t.schedule().name(), t.schedule().parameters(), Vocabulary.SCHEDULES);
        schedule.put("warmup_steps", t.schedule().warmupSteps());
        m.put("schedule", schedule);
        m.put("clipping", clipping(t.clipping()));
        m.put("batch_size", t.batchSize());
        m.put(t.length().unit() == TrainingLength.Unit.STEPS ? "steps" : "epochs", t.length().count());
        m.put("validation_split", t.validationSplit());
        if (t.targetLoss() != null) {
            m.put("target_loss", t.targetLoss());
        }
        m.put("precision", lower(t.precision()));
        m.put("seed", t.seed());
        if (t.pretraining() != null) {
            m.put("pretraining", pretraining(t.pretraining()));
        }
        return m;
    }

    private static Map<String, Object> pretraining(PretrainingSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", p.method().yamlName());
        m.put("steps_per_layer", p.stepsPerLayer());
        if (p.method() == Pretraining.Method.DENOISING) {
            m.put("noise", p.noise());
        }
        m.put("tied_weights", p.tiedWeights());
        if (p.optimizer() != null) {
            m.put("optimizer", optimizer(p.optimizer()));
        }
        return m;
    }

    private static Map<String, Object> optimizer(OptimizerSpec o) {
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("name", o.name());
        opt.put("learning_rate", o.learningRate());
        opt.putAll(o.parameters());
        return opt;
    }

    private static Object clipping(ClippingSpec c) {
        return switch (c.mode()) {
            case NONE -> "none";
            case NORM -> Map.of("norm", c.threshold());
            case VALUE -> Map.of("value", c.threshold());
        };
    }

    private static Map<String, Object> search(SearchSpec s) {
        Map<String, Object> m = header(s, "search");
        m.put("space", space(s.space()));
        m.put("training", training(s.training()));
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("mode", lower(s.objectives().mode()));
        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("weight", s.objectives().convergenceWeight());
        conv.put("measure", lower(s.objectives().convergenceMeasure()));
        obj.put("convergence", conv);
        obj.put("health", Map.of("weight", s.objectives().healthWeight()));
        obj.put("size", Map.of("weight", s.objectives().sizeWeight()));
        m.put("objectives", obj);
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_evaluations", s.budget().maxEvaluations());
        if (s.budget().maxTime() != null) {
            budget.put("max_time", SearchMapper.formatDuration(s.budget().maxTime()));
        }
        budget.put("screen_at_init", s.budget().screenAtInit());
        budget.put("successive_halving", s.budget().successiveHalving());
        m.put("budget", budget);
        Map<String, Object> ga = new LinkedHashMap<>();
        ga.put("population", s.ga().population() == GaSpec.AUTO ? "auto" : s.ga().population());
        ga.put("generations", s.ga().generations() == GaSpec.AUTO ? "auto" : s.ga().generations());
        ga.put("selector", lower(s.ga().selector()));
        ga.put("tournament_size", s.ga().tournamentSize());
        ga.put("crossover_rate", s.ga().crossoverRate());
        ga.put("mutation_rate", s.ga().mutationRate());
        ga.put("elitism", s.ga().elitism());
        ga.put("proposals", s.ga().proposals());
        m.put("ga", ga);
        m.put("parallelism", s.parallelism());
        m.put("seed", s.seed());
        return m;
    }

    private static Map<String, Object> space(SearchSpace sp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", sp.input());
        m.put("output", output(sp.output()));
        Map<String, Object> depth = new LinkedHashMap<>();
        depth.put("min", sp.depth().min());
        depth.put("max", sp.depth().max());
        m.put("depth", depth);
        m.put("width", choices(sp.width(), w -> w));
        RecurrentGenes rec = sp.recurrent();
        if (rec != null) {
            // a recurrent space's blocks are its cell's; activation, skip and normalization do not apply
            m.put("steps", rec.steps());
            m.put("cell", choices(rec.cell(), CellChoice::yamlName));
            m.put("init", choices(sp.init(), SpecWriter::init));
            m.put("recurrent_init", choices(rec.recurrentInit(), SpecWriter::init));
            m.put("truncation", choices(rec.truncation(),
                    c -> c.truncation() == null ? "none" : truncation(c.truncation())));
        } else {
            m.put("activation", choices(sp.activation(), SpecWriter::activation));
            m.put("init", choices(sp.init(), SpecWriter::init));
            m.put("skip", choices(sp.skip(), SpecWriter::lower));
            m.put("normalization", choices(sp.normalization(), SpecWriter::lower));
        }
        m.put("clipping", choices(sp.clipping(), SpecWriter::clipping));
        Map<String, Object> lr = new LinkedHashMap<>();
        lr.put("min", sp.learningRate().min());
        lr.put("max", sp.learningRate().max());
        lr.put("log", sp.learningRate().log());
        if (sp.learningRate().steps() > 0) lr.put("steps", sp.learningRate().steps());
        m.put("learning_rate", lr);
        if (sp.searchesPretraining()) {
            m.put("pretraining", choices(sp.pretraining(),
                    c -> c.pretraining() == null ? "none" : pretraining(c.pretraining())));
        }
        return m;
    }

    private static <T> Map<String, Object> choices(ChoiceGene<T> gene, Function<T, Object> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("choices", gene.choices().stream().map(item).toList());
        m.put("per_layer", gene.perLayer());
        return m;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
