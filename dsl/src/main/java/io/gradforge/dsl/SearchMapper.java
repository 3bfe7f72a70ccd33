package io.gradforge.dsl;

import io.gradforge.core.train.Trainer;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.CellChoice;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.IntRangeGene;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.PretrainingChoice;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.RealRangeGene;
import io.gradforge.dsl.spec.RecurrentGenes;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.TruncationChoice;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.yaml.YamlNode;
import io.gradforge.dsl.yaml.YamlNode.ListNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import io.gradforge.dsl.yaml.YamlNode.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The search half of the mapper: space, objectives, budget and GA settings. */
final class SearchMapper {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    static final List<String> SPACE_KEYS = List.of("input", "output", "depth", "width", "activation", "init", "skip",
            "normalization", "clipping", "learning_rate", "pretraining", "cell", "steps", "recurrent_init", "truncation");
    /** The keys of a recurrent space only, and the keys a recurrent space does not take. */
    static final List<String> RECURRENT_ONLY_KEYS = List.of("steps", "recurrent_init", "truncation");
    static final List<String> DENSE_ONLY_KEYS = List.of("activation", "skip", "normalization", "pretraining");
    static final List<String> OBJECTIVES_KEYS = List.of("mode", "convergence", "health", "size");
    static final List<String> CONVERGENCE_KEYS = List.of("weight", "measure");
    static final List<String> WEIGHT_KEYS = List.of("weight");
    static final List<String> BUDGET_KEYS = List.of("max_evaluations", "max_time", "screen_at_init", "successive_halving");
    static final List<String> GA_KEYS = List.of("population", "generations", "selector", "tournament_size",
            "crossover_rate", "mutation_rate", "elitism", "proposals");
    static final List<String> INT_RANGE_KEYS = List.of("min", "max");
    static final List<String> REAL_RANGE_KEYS = List.of("min", "max", "log", "steps");
    static final List<String> GENE_KEYS = List.of("choices", "per_layer");

    private final SpecMapper m;
    private final TrainingMapper t;

    SearchMapper(SpecMapper m) {
        this.m = m;
        this.t = new TrainingMapper(m);
    }

    @Nullable SearchSpec search(NodeReader.Obj top, @Nullable String name, @Nullable String description) {
        TrainingSpec training = t.training(m.obj(top.req("training"), "training", TrainingMapper.TRAINING_KEYS));
        SearchSpace space = space(m.obj(top.req("space"), "space", SPACE_KEYS), training);
        ObjectivesSpec objectives = top.has("objectives") ? objectives(top.opt("objectives")) : ObjectivesSpec.standard();
        BudgetSpec budget = top.has("budget") ? budget(top.opt("budget")) : BudgetSpec.of(BudgetSpec.DEFAULT_MAX_EVALUATIONS);
        GaSpec ga = top.has("ga") ? ga(top.opt("ga")) : GaSpec.standard();
        Long parallelism = top.integer("parallelism", Rules.PARALLELISM, 1);
        Long seed = top.has("seed") ? m.integer(top.opt("seed"), "seed") : Long.valueOf(Trainer.DEFAULT_SEED);
        if (name == null || training == null || space == null || objectives == null || budget == null || ga == null
                || parallelism == null || seed == null || !m.problems().isEmpty()) {
            return null;
        }
        YamlNode at = top.keyNode(top.has("objectives") ? "objectives" : "space");
        return m.build(at, () -> new SearchSpec(name, description, space, training, objectives, budget, ga,
                parallelism.intValue(), seed));
    }

