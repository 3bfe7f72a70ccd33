package io.gradforge.cli;

import io.gradforge.core.health.HealthFlag;
import io.gradforge.core.health.HealthReport;
import io.gradforge.core.health.HealthTrace;
import io.gradforge.core.health.JudgedThroughTime;
import io.gradforge.core.health.RecurrentStats;
import io.gradforge.core.health.MeanFieldComparison;
import io.gradforge.core.health.LayerStats;
import io.gradforge.core.health.RaisedFlag;
import io.gradforge.core.health.TrunkStage;
import io.gradforge.core.train.PretrainingResult;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.run.Provenance;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Short human texts and JSON-ready maps of specs, results and health reports, shared by the commands. */
final class Describe {
    private Describe() {}

    static String network(ExperimentSpec spec) {
        var shape = spec.network().shape();
        return (spec.network().resolvedLayers().size()) + " hidden layers, "
                + String.format("%,d", (long) shape.parameters()) + " parameters, "
                + spec.training().precision().toString().toLowerCase();
    }

    static String training(TrainingSpec t) {
        PretrainingSpec p = t.pretraining();
        return t.optimizer().name() + " lr " + t.optimizer().learningRate() + ", batch " + t.batchSize()
                + ", loss " + t.loss() + (p == null ? "" : ", " + p.method().yamlName() + " pretraining "
                + p.stepsPerLayer() + " steps a layer");
    }

    /**
     * The pretraining line of a run that pretrained ("pretraining  denoising: 8 hidden layers x 100 steps = 800 of
     * 2000 steps; reconstruction loss by layer 0.08 0.01 ..."), and the health at init, after pretraining and after
     * fine-tuning; nothing without pretraining.
     */
    static void printPretraining(PrintWriter o, TrainingResult r, @Nullable HealthReport atInit,
            @Nullable HealthReport afterPretraining, @Nullable HealthReport afterFineTuning) {
        PretrainingResult p = r.pretraining();
        if (p == null) return;
        StringBuilder losses = new StringBuilder();
        for (double v : p.finalLosses()) losses.append(' ').append(num(v));
        o.println(String.format("pretraining %d hidden layers x %d steps = %d of %d steps (%s); reconstruction loss"
                        + " by layer%s", p.layers(), p.stepsPerLayer(), p.steps(), r.totalSteps(), p.reason(), losses));
        o.println("health      at init " + score(atInit) + "; after pretraining " + score(afterPretraining)
                + "; after fine-tuning " + score(afterFineTuning));
    }

    private static String score(@Nullable HealthReport report) {
        if (report == null) return "-";
        return String.format("%.2f (%s)", report.score(), report.flags().isEmpty() ? "no flags"
                : String.join(", ", report.flags().stream().map(f -> f.flag().name()).toList()));
    }

    static String statusLine(TrainingResult r) {
        String status = switch (r.status()) {
            case COMPLETED -> "completed";
            case TARGET_REACHED -> "target reached";
            case DIVERGED -> "DIVERGED";
            case CANCELLED -> "cancelled";
        };
        return String.format("status      %s after %d steps (%s)", status, r.steps(), r.reason());
    }

    /** The status, loss and (for classification) accuracy lines of a finished run. */
    static void printOutcome(PrintWriter o, TrainingResult r) {
        o.println(statusLine(r));
        o.println(String.format("loss        train %s   validation %s", num(r.finalTrainLoss()),
                num(r.finalValidationLoss())));
        if (!Double.isNaN(r.trainAccuracy())) {
            o.println(String.format("accuracy    train %s   validation %s", percent(r.trainAccuracy()),
                    percent(r.validationAccuracy())));
        }
    }

