package io.gradforge.dsl;

import io.gradforge.core.train.Pretraining;
import io.gradforge.core.train.Trainer;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.DataSpec;
import io.gradforge.dsl.spec.FloatPrecision;
import io.gradforge.dsl.spec.GeneratorData;
import io.gradforge.dsl.spec.OptimizerSpec;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.ScheduleSpec;
import io.gradforge.dsl.spec.TrainingLength;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.Vocabulary;
import io.gradforge.dsl.yaml.YamlNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import io.gradforge.dsl.yaml.YamlNode.ScalarNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Maps the training section (data, loss, optimizer, schedule, clipping, length ...) to a {@link TrainingSpec}. */
final class TrainingMapper extends NodeReader {

    TrainingMapper(NodeReader shared) {
        super(shared);
    }

    static final List<String> TRAINING_KEYS = List.of("data", "loss", "optimizer", "schedule", "clipping",
            "batch_size", "steps", "epochs", "validation_split", "target_loss", "precision", "seed", "pretraining");
    static final List<String> PRETRAINING_KEYS = List.of("method", "steps_per_layer", "noise", "tied_weights",
            "optimizer");

    @Nullable TrainingSpec training(@Nullable Obj o) {
        if (o == null) {
            return null;
        }
        DataSpec data = o.req("data") == null ? null : new DataMapper(this).data(o.req("data"));
        String loss = null;
        YamlNode lossNode = o.req("loss");
        if (lossNode != null) {
            Vocabulary.Canonical c = named(lossNode, Vocabulary.LOSSES, "name", List.of());
            loss = c == null ? null : c.name();
        }
        OptimizerSpec optimizer = o.has("optimizer") ? optimizer(o.opt("optimizer"))
                : OptimizerSpec.of("adam", OptimizerSpec.DEFAULT_LEARNING_RATE);
        ScheduleSpec schedule = o.has("schedule") ? schedule(o.opt("schedule")) : ScheduleSpec.constant();
        ClippingSpec clipping = o.has("clipping") ? clipping(o.opt("clipping")) : ClippingSpec.none();
        Long batch = o.integer("batch_size", Rules.BATCH_SIZE, TrainingSpec.DEFAULT_BATCH_SIZE);
        TrainingLength length = null;
        if (o.has("steps") && o.has("epochs")) {
            problem(o.keyNode("epochs"), Rules.bothStepsAndEpochs());
        } else if (o.has("steps")) {
            Long steps = integer(o.opt("steps"), Rules.STEPS);
            length = steps == null ? null : TrainingLength.steps(steps);
        } else if (o.has("epochs")) {
            Long epochs = integer(o.opt("epochs"), Rules.EPOCHS);
            length = epochs == null ? null : TrainingLength.epochs(epochs);
        } else {
            problem(o.map, Rules.neitherStepsNorEpochs());
        }
        Double split = o.real("validation_split", Rules.VALIDATION_SPLIT, 0.0);
        Double target = o.has("target_loss") ? real(o.opt("target_loss"), Rules.TARGET_LOSS) : null;
        FloatPrecision precision = o.has("precision")
                ? enumValue(o.opt("precision"), FloatPrecision.class, "precision") : FloatPrecision.FLOAT64;
        Long seed = o.has("seed") ? integer(o.opt("seed"), "seed") : Long.valueOf(Trainer.DEFAULT_SEED);
        PretrainingSpec pretraining = o.has("pretraining") ? pretraining(o.opt("pretraining"), "training.pretraining") : null;
        if (o.has("pretraining") && pretraining == null) {
            return null;
        }
        if (data == null || loss == null || optimizer == null || schedule == null || clipping == null
                || batch == null || length == null || split == null || (o.has("target_loss") && target == null)
                || precision == null || seed == null) {
            return null;
        }
        if (data instanceof GeneratorData g) {
            String tooLarge = Rules.batchLargerThanData(batch.intValue(), g.rows(), split, g.generator() + " makes "
                    + g.rows());
            if (tooLarge != null) {
                problem(o.has("batch_size") ? o.opt("batch_size") : o.req("data"), tooLarge);
                return null;
            }
        }
        String l = loss;
        TrainingLength len = length;
        return build(o.map, () -> new TrainingSpec(data, l, optimizer, schedule, clipping, batch.intValue(), len,
                split, target, precision, seed, pretraining));
    }

