package io.gradforge.run;

import io.gradforge.core.data.CsvDatasets;
import io.gradforge.core.data.DataFileException;
import io.gradforge.core.data.CsvOptions;
import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.core.data.IdxDatasets;
import io.gradforge.core.data.IdxOptions;
import io.gradforge.core.data.InputScale;
import io.gradforge.core.data.NpyDatasets;
import io.gradforge.core.data.NpyOptions;
import io.gradforge.core.data.ReadProgress;
import io.gradforge.core.data.SequenceTasks;
import io.gradforge.core.data.TaskKind;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.BranchScale;
import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.InitKind;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Truncation;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.optim.Schedule;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.train.Pretraining;
import io.gradforge.core.train.Trainer;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.CsvData;
import io.gradforge.dsl.spec.DataScale;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.IdxData;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.NpyData;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.ScheduleSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Turns spec records into core objects: a {@link Network}, a {@link Trainer}, a {@link Dataset}.
 *
 * <p>Network construction is deterministic: layers are built in {@link NetworkSpec#resolvedLayers()}
 * order (branch layers before a residual's projection), the output layer last, every initial weight drawn
 * from one generator {@link Network#random(long) seeded} with {@code seed}. So the same spec, precision and
 * seed give bit-identical weights. A residual's skip is the identity unless its projection is
 * {@link Projection#ALWAYS} or the branch changes the width ({@link Projection#AUTO}); the projection is a
 * linear map without bias, xavier_uniform initialized.
 *
 * {@snippet :
 * ExperimentSpec spec = SpecReader.readExperiment(file);
 * TrainingSpec t = spec.training();
 * Network net = SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
 * // generated data is drawn with the data seed, as Experiment does, not with the training seed itself
 * Dataset data = SpecCompiler.dataset(t.data(), file, Experiment.dataSeed(t.seed()));
 * TrainingResult r = SpecCompiler.trainer(t).fit(net, data);
 * }
 *
 * @implNote Stateless and thread-safe.
 */
public final class SpecCompiler {

    private SpecCompiler() {}

    // ---------------------------------------------------------------- network

    /** The core network {@code spec} describes, in {@code precision}, initial weights drawn from {@code seed}. */
    public static Network network(NetworkSpec spec, Precision precision, long seed) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(precision, "precision");
        RandomGenerator rng = Network.random(seed);
        Network.Builder b = Network.builder(spec.input(), precision, rng);
        for (LayerSpec layer : spec.resolvedLayers()) {
            b.add(layer(layer, b.width(), precision, rng));
        }
        OutputSpec out = spec.output();
        b.add(Dense.of(b.width(), out.units(), activation(out.activation()), initializer(out.init()),
                out.bias() ? Initializer.zeros() : null, precision, rng));
        return b.build();
    }

    /** One resolved layer (defaults applied, repeat 1) taking {@code width} inputs. */
    private static Layer layer(LayerSpec spec, int width, Precision precision, RandomGenerator rng) {
        return switch (spec) {
            case DenseSpec d -> Dense.of(width, d.units(), activation(Objects.requireNonNull(d.activation())),
                    initializer(Objects.requireNonNull(d.init())),
                    Boolean.TRUE.equals(d.bias()) ? initializer(Objects.requireNonNull(d.biasInit())) : null,
                    precision, rng);
            case ActivationLayerSpec a -> ActivationLayer.of(width, activation(a.activation()), precision);
            case BatchNormSpec n -> BatchNorm.of(width, n.eps(), n.momentum(), precision);
            case LayerNormSpec n -> LayerNorm.of(width, n.eps(), precision);
            case ResidualSpec r -> {
                List<Layer> branch = branch(r.layers(), width, precision, rng);
                int out = branch.getLast().outputSize();
                boolean project = r.projection() == Projection.ALWAYS || out != width;
                Dense projection = project
                        ? Dense.linear(width, out, false, Initializer.xavierUniform(), precision, rng) : null;
                yield Residual.of(branch, projection,
                        BranchScale.of(r.branchScale().init(), r.branchScale().learned()),
                        r.zeroInitLast());
            }
            case DenseSkipSpec s -> ConcatSkip.of(branch(s.layers(), width, precision, rng));
            case RecurrentSpec r -> Recurrent.of(cell(r), width, r.featuresPerStep(width), r.units(), r.sequences(),
                    initializer(r.init()), initializer(r.recurrentInit()), r.forgetBias(), truncation(r), precision, rng);
        };
    }

    private static @Nullable Truncation truncation(RecurrentSpec r) {
        TruncationSpec t = r.truncation();
        return t == null ? null : Truncation.of(t.k1(), t.k2());
    }

    private static CellKind cell(RecurrentSpec r) {
        return switch (r.cell()) {
            case RNN -> r.activation().name().equals("relu") ? CellKind.RNN_RELU : CellKind.RNN_TANH;
            case LSTM -> CellKind.LSTM;
            case GRU -> CellKind.GRU;
        };
    }

    private static List<Layer> branch(List<LayerSpec> specs, int width, Precision precision, RandomGenerator rng) {
        List<Layer> out = new ArrayList<>(specs.size());
        int w = width;
        for (LayerSpec s : specs) {
            Layer l = layer(s, w, precision, rng);
            out.add(l);
            w = l.outputSize();
        }
        return out;
    }

    /** The core activation for a canonical activation spec. */
    public static Activation activation(ActivationSpec spec) {
        ActivationKind kind = ActivationKind.parse(spec.name())
                .orElseThrow(() -> new IllegalArgumentException("core has no activation '" + spec.name() + "'"));
        return new Activation(kind, single(spec.parameters()));
    }

    /** The core initializer for a canonical initializer spec (a variance-scaled one keeps its scale and mode). */
    public static Initializer initializer(InitSpec spec) {
        InitKind kind = InitKind.parse(spec.name())
                .orElseThrow(() -> new IllegalArgumentException("core has no initializer '" + spec.name() + "'"));
        return new Initializer(kind, single(spec.parameters()), spec.mode());
    }

    /** Core activations and initializers take at most one parameter; the vocabulary matches (VocabularyCoreTest). */
    private static double single(Map<String, Double> parameters) {
        return parameters.isEmpty() ? 0 : parameters.values().iterator().next();
    }

    // ---------------------------------------------------------------- training

    public static Precision precision(TrainingSpec spec) {
        return switch (spec.precision()) {
            case FLOAT32 -> Precision.FLOAT32;
            case FLOAT64 -> Precision.FLOAT64;
        };
    }

    /** The trainer {@code spec} describes: loss, optimizer, schedule, clipping, batch, length, split, target, seed. */
    public static Trainer trainer(TrainingSpec spec) {
        return trainer(spec, spec.optimizer().learningRate(), spec.clipping());
    }

    /**
     * As {@link #trainer(TrainingSpec)} with the learning rate and clipping replaced, e.g. by a search
     * candidate's genes.
     */
    public static Trainer trainer(TrainingSpec spec, double learningRateOverride, ClippingSpec clippingOverride) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(clippingOverride, "clippingOverride");
        Trainer.Builder b = Trainer.builder()
                .loss(loss(spec.loss()))
                .optimizer(optimizer(spec.optimizer()))
                .learningRate(learningRateOverride)
                .schedule(schedule(spec.schedule()))
                .clipping(clipping(clippingOverride))
                .batchSize(spec.batchSize())
                .validationSplit(spec.validationSplit())
                .targetLoss(spec.targetLoss() == null ? Double.NaN : spec.targetLoss())
                .seed(spec.seed())
                .pretraining(pretraining(spec.pretraining(), spec.optimizer(), learningRateOverride));
        TrainingLength length = spec.length();
        switch (length.unit()) {
            case STEPS -> b.steps(length.count());
            case EPOCHS -> b.epochs(Math.toIntExact(length.count()));
        }
        return b.build();
    }

    /**
     * The core pretraining of {@code spec} (null for none): its own optimizer, or the training's {@code optimizer} at
     * {@code learningRate} when it names none.
     */
    static @Nullable Pretraining pretraining(@Nullable PretrainingSpec spec, OptimizerSpec optimizer, double learningRate) {
        if (spec == null) return null;
        OptimizerSpec o = spec.optimizer() != null ? spec.optimizer() : optimizer;
        double lr = spec.optimizer() != null ? spec.optimizer().learningRate() : learningRate;
        return new Pretraining(spec.method(), spec.stepsPerLayer(), spec.noise(), spec.tiedWeights(), optimizer(o), lr);
    }

    public static Loss loss(String name) {
        return Loss.parse(name).orElseThrow(() -> new IllegalArgumentException("core has no loss '" + name + "'"));
    }

    /** The core optimizer configuration (the learning rate is the trainer's, not part of it). */
    public static OptimizerConfig optimizer(OptimizerSpec spec) {
        Map<String, Double> p = spec.parameters();
        double wd = p.getOrDefault("weight_decay", 0.0);
        return switch (spec.name()) {
            case "sgd" -> OptimizerConfig.sgd().withWeightDecay(wd);
            case "momentum" -> OptimizerConfig.momentum(p.get("momentum")).withWeightDecay(wd);
            case "nesterov" -> OptimizerConfig.nesterov(p.get("momentum")).withWeightDecay(wd);
            case "adam" -> OptimizerConfig.adam().withBetas(p.get("beta1"), p.get("beta2"))
                    .withEpsilon(p.get("epsilon")).withWeightDecay(wd);
            case "adamw" -> OptimizerConfig.adamW(wd).withBetas(p.get("beta1"), p.get("beta2"))
                    .withEpsilon(p.get("epsilon"));
            case "rmsprop" -> OptimizerConfig.rmsProp().withRmsAlpha(p.get("alpha"))
                    .withEpsilon(p.get("epsilon")).withWeightDecay(wd);
            default -> throw new IllegalArgumentException("core has no optimizer '" + spec.name() + "'");
        };
    }

    /** The schedule, wrapped in a linear warm-up from 0 when {@code warmup_steps > 0}. */
    public static Schedule schedule(ScheduleSpec spec) {
        Map<String, Double> p = spec.parameters();
        Schedule s = switch (spec.name()) {
            case "constant" -> Schedule.constant();
            case "step" -> Schedule.stepDecay(Math.round(p.get("every")), p.get("gamma"));
            case "cosine" -> Schedule.cosine(p.get("min_factor"));
            default -> throw new IllegalArgumentException("core has no schedule '" + spec.name() + "'");
        };
        return spec.warmupSteps() > 0 ? Schedule.warmup(spec.warmupSteps(), s) : s;
    }

    public static Clipping clipping(ClippingSpec spec) {
        return switch (spec.mode()) {
            case NONE -> Clipping.none();
            case NORM -> Clipping.byGlobalNorm(spec.threshold());
            case VALUE -> Clipping.byValue(spec.threshold());
        };
    }

    // ---------------------------------------------------------------- data

    /**
     * The data set {@code spec} names: a generator drawn with {@code seed}, or files (CSV, IDX, NPY), relative
     * paths taken against the directory of {@code specFile} (the working directory when null).
     *
     * @throws IOException when a file cannot be read or is malformed (a
     *     {@link io.gradforge.core.data.DataFileException} naming the file and the line and column, or the byte)
     */
    public static Dataset dataset(DataSpec spec, @Nullable Path specFile, long seed) throws IOException {
        return dataset(spec, specFile, seed, ReadProgress.NONE);
    }

    /**
     * Like {@link #dataset(DataSpec, Path, long)}, telling {@code progress} the bytes read of CSV, IDX and NPY files
     * (generators read nothing).
     */
    public static Dataset dataset(DataSpec spec, @Nullable Path specFile, long seed, ReadProgress progress)
            throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(progress, "progress");
        checkDataFiles(spec, specFile);
        return switch (spec) {
            case GeneratorData g -> generate(g, seed);
            case CsvData c -> csv(c, specFile, progress);
            case IdxData i -> IdxDatasets.read(i.imagesFile(specFile), i.labelsFile(specFile),
                    new IdxOptions(scale(i.scale()), i.classes()), progress);
            case NpyData n -> NpyDatasets.read(n.featuresFile(specFile), n.targetsFile(specFile),
                    new NpyOptions(switch (n.task()) {
                        case AUTO -> NpyOptions.Targets.AUTO;
                        case REGRESSION -> NpyOptions.Targets.REGRESSION;
                        case CLASSIFICATION -> NpyOptions.Targets.CLASSIFICATION;
                    }, scale(n.scale()), n.classes()), progress);
        };
    }

    /**
     * {@code data} held as a network of {@code precision} uses it: with float32 features for a float32 network (half
     * the memory; the same numbers its batches would hold, {@link Dataset#asFloat32()}), as it is for float64.
     */
    public static Dataset stored(Dataset data, FloatPrecision precision) {
        return precision == FloatPrecision.FLOAT32 ? data.asFloat32() : data;
    }

    private static InputScale scale(DataScale scale) {
        return switch (scale) {
            case NONE -> InputScale.NONE;
            case UNIT -> InputScale.UNIT;
            case STANDARDIZE -> InputScale.STANDARDIZE;
        };
    }

    private static Dataset csv(CsvData c, @Nullable Path specFile, ReadProgress progress) throws IOException {
        Path file = c.resolveAgainst(specFile);
        CsvOptions options = CsvOptions.of(c.target()).withStandardize(c.standardize());
        return switch (c.task()) {
            case AUTO -> CsvDatasets.read(file, options, progress);
            case REGRESSION -> CsvDatasets.read(file, options.withTask(TaskKind.REGRESSION), progress);
            // numeric labels (0/1) are classes too; two classes make one sigmoid output
            case CLASSIFICATION -> CsvDatasets.readClasses(file, options, progress);
        };
    }

    private static Dataset generate(GeneratorData g, long seed) {
        Map<String, Double> p = g.parameters();
        return switch (g.generator()) {
            case "two_spirals" -> Datasets.twoSpirals(g.intParameter("samples"), p.get("noise"), seed);
            case "circles" -> Datasets.circles(g.intParameter("samples"), p.get("noise"), p.get("factor"), seed);
            case "parity" -> Datasets.parity(g.intParameter("bits"), seed);
            case "checkerboard" -> Datasets.checkerboard(g.intParameter("samples"), g.intParameter("cells"), seed);
            case "blobs" -> Datasets.blobs(g.intParameter("samples"), g.intParameter("classes"),
                    g.intParameter("dims"), p.get("spread"), seed);
            case "sine" -> Datasets.sine(g.intParameter("samples"), p.get("noise"), seed);
            case "teacher" -> Datasets.teacher(g.intParameter("samples"), g.intParameter("inputs"),
                    g.intParameter("outputs"), g.intParameter("width"), g.intParameter("depth"), p.get("mean"),
                    p.get("variance"), seed);
            case "adding" -> SequenceTasks.adding(g.intParameter("samples"), g.intParameter("steps"), seed);
            case "memory" -> SequenceTasks.memory(g.intParameter("samples"), g.intParameter("steps"),
                    g.intParameter("symbols"), seed);
            case "sequential_parity" -> SequenceTasks.parity(g.intParameter("samples"), g.intParameter("steps"), seed);
            case "delayed_xor" -> SequenceTasks.delayedXor(g.intParameter("samples"), g.intParameter("steps"),
                    g.intParameter("delay"), seed);
            default -> throw new IllegalArgumentException("core has no data generator '" + g.generator() + "'");
        };
    }

    /**
     * Checks that the files {@code spec} reads (CSV, IDX, NPY; relative paths against {@code specFile}) exist and
     * are files, so a wrong path is named before any work starts rather than failing inside a reader ("Is a
     * directory", with no path). Generated data has no files and passes.
     *
     * @throws DataFileException for a directory, {@link NoSuchFileException} for a missing file; both name the
     *     file and what to give
     */
    public static void checkDataFiles(DataSpec spec, @Nullable Path specFile) throws IOException {
        List<Path> files = switch (spec) {
            case CsvData c -> List.of(c.resolveAgainst(specFile));
            case IdxData i -> List.of(i.imagesFile(specFile), i.labelsFile(specFile));
            case NpyData n -> List.of(n.featuresFile(specFile), n.targetsFile(specFile));
            default -> List.of();
        };
        String where = specFile == null ? "the spec" : specFile.toString();
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw new DataFileException(f, 0, 0, "is a directory, not a data file; give the file's path in "
                        + where + " (relative paths are relative to the spec file)");
            }
            if (!Files.exists(f)) {
                throw new NoSuchFileException(f.toString(), null, "check the data path in " + where
                        + "; relative paths are relative to the spec file");
            }
        }
    }
}
