package io.gradforge.run;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.GradientHealth;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.ZeroCostProxies;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Tensor;
import io.gradforge.core.train.Trainer;
import io.gradforge.core.train.TrainingProbe;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.run.checkpoint.Checkpoint;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Diagnoses an experiment's gradient health: at initialization on one probe batch, then sampled during a
 * training run. This is what {@code gradforge diagnose} runs, as a call for embedding programs.
 *
 * {@snippet :
 * DiagnosisRun run = Diagnostics.diagnose(SpecReader.readExperiment(path), path, 0, null, TrainingProbe.NONE, () -> false);
 * run.atInit().verdict().forEach(System.out::println);
 * }
 */
public final class Diagnostics {
    private Diagnostics() {}

    /** Diagnoses with the spec's own training budget, no export, no extra observer, no cancellation. */
    public static DiagnosisRun diagnose(ExperimentSpec spec, @Nullable Path specFile) throws IOException {
        return diagnose(spec, specFile, 0, null, TrainingProbe.NONE, () -> false);
    }

    /**
     * @param stepsOverride a training budget replacing the spec's; 0 keeps the spec's budget
     * @param exportDir when not null, writes {@code checkpoint.json} (the initial weights) and {@code probe.json}
     *     (the probe batch, output, loss and every parameter's gradient at initialization) there; with a start
     *     network (below), its weights and the probe at them
     * @param probe an extra observer of the training run (e.g. a progress display)
     */
    public static DiagnosisRun diagnose(ExperimentSpec spec, @Nullable Path specFile, long stepsOverride,
            @Nullable Path exportDir, TrainingProbe probe, BooleanSupplier cancelled) throws IOException {
        return diagnoseOn(spec, Experiment.data(spec, specFile), stepsOverride, exportDir, probe, cancelled);
    }

    /** Like {@link #diagnose(ExperimentSpec, Path, long, Path, TrainingProbe, BooleanSupplier)}, on data already made by {@link Experiment#data}. */
    public static DiagnosisRun diagnoseOn(ExperimentSpec spec, Dataset data, long stepsOverride,
            @Nullable Path exportDir, TrainingProbe probe, BooleanSupplier cancelled) throws IOException {
        return diagnoseOn(spec, data, stepsOverride, exportDir, null, probe, cancelled);
    }

    /** Like {@link #diagnoseOn(ExperimentSpec, Dataset, Options, Network, TrainingProbe, BooleanSupplier)}; 0 steps keeps the spec's. */
    public static DiagnosisRun diagnoseOn(ExperimentSpec spec, Dataset data, long stepsOverride,
            @Nullable Path exportDir, @Nullable Network start, TrainingProbe probe, BooleanSupplier cancelled)
            throws IOException {
        Options options = new Options(stepsOverride == 0 ? null : stepsOverride, 0, 0, exportDir);
        return diagnoseOn(spec, data, options, start, probe, cancelled);
    }

    /**
     * What a diagnosis does besides measuring at initialization.
     *
     * @param steps the training budget: null for the spec's, 0 to diagnose at initialization only
     * @param probeRows rows of the probe batch measured at initialization: 0 for the spec's batch size, else at most
     *     the data's rows (dead-unit fractions depend on it: a unit is dead when it is off for every row)
     * @param jacobianRows the first rows of the probe batch whose Jacobian spectra are measured: 0 for
     *     {@link JacobianSpectra#DEFAULT_ROWS} (or the whole probe batch when smaller), else at most the probe rows
     * @param exportDir when not null, writes {@code checkpoint.json} (the initial weights) and {@code probe.json}
     *     (the probe batch, output, loss and every parameter's gradient at initialization) there; with a start
     *     network, its weights and the probe at them
     */
    public record Options(@Nullable Long steps, int probeRows, int jacobianRows, @Nullable Path exportDir) {
        public Options {
            if (steps != null && steps < 0) throw new IllegalArgumentException("steps must be >= 0 but was " + steps);
            if (probeRows < 0) throw new IllegalArgumentException("probe rows must be >= 0 but was " + probeRows);
            if (jacobianRows < 0) {
                throw new IllegalArgumentException("Jacobian rows must be >= 0 but was " + jacobianRows);
            }
        }