    private @Nullable SearchSpace space(NodeReader.@Nullable Obj o, @Nullable TrainingSpec training) {
        if (o == null) {
            return null;
        }
        YamlNode inputNode = o.req("input");
        Long input = inputNode == null ? null : m.integer(inputNode, Rules.INPUT);
        OutputSpec output = m.output(o.req("output"));
        if (output != null && training != null) m.checkOutputLoss(o.opt("output"), output, training);
        IntRangeGene depth = o.req("depth") == null ? null : intRange(o.req("depth"), Rules.DEPTH);
        ChoiceGene<Integer> width = o.req("width") == null ? null
                : choices(o.req("width"), "width", n -> {
                    Long v = m.integer(n, Rules.UNITS);
                    return v == null ? null : v.intValue();
                });
        ChoiceGene<ActivationSpec> activation = o.has("activation")
                ? choices(o.opt("activation"), "activation", m::activation) : ChoiceGene.of(ActivationSpec.of("relu"));
        boolean recurrentSpace = o.has("cell");
        if (!fitsKind(o, recurrentSpace)) {
            return null;
        }
        ChoiceGene<InitSpec> init = o.has("init") ? choices(o.opt("init"), "init", m::init)
                : ChoiceGene.of(recurrentSpace ? RecurrentSpec.DEFAULT_INIT : InitSpec.of("he_normal"));
        ChoiceGene<SkipChoice> skip = o.has("skip")
                ? choices(o.opt("skip"), "skip", n -> m.enumValue(n, SkipChoice.class, "skip"))
                : ChoiceGene.of(SkipChoice.NONE);
        ChoiceGene<NormalizationChoice> normalization = o.has("normalization")
                ? choices(o.opt("normalization"), "normalization",
                        n -> m.enumValue(n, NormalizationChoice.class, "normalization"))
                : ChoiceGene.of(NormalizationChoice.NONE);
        ChoiceGene<ClippingSpec> clipping = o.has("clipping")
                ? choices(o.opt("clipping"), "clipping", n -> t.clipping(n, true)) : ChoiceGene.of(ClippingSpec.none());
        ChoiceGene<PretrainingChoice> pretraining = o.has("pretraining")
                ? choices(o.opt("pretraining"), "pretraining", this::pretrainingChoice) : SearchSpace.NO_PRETRAINING;
        RealRangeGene lr;
        if (o.has("learning_rate")) {
            lr = realRange(o.opt("learning_rate"), Rules.LEARNING_RATE);
        } else {
            // Absent: the learning rate is not searched; every candidate uses the optimizer's.
            double fixed = training == null ? 0.01 : training.optimizer().learningRate();
            lr = new RealRangeGene(fixed, fixed, true);
        }
        RecurrentGenes recurrent = recurrentSpace ? recurrentGenes(o) : null;
        if (input == null || output == null || depth == null || width == null || activation == null || init == null
                || skip == null || normalization == null || clipping == null || lr == null || pretraining == null
                || recurrentSpace && recurrent == null) {
            return null;
        }
        if (recurrent != null && input % recurrent.steps() != 0) {
            m.problem(o.opt("steps"), "steps " + recurrent.steps() + " must divide the space's input width " + input
                    + " (steps x features per step)");
            return null;
        }
        return m.build(o.map, () -> new SearchSpace(input.intValue(), output, depth, width, activation, init, skip,
                normalization, clipping, lr, pretraining, recurrent));
    }

    /** A dense space takes no recurrent keys, a recurrent one (with cell) no dense-only keys; each is a problem. */
    private boolean fitsKind(NodeReader.Obj o, boolean recurrentSpace) {
        boolean ok = true;
        for (String key : recurrentSpace ? DENSE_ONLY_KEYS : RECURRENT_ONLY_KEYS) {
            if (o.has(key)) {
                m.problem(o.keyNode(key), recurrentSpace
                        ? key + " does not apply to a recurrent space (one with cell); its blocks are recurrent layers"
                        : key + " applies to a recurrent space only; add cell: [rnn_tanh, rnn_relu, lstm, gru] (any of them)");
                ok = false;
            }
        }
        return ok;
    }

    /** cell, steps (required with cell), recurrent_init (default orthogonal) and truncation (default none). */
    private @Nullable RecurrentGenes recurrentGenes(NodeReader.Obj o) {
        ChoiceGene<CellChoice> cell = choices(o.opt("cell"), "cell", n -> m.enumValue(n, CellChoice.class, "cell"));
        YamlNode stepsNode = o.req("steps");
        Long steps = stepsNode == null ? null : m.integer(stepsNode, Rules.SEQUENCE_STEPS);
        ChoiceGene<InitSpec> recurrentInit = o.has("recurrent_init")
                ? choices(o.opt("recurrent_init"), "recurrent_init", m::init)
                : ChoiceGene.of(RecurrentSpec.DEFAULT_RECURRENT_INIT);
        ChoiceGene<TruncationChoice> truncation = null;
        if (steps != null) {
            RecurrentMapper layers = new RecurrentMapper(m);
            int t = steps.intValue();
            truncation = o.has("truncation")
                    ? choices(o.opt("truncation"), "truncation", n -> n instanceof ScalarNode s && s.text().equals("none")
                            ? TruncationChoice.NONE : truncationChoice(layers.truncation(n, t)))
                    : ChoiceGene.of(TruncationChoice.NONE);
        }
        if (cell == null || steps == null || recurrentInit == null || truncation == null) {
            return null;
        }
        ChoiceGene<TruncationChoice> tr = truncation;
        return m.build(o.map, () -> new RecurrentGenes(steps.intValue(), cell, recurrentInit, tr));
    }