    /**
     * "score 0.75; flags: DEAD_UNITS" or "score 1.00; no flag raised". The score measures gradient health only, so a
     * convergence flag beside a high score is marked as one ("STAGNATING (convergence)").
     */
    static String scoreAndFlags(HealthReport report) {
        if (report.flags().isEmpty()) return String.format("score %.2f; no flag raised", report.score());
        return String.format("score %.2f; flags: %s", report.score(), String.join(", ", report.flags().stream()
                .map(f -> f.flag() == HealthFlag.STAGNATING ? f.flag().name() + " (convergence, not in the score)"
                        : f.flag().name()).toList()));
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "-";
        return String.format("%.4g", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.1f%%", 100 * v);
    }

    static Map<String, Object> result(TrainingResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("reason", r.reason());
        m.put("steps", r.steps());
        m.put("final_train_loss", r.finalTrainLoss());
        m.put("final_validation_loss", r.finalValidationLoss());
        m.put("train_accuracy", r.trainAccuracy());
        m.put("validation_accuracy", r.validationAccuracy());
        m.put("steps_to_target", r.stepsToTarget());
        m.put("diverged_at_step", r.divergedAtStep());
        m.put("seed", r.seed());
        m.put("seconds", r.elapsedNanos() / 1e9);
        PretrainingResult p = r.pretraining();
        if (p != null) {
            m.put("total_steps", r.totalSteps());
            Map<String, Object> pre = new LinkedHashMap<>();
            pre.put("status", p.status().name());
            pre.put("reason", p.reason());
            pre.put("layers", p.layers());
            pre.put("steps_per_layer", p.stepsPerLayer());
            pre.put("steps", p.steps());
            pre.put("final_reconstruction_loss", p.finalLosses());
            m.put("pretraining", pre);
        }
        return m;
    }

    static Map<String, Object> health(HealthReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", report.score());
        List<Map<String, String>> flags = new ArrayList<>();
        for (RaisedFlag f : report.flags()) flags.add(Map.of("flag", f.flag().name(), "reason", f.reason()));
        m.put("flags", flags);
        m.put("verdict", report.verdict());
        if (report.init() != null) {
            m.put("geometric_mean_ratio", report.geometricMean());
            m.put("attenuation_decades", report.attenuationDecades());
            m.put("predicted_geometric_mean_ratio", report.predictedGeometricMean());
            // r_l = ||delta_l||^2 / ||delta_l+1||^2 over the trunk's dense layers at init, and mean-field theory's chi_l
            m.put("ratios", report.ratios());
            MeanFieldComparison mf = report.meanField();
            m.put("predicted_ratios", mf == null || mf.prediction() == null ? List.of() : mf.prediction().chi());
            if (mf != null) m.put("trunk", trunk(mf));
            m.put("layers_at_init", layers(report.initLayers()));
            m.put("layers_final", layers(report.finalLayers()));
            if (!report.init().recurrent().isEmpty()) m.put("through_time", throughTime(report));
        }
        if (report.convergence() != null) m.put("convergence", report.convergence());
        return m;
    }

    /**
     * The top-level layers (a residual block as one): measured and mean-field E[y^2] and the gradient ratio
     * ||g_in||^2 / ||g_out||^2, and over the residual blocks the per-block rate's geometric mean.
     */
    static Map<String, Object> trunk(MeanFieldComparison mf) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> stages = new ArrayList<>();
        for (TrunkStage s : mf.trunk()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("index", s.index());
            j.put("name", s.name());
            j.put("kind", s.kind());
            j.put("width", s.width());
            j.put("second_moment", s.secondMoment());
            j.put("predicted_second_moment", s.predictedSecondMoment());
            j.put("ratio", s.ratio());
            j.put("predicted_ratio", s.predictedRatio());
            stages.add(j);
        }
        m.put("layers", stages);
        m.put("residual_blocks", mf.residualBlocks().size());
        m.put("block_geometric_mean_ratio", mf.blockGeometricMean(0));
        m.put("predicted_block_geometric_mean_ratio", mf.predictedBlockGeometricMean(0));
        return m;
    }

