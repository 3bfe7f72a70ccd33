package io.gradforge.run;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.health.GradientHealth;
import io.gradforge.core.health.HealthProbe;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.JacobianSpectrum;
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
     *     (the probe batch, output, loss and every parameter's gradient at initialization) there
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

    /**
     * Like {@link #diagnoseOn(ExperimentSpec, Dataset, long, Path, TrainingProbe, BooleanSupplier)}, measuring
     * {@code start} (a trained checkpoint's network, see {@link Experiment#startProblem}) instead of the freshly
     * initialized network: {@link DiagnosisRun#atInit()} is then the health at the checkpoint. {@code start} is
     * trained in place.
     *
     * @throws IllegalArgumentException with both a start network and an export directory (the export writes the
     *     network at initialization), or when {@code start} is not the spec's network
     */
    public static DiagnosisRun diagnoseOn(ExperimentSpec spec, Dataset data, long stepsOverride,
            @Nullable Path exportDir, @Nullable Network start, TrainingProbe probe, BooleanSupplier cancelled)
            throws IOException {
        Objects.requireNonNull(spec, "spec");
        Experiment.checkWidths(spec, data);
        TrainingSpec t = spec.training();
        Loss loss = SpecCompiler.loss(t.loss());
        Trainer trainer = Experiment.trainer(spec, stepsOverride);
        if (start != null && exportDir != null) {
            throw new IllegalArgumentException("an export writes the network at initialization; it cannot start from a"
                    + " checkpoint");
        }
        if (start != null) Experiment.checkStart(spec, start);
        Network network = start != null ? start : SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        ProbeBatch batch = ProbeBatch.of(data, t.seed(), t.batchSize(), network.precision());
        Tensor x = batch.x(), y = batch.y();

        if (exportDir != null) {
            Files.createDirectories(exportDir);
            Checkpoint.save(spec.network(), network, exportDir.resolve("checkpoint.json"));
            Checkpoint.saveProbe(network, loss, x, y, exportDir.resolve("probe.json"));
            // saveProbe moved batch-norm statistics; start the diagnosis from the exact initial network again.
            network = SpecCompiler.network(spec.network(), SpecCompiler.precision(t), t.seed());
        }
        HealthReport atInit = GradientHealth.atInit(network, loss, x, y);
        ZeroCostProxies proxies = ZeroCostProxies.measure(network, loss, x, y);
        Tensor firstRow = Tensor.zeros(network.precision(), 1, network.inputSize());
        for (int c = 0; c < network.inputSize(); c++) firstRow.set(0, c, x.get(0, c));
        JacobianSpectrum jacobian = JacobianSpectrum.measure(network, firstRow).orElse(null);

        HealthProbe health = Experiment.healthProbe(network, trainer.fineTuningSteps(network, data.size()));
        PretrainingHealth phases = Experiment.pretrainingHealth(spec, trainer, data, network.precision());
        TrainingResult result = trainer.fit(network, data,
                phases == null ? TrainingProbe.all(health, probe) : TrainingProbe.all(phases, health, probe), cancelled);
        return new DiagnosisRun(spec, x.rows(), atInit, proxies, jacobian, result, health.report(result),
                phases == null ? null : phases.afterPretraining());
    }
}