    /** {@code {method, steps_per_layer, noise, tied_weights, optimizer}}; see {@link PretrainingSpec}. */
    @Nullable PretrainingSpec pretraining(@Nullable YamlNode node, String where) {
        Obj p = obj(node, where, PRETRAINING_KEYS);
        if (p == null) {
            return null;
        }
        YamlNode methodNode = p.req("method");
        Pretraining.Method method = methodNode == null ? null
                : enumValue(methodNode, Pretraining.Method.class, "pretraining method");
        YamlNode stepsNode = p.req("steps_per_layer");
        Long steps = stepsNode == null ? null : integer(stepsNode, Rules.STEPS_PER_LAYER);
        Double noise = method == Pretraining.Method.DENOISING ? PretrainingSpec.DEFAULT_NOISE : 0.0;
        if (p.has("noise")) {
            noise = real(p.opt("noise"), Rules.PRETRAINING_NOISE);
        }
        if (method != null && noise != null) {
            String problem = Rules.pretrainingNoiseProblem(method, noise);
            if (problem != null) {
                problem(p.has("noise") ? p.opt("noise") : p.map, problem);
                noise = null;
            }
        }
        Boolean tied = p.bool("tied_weights", PretrainingSpec.DEFAULT_TIED_WEIGHTS);
        OptimizerSpec optimizer = p.has("optimizer") ? optimizer(p.opt("optimizer")) : null;
        if (method == null || steps == null || noise == null || tied == null || (p.has("optimizer") && optimizer == null)) {
            return null;
        }
        double n = noise;
        return build(p.map, () -> new PretrainingSpec(method, steps, n, tied, optimizer));
    }

    private @Nullable OptimizerSpec optimizer(YamlNode node) {
        Vocabulary.Canonical c = named(node, Vocabulary.OPTIMIZERS, "name", List.of("learning_rate"));
        Double lr = OptimizerSpec.DEFAULT_LEARNING_RATE;
        if (node instanceof MapNode m && m.entries().containsKey("learning_rate")) {
            lr = real(m.entries().get("learning_rate"), Rules.LEARNING_RATE);
        }
        if (c == null || lr == null) {
            return null;
        }
        double rate = lr;
        return build(node, () -> new OptimizerSpec(c.name(), rate, c.parameters()));
    }

    private @Nullable ScheduleSpec schedule(YamlNode node) {
        Vocabulary.Canonical c = named(node, Vocabulary.SCHEDULES, "name", List.of("warmup_steps"));
        Long warmup = 0L;
        if (node instanceof MapNode m && m.entries().containsKey("warmup_steps")) {
            warmup = integer(m.entries().get("warmup_steps"), Rules.WARMUP_STEPS);
        }
        if (c == null || warmup == null) {
            return null;
        }
        long w = warmup;
        return build(node, () -> new ScheduleSpec(c.name(), w, c.parameters()));
    }

    /** {@code none}, {@code {norm: t}} or {@code {value: t}}; with {@code bareNumberIsNorm} a number means a norm threshold. */
    @Nullable ClippingSpec clipping(YamlNode node, boolean bareNumberIsNorm) {
        if (node instanceof ScalarNode s && !s.isNull()) {
            if (s.text().equals("none")) {
                return ClippingSpec.none();
            }
            if (bareNumberIsNorm) {
                Double t = real(node, Rules.CLIP_THRESHOLD);
                return t == null ? null : ClippingSpec.norm(t);
            }
        }
        if (node instanceof MapNode m && m.entries().size() == 1
                && (m.entries().containsKey("norm") || m.entries().containsKey("value"))) {
            boolean norm = m.entries().containsKey("norm");
            Double t = real(m.entries().get(norm ? "norm" : "value"), Rules.CLIP_THRESHOLD);
            return t == null ? null : norm ? ClippingSpec.norm(t) : ClippingSpec.value(t);
        }
        if (node instanceof MapNode m && m.entries().size() == 1) {
            String key = m.entries().keySet().iterator().next();
            problem(m.keys().get(key), Rules.unknown("clipping mode", key, List.of("norm", "value")));
            return null;
        }
        problem(node, "clipping: expected none, {norm: <threshold>} or {value: <threshold>}"
                + (bareNumberIsNorm ? " or a number (a global-norm threshold)" : "") + " but was " + node.describe());
        return null;
    }

    private @Nullable ClippingSpec clipping(YamlNode node) {
        return clipping(node, false);
    }
}
