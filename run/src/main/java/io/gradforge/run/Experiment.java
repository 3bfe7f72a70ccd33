package io.gradforge.run;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.ReadProgress;
import io.gradforge.core.health.GradientHealth;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs an experiment spec in one call: builds the network, makes the data, trains.
 *
 * <p>Seeds: the network's initial weights are drawn with the training seed ({@code training.seed}); the
 * trainer's mini-batch order and validation split use the same seed (core's convention); the generated
 * data set uses {@link #dataSeed(long) dataSeed(seed)}, a fixed mix of the training seed, so data and
 * weights are not drawn from the same stream while one seed still fixes the whole run.
 *
 * {@snippet :
 * ExperimentRun run = Experiment.run(SpecReader.readExperiment(file), file);
 * System.out.println(run.result().status() + " " + run.result().lastLoss());
 * }
 *
 * @implNote Stateless and thread-safe; each run owns its network.
 */
public final class Experiment {

    /** Mixed into the training seed to get the data seed (the 64-bit golden ratio, as in SplitMix64). */
    public static final long DATA_SEED_MIX = 0x9E3779B97F4A7C15L;

    /** How many times training health is sampled over a run (plus the first and last step). */
    public static final int HEALTH_SNAPSHOTS = 50;

    private Experiment() {}

    /** The seed generated data is drawn with for training seed {@code seed}: {@code seed ^ DATA_SEED_MIX}. */
    public static long dataSeed(long seed) {
        return seed ^ DATA_SEED_MIX;
    }

    /** Trains the spec's network on its data for the spec's budget. */
    public static ExperimentRun run(ExperimentSpec spec, @Nullable Path specFile) throws IOException {
        return run(spec, specFile, TrainingProbe.NONE, () -> false, 0);
    }

    /**
     * Trains the spec's network on its data, {@code probe} observing every step, stopping early when
     * {@code cancelled} says so.
     *
     * @param stepsOverride a step budget replacing the spec's steps or epochs; 0 keeps the spec's budget
     * @throws IOException when the spec's CSV data cannot be read
     */
    public static ExperimentRun run(ExperimentSpec spec, @Nullable Path specFile, TrainingProbe probe,
            BooleanSupplier cancelled, long stepsOverride) throws IOException {
        return runOn(spec, data(spec, specFile), probe, cancelled, stepsOverride);
    }

    /** Like {@link #run(ExperimentSpec, Path, TrainingProbe, BooleanSupplier, long)}, on data already made by {@link #data}. */
    public static ExperimentRun runOn(ExperimentSpec spec, Dataset data, TrainingProbe probe, BooleanSupplier cancelled,
            long stepsOverride) {
        return runOn(spec, data, null, probe, cancelled, stepsOverride);
    }

    /**
     * Like {@link #runOn(ExperimentSpec, Dataset, TrainingProbe, BooleanSupplier, long)}, continuing from the
     * weights of {@code start} (a checkpoint's network, see {@link #startProblem}) instead of the spec's
     * initializers; {@code start} is trained in place. Null starts from the spec's initializers.
     *
     * @throws IllegalArgumentException if {@code start} is not the spec's network at the spec's precision
     */
    public static ExperimentRun runOn(ExperimentSpec spec, Dataset data, @Nullable Network start,
            TrainingProbe probe, BooleanSupplier cancelled, long stepsOverride) {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(cancelled, "cancelled");
        checkWidths(spec, data);
        TrainingSpec t = spec.training();
        if (start != null) checkStart(spec, start);
        Network network = start != null ? start
                : SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        Trainer trainer = trainer(spec, stepsOverride);
        HealthProbe health = healthProbe(network, trainer, trainer.fineTuningSteps(network, data.size()));
        PretrainingHealth phases = pretrainingHealth(spec, trainer, data, network.precision());
        HealthReport atInit = phases == null ? null : phases.measure(network);
        TrainingResult result = trainer.fit(network, data,
                phases == null ? TrainingProbe.all(health, probe) : TrainingProbe.all(phases, health, probe), cancelled);
        return new ExperimentRun(spec, network, data, result,
                health.snapshots().isEmpty() ? null : health.report(result), atInit,
                phases == null ? null : phases.afterPretraining());
    }

    /**
     * The probe measuring health before and after pretraining on a probe batch of the spec's batch size (its seed
     * the training seed, as {@code diagnose} draws it), or null when the trainer does not pretrain.
     */
    static @Nullable PretrainingHealth pretrainingHealth(ExperimentSpec spec, Trainer trainer, Dataset data,
            Precision precision) {
        if (trainer.pretraining() == null) return null;
        TrainingSpec t = spec.training();
        return new PretrainingHealth(trainer.loss(), ProbeBatch.of(data, t.seed(), t.batchSize(), precision));
    }

    /**
     * The spec's data set: generated with {@link #dataSeed(long) dataSeed(training seed)}, or read from its
     * files (relative paths resolved against {@code specFile}'s directory); refused when its widths do not fit
     * the network.
     *
     * @throws IOException when the data files cannot be read
     */
    public static Dataset data(ExperimentSpec spec, @Nullable Path specFile) throws IOException {
        return data(spec, specFile, ReadProgress.NONE);
    }

    /** Like {@link #data(ExperimentSpec, Path)}, telling {@code progress} the bytes read of CSV, IDX and NPY files. */
    public static Dataset data(ExperimentSpec spec, @Nullable Path specFile, ReadProgress progress) throws IOException {
        Objects.requireNonNull(spec, "spec");
        TrainingSpec t = spec.training();
        Dataset data = SpecCompiler.stored(SpecCompiler.dataset(t.data(), specFile, dataSeed(t.seed()), progress),
                t.precision());
        checkWidths(spec, data);
        return data;
    }

    /** The spec's trainer; {@code stepsOverride} replaces the spec's budget unless it is 0. */
    public static Trainer trainer(ExperimentSpec spec, long stepsOverride) {
        if (stepsOverride < 0) {
            throw new IllegalArgumentException("stepsOverride must be 0 (the spec's budget) or positive but was "
                    + stepsOverride);
        }
        Trainer trainer = SpecCompiler.trainer(spec.training());
        return stepsOverride > 0 ? trainer.toBuilder().steps(stepsOverride).build() : trainer;
    }

    /** Steps between health samples for a run of {@code plannedSteps}: about {@link #HEALTH_SNAPSHOTS} samples. */
    public static int healthCadence(long plannedSteps) {
        return (int) Math.max(1, plannedSteps / HEALTH_SNAPSHOTS);
    }

    /** The health probe every run attaches: it observes only, sampling at {@link #healthCadence}. */
    static HealthProbe healthProbe(Network network, Trainer trainer, long plannedSteps) {
        return GradientHealth.probe(network, plannedSteps, healthCadence(plannedSteps), trainer.clipping());
    }

    /**
     * Why {@code spec} cannot continue from {@code start}, or null when it can: the checkpoint must hold the spec's
     * network (same layers, widths, activations ...) at the precision the spec trains in.
     */
    public static @Nullable String startProblem(ExperimentSpec spec, NetworkSpec startSpec, Precision startPrecision) {
        if (!startSpec.equals(spec.network())) {
            return String.format(Locale.ROOT, "it holds another network than experiment '%s' (%,.0f parameters there,"
                    + " %,.0f here, or other layers); --init-from takes a checkpoint of the same network", spec.name(),
                    startSpec.shape().parameters(), spec.network().shape().parameters());
        }
        Precision precision = SpecCompiler.precision(spec.training());
        if (startPrecision != precision) {
            return "it is " + startPrecision.name().toLowerCase(Locale.ROOT)
                    + " but experiment '" + spec.name() + "' trains in " + precision.name().toLowerCase(Locale.ROOT)
                    + "; set training.precision to match";
        }
        return null;
    }

    /** Refuses a start network that is not {@code spec}'s network at the spec's precision. */
    static void checkStart(ExperimentSpec spec, Network start) {
        Network fresh = SpecCompiler.network(spec.network(), SpecCompiler.precision(spec.training()), 0);
        if (start.precision() != fresh.precision() || !start.parameterShapes().equals(fresh.parameterShapes())) {
            throw new IllegalArgumentException("the start network is not experiment '" + spec.name() + "''s network at "
                    + fresh.precision() + ": parameters " + start.parameterShapes() + " vs " + fresh.parameterShapes());
        }
    }

    /** A clear message when spec and data disagree, before any training. */
    static void checkWidths(ExperimentSpec spec, Dataset data) {
        int input = spec.network().input();
        int output = spec.network().output().units();
        if (data.inputSize() != input || data.outputSize() != output) {
            throw new IllegalArgumentException("experiment '" + spec.name() + "': the network maps " + input + " -> "
                    + output + " but the data set " + data.name() + " has " + data.inputSize() + " inputs and "
                    + data.outputSize() + " outputs; set network input: " + data.inputSize() + " and output units: "
                    + data.outputSize());
        }
    }
}