    private static @Nullable TruncationChoice truncationChoice(@Nullable TruncationSpec t) {
        return t == null ? null : TruncationChoice.of(t);
    }

    /** {@code none} or a {@code training.pretraining} mapping. */
    private @Nullable PretrainingChoice pretrainingChoice(YamlNode node) {
        if (node instanceof ScalarNode s && s.text().equals("none")) {
            return PretrainingChoice.NONE;
        }
        if (node instanceof ScalarNode) {
            m.problem(node, "pretraining choice: expected none or a mapping {method, steps_per_layer, ...} but was "
                    + node.describe());
            return null;
        }
        PretrainingSpec p = t.pretraining(node, "space.pretraining choice");
        return p == null ? null : PretrainingChoice.of(p);
    }

    private @Nullable IntRangeGene intRange(YamlNode node, Rules.IntBound bound) {
        if (node instanceof ScalarNode) {
            Long v = m.integer(node, bound);
            return v == null ? null : IntRangeGene.of(v.intValue(), v.intValue());
        }
        NodeReader.Obj o = m.obj(node, bound.key(), INT_RANGE_KEYS);
        if (o == null) {
            return null;
        }
        Long min = o.req("min") == null ? null : m.integer(o.req("min"), bound);
        Long max = o.req("max") == null ? null : m.integer(o.req("max"), bound);
        if (min == null || max == null) {
            return null;
        }
        if (min > max) {
            m.problem(node, Rules.minAboveMax(bound.key(), min.toString(), max.toString()));
            return null;
        }
        return IntRangeGene.of(min.intValue(), max.intValue());
    }

    private @Nullable RealRangeGene realRange(YamlNode node, Rules.RealBound bound) {
        if (node instanceof ScalarNode) {
            Double v = m.real(node, bound);
            return v == null ? null : RealRangeGene.of(v, v, v > 0);
        }
        NodeReader.Obj o = m.obj(node, bound.key(), REAL_RANGE_KEYS);
        if (o == null) {
            return null;
        }
        Double min = o.req("min") == null ? null : m.real(o.req("min"), bound);
        Double max = o.req("max") == null ? null : m.real(o.req("max"), bound);
        Boolean log = o.bool("log", false);
        Long steps = o.integer("steps", Rules.RANGE_STEPS, 0);
        if (min == null || max == null || log == null || steps == null) {
            return null;
        }
        if (min > max) {
            m.problem(node, Rules.minAboveMax(bound.key(), Rules.format(min), Rules.format(max)));
            return null;
        }
        return m.build(node, () -> new RealRangeGene(min, max, log, steps.intValue()));
    }

    /** {@code {choices: [...], per_layer: false}} or the bare list. */
    private <T> @Nullable ChoiceGene<T> choices(YamlNode node, String key, Function<YamlNode, @Nullable T> item) {
        YamlNode listNode = node;
        Boolean perLayer = false;
        if (node instanceof MapNode) {
            NodeReader.Obj o = m.obj(node, key, GENE_KEYS);
            if (o == null) {
                return null;
            }
            listNode = o.req("choices");
            perLayer = o.bool("per_layer", false);
            if (listNode == null) {
                return null;
            }
        }
        ListNode list = m.list(listNode, key + " choices");
        if (list == null || perLayer == null) {
            return null;
        }
        if (list.items().isEmpty()) {
            m.problem(list, Rules.emptyChoices(key));
            return null;
        }
        List<T> values = new ArrayList<>();
        boolean ok = true;
        for (YamlNode n : list.items()) {
            T v = item.apply(n);
            if (v == null) {
                ok = false;
            } else if (values.contains(v)) {
                m.problem(n, key + " choices list " + describe(n) + " twice");
                ok = false;
            } else {
                values.add(v);
            }
        }
        if (!ok) {
            return null;
        }
        boolean pl = perLayer;
        return m.build(node, () -> new ChoiceGene<>(values, pl));
    }

    private static String describe(YamlNode n) {
        return n instanceof ScalarNode s ? "'" + s.text() + "'" : "an entry";
    }