        /** The default number of Jacobian rows. */
        public Options(@Nullable Long steps, int probeRows, @Nullable Path exportDir) {
            this(steps, probeRows, 0, exportDir);
        }

        /** The spec's steps and batch size, no export. */
        public static Options defaults() {
            return new Options(null, 0, 0, null);
        }
    }

    /**
     * Diagnoses {@code start} (a trained checkpoint's network, see {@link Experiment#startProblem}) when given,
     * else the spec's freshly initialized network: {@link DiagnosisRun#atInit()} is then the health at the
     * checkpoint. {@code start} is trained in place (with an export directory, a copy of it read back from the export
     * is).
     *
     * @throws IllegalArgumentException when {@code start} is not the spec's network, when the probe asks for more
     *     rows than the data has, or the Jacobians for more rows than the probe has
     */
    public static DiagnosisRun diagnoseOn(ExperimentSpec spec, Dataset data, Options options, @Nullable Network start,
            TrainingProbe probe, BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Experiment.checkWidths(spec, data);
        TrainingSpec t = spec.training();
        Loss loss = SpecCompiler.loss(t.loss());
        Path exportDir = options.exportDir();
        if (options.probeRows() > data.size()) {
            throw new IllegalArgumentException("a probe batch of " + options.probeRows() + " rows needs at least as many "
                    + "rows of data, but " + data.name() + " has " + data.size());
        }
        if (start != null) Experiment.checkStart(spec, start);
        Network network = start != null ? start : SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        int rows = options.probeRows() > 0 ? options.probeRows() : t.batchSize();
        if (options.jacobianRows() > rows) {
            throw new IllegalArgumentException("the Jacobians of " + options.jacobianRows() + " rows need a probe batch "
                    + "at least as large, but it has " + rows);
        }
        int jacobianRows = options.jacobianRows() > 0 ? options.jacobianRows()
                : Math.min(JacobianSpectra.DEFAULT_ROWS, rows);
        ProbeBatch batch = ProbeBatch.of(data, t.seed(), rows, network.precision());
        Tensor x = batch.x(), y = batch.y();

        if (exportDir != null) {
            Files.createDirectories(exportDir);
            Path saved = exportDir.resolve("checkpoint.json");
            Checkpoint.save(spec.network(), network, saved);
            Checkpoint.saveProbe(network, loss, x, y, exportDir.resolve("probe.json"));
            // saveProbe moved batch-norm statistics; diagnose the exact saved network (it reads back bit-identically).
            network = Checkpoint.load(saved).network();
        }
        Trainer trainer = Experiment.trainer(spec, options.steps() == null ? 0 : options.steps());
        HealthReport atInit = GradientHealth.atInit(network, loss, x, y, trainer.clipping());
        ZeroCostProxies proxies = ZeroCostProxies.measure(network, loss, x, y);
        // as in a training step: batch norm normalizes with the probe batch's statistics (no other layer cares)
        JacobianSpectra jacobians = JacobianSpectra.measure(network, x, jacobianRows, JacobianSpectra.Mode.TRAINING);
        if (options.steps() != null && options.steps() == 0) {
            return new DiagnosisRun(spec, x.rows(), atInit, proxies, jacobians, null, null, null);
        }
        HealthProbe health = Experiment.healthProbe(network, trainer, trainer.fineTuningSteps(network, data.size()));
        PretrainingHealth phases = Experiment.pretrainingHealth(spec, trainer, data, network.precision());
        TrainingResult result = trainer.fit(network, data,
                phases == null ? TrainingProbe.all(health, probe) : TrainingProbe.all(phases, health, probe), cancelled);
        return new DiagnosisRun(spec, x.rows(), atInit, proxies, jacobians, result, health.report(result),
                phases == null ? null : phases.afterPretraining());
    }
}