    /**
     * "residual trunk: ..." with the per-block rate over the residual blocks, measured and mean-field, or null without
     * residual blocks.
     */
    static @Nullable String trunkTable(@Nullable MeanFieldComparison mf) {
        if (mf == null || mf.residualBlocks().isEmpty()) return null;
        StringBuilder sb = new StringBuilder("trunk (top-level layers; r = squared gradient norm at the input over that"
                + " at the output):\n");
        String format = "%-4s %-14s %-10s %6s %11s %11s %9s %9s%n";
        sb.append(String.format(format, "#", "layer", "kind", "width", "E[y^2]", "E[y^2]_mf", "r", "r_mf"));
        for (TrunkStage s : mf.trunk()) {
            sb.append(String.format(format, s.index(), s.name(), s.kind(), s.width(), num(s.secondMoment()),
                    num(s.predictedSecondMoment()), num(s.ratio()), num(s.predictedRatio())));
        }
        return sb.toString();
    }

    static @Nullable String trunkLine(@Nullable MeanFieldComparison mf) {
        if (mf == null || mf.residualBlocks().isEmpty()) return null;
        double predicted = mf.predictedBlockGeometricMean(0);
        return String.format("residual trunk: squared gradient changes %sx per block going back (geometric mean over "
                        + "its %d blocks, gradient at a block's input over that at its output)%s",
                num(mf.blockGeometricMean(0)), mf.residualBlocks().size(),
                Double.isNaN(predicted) ? "" : ", mean-field theory predicts " + num(predicted) + "x");
    }

    static List<Map<String, Object>> layers(List<LayerStats> layers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LayerStats s : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", s.index());
            m.put("name", s.name());
            m.put("kind", s.kind().name());
            m.put("width", s.width());
            m.put("activation", s.activation());
            m.put("weight_grad_norm", s.weightGradNorm());
            m.put("delta_norm", s.deltaNorm());
            m.put("activation_mean", s.activationMean());
            m.put("activation_std", s.activationStd());
            m.put("saturation", s.saturationFraction());
            m.put("dead", s.deadFraction());
            m.put("dead_by_chance", s.expectedDeadFraction());
            m.put("update_ratio", s.updateRatio());
            m.put("relative_change", s.relativeChangeSinceInit());
            m.put("weight_norm", s.weightNorm());
            out.add(m);
        }
        return out;
    }

    /** The health through time of a network with recurrent layers (fields: docs/recurrent.md). */
    static Map<String, Object> throughTime(HealthReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> judged = new ArrayList<>();
        for (JudgedThroughTime j : report.throughTime()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", j.layer().name());
            row.put("attenuation_decades", j.decades());
            row.put("decay_per_step", j.decayPerStep());
            row.put("when", j.when());
            judged.add(row);
        }
        m.put("judged", judged);
        m.put("threshold_decades", HealthFlag.TIME_DECADES);
        m.put("gate_margin", RecurrentStats.GATE_MARGIN);
        m.put("at_init", recurrent(report.init().recurrent()));
        HealthTrace trace = report.trace();
        m.put("final", recurrent((trace != null ? trace.last() : report.init()).recurrent()));
        return m;
    }

    private static List<Map<String, Object>> recurrent(List<RecurrentStats> layers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecurrentStats r : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("cell", r.cell());
            m.put("steps", r.steps());
            m.put("units", r.hidden());
            m.put("loss_at_last_step", r.lossAtLastStep());
            m.put("grad_norms_by_distance", r.gradNorms());
            m.put("decay_per_step", r.decayPerStep());
            m.put("attenuation_decades", r.attenuationDecades());
            m.put("max_singular_value_hh", r.maxSingularValue());
            m.put("pascanu_bound", r.plainRnn() ? 1 / RecurrentStats.GAMMA : Double.NaN);
            List<Map<String, Object>> gates = new ArrayList<>();
            for (RecurrentStats.GateStats g : r.gates()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("gate", g.gate());
                row.put("function", g.function());
                row.put("near_low", g.nearLow());
                row.put("near_high", g.nearHigh());
                gates.add(row);
            }
            m.put("gates", gates);
            m.put("recurrent_init", r.recurrentInit());
            m.put("clipped", r.clipped());
            m.put("truncation", r.truncation());
            out.add(m);
        }
        return out;
    }

    /** What produced a result: the seed, then {@link Provenance}'s keys (versions, JVM, OS, kernel, time). */
    static Map<String, Object> provenance(long seed, Provenance provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.putAll(provenance.toMap());
        return m;
    }
}