    private @Nullable ObjectivesSpec objectives(YamlNode node) {
        NodeReader.Obj o = m.obj(node, "objectives", OBJECTIVES_KEYS);
        if (o == null) {
            return null;
        }
        ObjectivesSpec d = ObjectivesSpec.standard();
        ObjectivesSpec.Mode mode = o.has("mode")
                ? m.enumValue(o.opt("mode"), ObjectivesSpec.Mode.class, "objectives mode") : d.mode();
        Double cw = d.convergenceWeight();
        ObjectivesSpec.Measure measure = d.convergenceMeasure();
        if (o.has("convergence")) {
            NodeReader.Obj c = m.obj(o.opt("convergence"), "convergence", CONVERGENCE_KEYS);
            cw = c == null ? null : c.real("weight", Rules.WEIGHT, 1.0);
            measure = c == null ? null : c.has("measure")
                    ? m.enumValue(c.opt("measure"), ObjectivesSpec.Measure.class, "convergence measure") : measure;
        }
        Double hw = weight(o, "health", d.healthWeight());
        Double sw = weight(o, "size", d.sizeWeight());
        if (mode == null || cw == null || measure == null || hw == null || sw == null) {
            return null;
        }
        double c = cw;
        ObjectivesSpec.Measure me = measure;
        return m.build(node, () -> new ObjectivesSpec(mode, c, me, hw, sw));
    }

    private @Nullable Double weight(NodeReader.Obj o, String key, double fallback) {
        if (!o.has(key)) {
            return fallback;
        }
        NodeReader.Obj w = m.obj(o.opt(key), key, WEIGHT_KEYS);
        return w == null ? null : w.real("weight", Rules.WEIGHT, 1.0);
    }

    private @Nullable BudgetSpec budget(YamlNode node) {
        NodeReader.Obj o = m.obj(node, "budget", BUDGET_KEYS);
        if (o == null) {
            return null;
        }
        Long max = o.integer("max_evaluations", Rules.MAX_EVALUATIONS, BudgetSpec.DEFAULT_MAX_EVALUATIONS);
        Duration time = null;
        boolean timeOk = true;
        if (o.has("max_time")) {
            time = duration(o.opt("max_time"));
            timeOk = time != null;
        }
        Boolean screen = o.bool("screen_at_init", false);
        Boolean halving = o.bool("successive_halving", false);
        if (max == null || !timeOk || screen == null || halving == null) {
            return null;
        }
        Duration t = time;
        return m.build(node, () -> new BudgetSpec(max, t, screen, halving));
    }

    private @Nullable Duration duration(YamlNode node) {
        if (node instanceof ScalarNode s) {
            Matcher mt = DURATION.matcher(s.text().strip());
            if (mt.matches() && Long.parseLong(mt.group(1)) > 0) {
                long n = Long.parseLong(mt.group(1));
                return switch (mt.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        }
        m.problem(node, "max_time: expected a positive duration like 90s, 10m or 2h (units ms, s, m, h, d) but was "
                + node.describe());
        return null;
    }

    /** Canonical text of a duration: the largest unit that divides it. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    /** {@code auto} (also the default when absent) as {@link GaSpec#AUTO}, else an integer within {@code bound}. */
    private @Nullable Long autoOrInteger(NodeReader.Obj o, String key, Rules.IntBound bound) {
        YamlNode n = o.opt(key);
        if (n == null || n instanceof ScalarNode s && s.text().equals("auto")) return (long) GaSpec.AUTO;
        return m.integer(n, bound);
    }

    private @Nullable GaSpec ga(YamlNode node) {
        NodeReader.Obj o = m.obj(node, "ga", GA_KEYS);
        if (o == null) {
            return null;
        }
        GaSpec d = GaSpec.standard();
        Long population = autoOrInteger(o, "population", Rules.POPULATION);
        Long generations = autoOrInteger(o, "generations", Rules.GENERATIONS);
        GaSpec.Selector selector = o.has("selector")
                ? m.enumValue(o.opt("selector"), GaSpec.Selector.class, "selector") : d.selector();
        Long tournament = o.integer("tournament_size", Rules.TOURNAMENT_SIZE, d.tournamentSize());
        Double crossover = o.real("crossover_rate", Rules.CROSSOVER_RATE, d.crossoverRate());
        Double mutation = o.real("mutation_rate", Rules.MUTATION_RATE, d.mutationRate());
        Long elitism = o.integer("elitism", Rules.ELITISM, d.elitism());
        Long proposals = o.integer("proposals", Rules.PROPOSALS, d.proposals());
        if (population == null || generations == null || selector == null || tournament == null || crossover == null
                || mutation == null || elitism == null || proposals == null) {
            return null;
        }
        return m.build(node, () -> new GaSpec(population.intValue(), generations.intValue(), selector,
                tournament.intValue(), crossover, mutation, elitism.intValue(), proposals.intValue()));
    }
}
