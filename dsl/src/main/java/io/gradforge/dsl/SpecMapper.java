package io.gradforge.dsl;

import io.gradforge.core.nn.FanMode;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.InvalidLayerException;
import io.gradforge.dsl.spec.LayerDefaults;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.Spec;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.Vocabulary;
import io.gradforge.dsl.yaml.YamlNode.ListNode;
import io.gradforge.dsl.yaml.YamlNode.MapNode;
import io.gradforge.dsl.yaml.YamlNode.ScalarNode;
import io.gradforge.dsl.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Maps a node tree to spec records, collecting every problem with its location. */
class SpecMapper extends NodeReader {

    static final List<String> EXPERIMENT_KEYS = List.of("version", "kind", "name", "description", "network", "training");
    static final List<String> SEARCH_KEYS = List.of("version", "kind", "name", "description", "space", "training",
            "objectives", "budget", "ga", "parallelism", "seed");
    static final List<String> NETWORK_KEYS = List.of("input", "defaults", "layers", "output");
    static final List<String> LAYER_KINDS = List.of("dense", "activation", "batch_norm", "layer_norm", "residual",
            "dense_skip", "rnn", "lstm", "gru");
    static final List<String> DEFAULTS_KEYS = List.of("activation", "init", "bias", "bias_init");
    static final List<String> BATCH_NORM_KEYS = List.of("eps", "momentum");
    static final List<String> LAYER_NORM_KEYS = List.of("eps");
    static final List<String> DENSE_SKIP_KEYS = List.of("layers", "repeat");
    static final List<String> DENSE_KEYS = List.of("units", "activation", "init", "bias", "bias_init", "repeat");
    static final List<String> RESIDUAL_KEYS = List.of("layers", "branch_scale", "zero_init_last", "projection", "repeat");
    static final List<String> BRANCH_SCALE_KEYS = List.of("init", "learned");
    static final List<String> OUTPUT_KEYS = List.of("units", "activation", "init", "bias");

    SpecMapper(String file) {
        super(file);
    }

    /** The spec, or null when any problem was recorded. */
    @Nullable Spec spec(@Nullable YamlNode root, @Nullable String expectedKind) {
        if (root == null) {
            problem(new ScalarNode(1, 1, ScalarNode.Kind.NULL, ""), "file is empty: a spec is a mapping with at least "
                    + "version, name and network/space and training (see specs/ for examples)");
            return null;
        }
        if (!(root instanceof MapNode map)) {
            problem(root, "a spec file is a mapping (version: 1, name: ..., ...) but this one is " + root.describe());
            return null;
        }
        String kind = "experiment";
        YamlNode kindNode = map.entries().get("kind");
        if (kindNode != null) {
            String k = string(kindNode, "kind");
            if (k == null) {
                return null;
            }
            if (!k.equals("experiment") && !k.equals("search")) {
                problem(kindNode, Rules.unknown("kind", k, List.of("experiment", "search")));
                return null;
            }
            kind = k;
        }
        if (expectedKind != null && !expectedKind.equals(kind)) {
            problem(kindNode != null ? kindNode : map, "expected a spec of kind " + expectedKind + " but this is kind "
                    + kind + (kindNode == null ? " (the default when 'kind' is absent)" : ""));
            return null;
        }
        Obj top = new Obj(map, "the spec", kind.equals("search") ? SEARCH_KEYS : EXPERIMENT_KEYS);
        YamlNode versionNode = top.req("version");
        if (versionNode != null) {
            Long v = integer(versionNode, "version");
            if (v != null && Rules.versionProblem(v) != null) {
                problem(versionNode, Rules.versionProblem(v));
            }
        }
        String name = null;
        YamlNode nameNode = top.req("name");
        if (nameNode != null) {
            name = string(nameNode, "name");
            if (name != null && Rules.nameProblem(name) != null) {
                problem(nameNode, Rules.nameProblem(name));
                name = null;
            }
        }
        String description = null;
        YamlNode descNode = top.opt("description");
        if (descNode != null) {
            description = string(descNode, "description");
        }
        if (kind.equals("search")) {
            return new SearchMapper(this).search(top, name, description);
        }
        NetworkSpec network = network(obj(top.req("network"), "network", NETWORK_KEYS));
        TrainingSpec training = new TrainingMapper(this).training(obj(top.req("training"), "training", TrainingMapper.TRAINING_KEYS));
        if (network != null && training != null) {
            checkOutputLoss(top.opt("network") instanceof MapNode net ? net.entries().get("output") : null,
                    network.output(), training);
        }
        if (name == null || network == null || training == null || !problems().isEmpty()) {
            return null;
        }
        if (training.pretraining() != null) {
            String problem = training.pretraining().problem(network, training.length());
            if (problem != null) {
                problem(((MapNode) top.req("training")).keys().get("pretraining"), problem);
                return null;
            }
        }
        String n = name;
        String d = description;
        return build(top.keyNode("network"), () -> new ExperimentSpec(n, d, network, training));
    }

    // ---------------------------------------------------------------- network

    /** A bare network document (an experiment's network section at the top level), or null after a problem. */
    @Nullable NetworkSpec networkDocument(@Nullable YamlNode root) {
        if (root == null) {
            problem(new ScalarNode(1, 1, ScalarNode.Kind.NULL, ""), "file is empty: a network is a mapping with "
                    + "input, layers and output (and optionally defaults)");
            return null;
        }
        if (root instanceof MapNode map && map.keys().get("network") instanceof ScalarNode key) {
            problem(key, "expected a bare network (input, defaults, layers, output at the top "
                    + "level) but this document has a 'network' key: it looks like an experiment spec");
            return null;
        }
        return network(obj(root, "the network", NETWORK_KEYS));
    }

    @Nullable NetworkSpec network(@Nullable Obj o) {
        if (o == null) {
            return null;
        }
        Long input = null;
        YamlNode inputNode = o.req("input");
        if (inputNode != null) {
            input = integer(inputNode, Rules.INPUT);
        }
        LayerDefaults defaults = defaults(o.opt("defaults"));
        YamlNode layersNode = o.req("layers");
        List<LayerSpec> layers = layersNode == null ? null : layers(layersNode, "network layers");
        OutputSpec output = o.req("output") == null ? null : output(o.req("output"));
        if (input == null || defaults == null || layers == null || output == null) {
            return null;
        }
        int in = input.intValue();
        try {
            return new NetworkSpec(in, defaults, layers, output);
        } catch (IllegalArgumentException e) {
            // Point at the layer the record names, if it names one.
            YamlNode at = o.map;
            if (e instanceof InvalidLayerException bad && layersNode instanceof ListNode list
                    && layers.size() == list.items().size()) {
                at = list.items().get(bad.layerIndex());
            }
            problem(at, String.valueOf(e.getMessage()));
            return null;
        }
    }

    private @Nullable LayerDefaults defaults(@Nullable YamlNode node) {
        if (node == null) {
            return LayerDefaults.STANDARD;
        }
        Obj o = obj(node, "defaults", DEFAULTS_KEYS);
        if (o == null) {
            return null;
        }
        LayerDefaults s = LayerDefaults.STANDARD;
        ActivationSpec activation = o.has("activation") ? activation(o.opt("activation")) : s.activation();
        InitSpec init = o.has("init") ? init(o.opt("init")) : s.init();
        Boolean bias = o.bool("bias", s.bias());
        InitSpec biasInit = o.has("bias_init") ? init(o.opt("bias_init")) : s.biasInit();
        if (activation == null || init == null || bias == null || biasInit == null) {
            return null;
        }
        return new LayerDefaults(activation, init, bias, biasInit);
    }

    @Nullable ActivationSpec activation(@Nullable YamlNode node) {
        if (node == null) {
            return null;
        }
        Vocabulary.Canonical c = named(node, Vocabulary.ACTIVATIONS, "name", List.of());
        return c == null ? null : build(node, () -> new ActivationSpec(c.name(), c.parameters()));
    }

    /** A name, {@code {name: N, <parameter>: v}}, or {@code {name: normal|uniform, variance_scale: s, mode: m}}. */
    @Nullable InitSpec init(@Nullable YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof MapNode m && Vocabulary.asksForVarianceScale(m.entries().keySet())) {
            return varianceScaledInit(m);
        }
        // a misspelt variance_scale in normal or uniform is told about with its did-you-mean
        boolean scalable = node instanceof MapNode m && m.entries().get("name") instanceof ScalarNode n
                && Vocabulary.VARIANCE_SCALED.contains(n.text());
        Vocabulary.Canonical c = named(node, Vocabulary.INITIALIZERS, "name",
                scalable ? List.of(Vocabulary.VARIANCE_SCALE.key(), Vocabulary.FAN_MODE) : List.of());
        return c == null ? null : build(node, () -> new InitSpec(c.name(), c.parameters()));
    }

    /** The variance-scaled form, each problem at the node it is about. */
    private @Nullable InitSpec varianceScaledInit(MapNode m) {
        YamlNode nameNode = m.entries().get("name");
        if (nameNode == null) {
            problem(m, "missing required key 'name' naming the initializer; variance_scale applies to "
                    + String.join(", ", Vocabulary.VARIANCE_SCALED));
            return null;
        }
        String name = string(nameNode, Vocabulary.INITIALIZERS.noun());
        if (name == null) {
            return null;
        }
        String nameProblem = Vocabulary.varianceScaledNameProblem(name);
        if (nameProblem != null) {
            problem(nameNode, nameProblem);
            return null;
        }
        boolean ok = true;
        for (var key : m.keys().entrySet()) {
            String p = key.getKey().equals("name") ? null : Vocabulary.varianceScaledKeyProblem(name, key.getKey());
            if (p != null) {
                problem(key.getValue(), p);
                ok = false;
            }
        }
        YamlNode scaleNode = m.entries().get(Vocabulary.VARIANCE_SCALE.key());
        Double scale = null;
        if (scaleNode == null) {
            problem(m, Vocabulary.missingVarianceScaleMessage(name));
            ok = false;
        } else {
            scale = real(scaleNode, Vocabulary.VARIANCE_SCALE.key());
            String p = scale == null ? null : Vocabulary.VARIANCE_SCALE.problem(name, scale);
            if (p != null) {
                problem(scaleNode, p);
            }
            ok &= scale != null && p == null;
        }
        @Nullable FanMode mode = FanMode.FAN_IN;
        YamlNode modeNode = m.entries().get(Vocabulary.FAN_MODE);
        if (modeNode != null) {
            String text = string(modeNode, Vocabulary.FAN_MODE);
            String p = text == null ? null : Vocabulary.fanModeProblem(text);
            if (p != null) {
                problem(modeNode, p);
            }
            ok &= text != null && p == null;
            mode = text == null ? null : FanMode.parse(text).orElse(null);
        }
        if (!ok || scale == null || mode == null) {
            return null;
        }
        double s = scale;
        FanMode chosen = mode;
        return build(m, () -> InitSpec.varianceScaled(name, s, chosen));
    }

    private @Nullable List<LayerSpec> layers(YamlNode node, String where) {
        ListNode list = list(node, where);
        if (list == null) {
            return null;
        }
        List<LayerSpec> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : list.items()) {
            LayerSpec layer = layer(item);
            if (layer == null) {
                ok = false;
            } else {
                out.add(layer);
            }
        }
        return ok ? out : null;
    }

    private @Nullable LayerSpec layer(YamlNode item) {
        if (!(item instanceof MapNode m) || m.entries().size() != 1) {
            String detail = item instanceof MapNode m2
                    ? (m2.entries().isEmpty() ? "an empty mapping" : "a mapping with " + m2.entries().size()
                            + " keys (" + String.join(", ", m2.entries().keySet())
                            + "); indent a layer's options under its kind, e.g. dense: {units: 64, activation: tanh}")
                    : item.describe();
            problem(item, "a layer is a mapping with exactly one key (" + String.join(", ", LAYER_KINDS)
                    + ") but this is " + detail);
            return null;
        }
        var entry = m.entries().entrySet().iterator().next();
        String kind = entry.getKey();
        YamlNode body = entry.getValue();
        YamlNode kindNode = m.keys().get(kind);
        boolean empty = body instanceof ScalarNode s && s.isNull();
        switch (kind) {
            case "dense" -> {
                return dense(body);
            }
            case "activation" -> {
                if (empty) {
                    problem(kindNode != null ? kindNode : item, "activation layer: expected an activation name, e.g. "
                            + "activation: relu; accepted: " + String.join(", ", Vocabulary.ACTIVATIONS.acceptedNames()));
                    return null;
                }
                ActivationSpec a = activation(body);
                return a == null ? null : new ActivationLayerSpec(a);
            }
            case "batch_norm" -> {
                if (empty) {
                    return BatchNormSpec.of();
                }
                Obj o = obj(body, "batch_norm", BATCH_NORM_KEYS);
                if (o == null) {
                    return null;
                }
                Double eps = o.real("eps", Rules.EPS, BatchNormSpec.DEFAULT_EPS);
                Double momentum = o.real("momentum", Rules.MOMENTUM, BatchNormSpec.DEFAULT_MOMENTUM);
                return eps == null || momentum == null ? null : build(body, () -> new BatchNormSpec(eps, momentum));
            }
            case "layer_norm" -> {
                if (empty) {
                    return LayerNormSpec.of();
                }
                Obj o = obj(body, "layer_norm", LAYER_NORM_KEYS);
                if (o == null) {
                    return null;
                }
                Double eps = o.real("eps", Rules.EPS, BatchNormSpec.DEFAULT_EPS);
                return eps == null ? null : build(body, () -> new LayerNormSpec(eps));
            }
            case "residual" -> {
                return residual(empty ? kindNode : body);
            }
            case "dense_skip" -> {
                Obj o = obj(empty ? kindNode : body, "dense_skip", DENSE_SKIP_KEYS);
                if (o == null) {
                    return null;
                }
                YamlNode ln = o.req("layers");
                List<LayerSpec> branch = ln == null ? null : layers(ln, "dense_skip layers");
                Long repeat = o.integer("repeat", Rules.REPEAT, 1);
                if (branch == null || repeat == null) {
                    return null;
                }
                if (branch.isEmpty()) {
                    problem(ln, Rules.emptyLayers("dense_skip layers"));
                    return null;
                }
                return build(o.map, () -> new DenseSkipSpec(branch, repeat.intValue()));
            }
            case "rnn", "lstm", "gru" -> {
                return new RecurrentMapper(this).recurrent(RecurrentSpec.Cell.valueOf(kind.toUpperCase(Locale.ROOT)),
                        body, kindNode != null ? kindNode : item);
            }
            default -> {
                problem(kindNode != null ? kindNode : item, Rules.unknown("layer kind", kind, LAYER_KINDS));
                return null;
            }
        }
    }

    private @Nullable DenseSpec dense(YamlNode body) {
        if (body instanceof ScalarNode) {
            Long units = integer(body, Rules.UNITS);
            return units == null ? null : DenseSpec.of(units.intValue());
        }
        Obj o = obj(body, "dense", DENSE_KEYS);
        if (o == null) {
            return null;
        }
        YamlNode un = o.req("units");
        Long units = un == null ? null : integer(un, Rules.UNITS);
        ActivationSpec activation = o.has("activation") ? activation(o.opt("activation")) : null;
        InitSpec init = o.has("init") ? init(o.opt("init")) : null;
        Boolean bias = o.has("bias") ? bool(o.opt("bias"), "bias") : null;
        InitSpec biasInit = o.has("bias_init") ? init(o.opt("bias_init")) : null;
        Long repeat = o.integer("repeat", Rules.REPEAT, 1);
        if (units == null || repeat == null || (o.has("activation") && activation == null)
                || (o.has("init") && init == null) || (o.has("bias") && bias == null)
                || (o.has("bias_init") && biasInit == null)) {
            return null;
        }
        return build(body, () -> new DenseSpec(units.intValue(), activation, init, bias, biasInit, repeat.intValue()));
    }

    private @Nullable ResidualSpec residual(YamlNode body) {
        Obj o = obj(body, "residual", RESIDUAL_KEYS);
        if (o == null) {
            return null;
        }
        YamlNode ln = o.req("layers");
        List<LayerSpec> branch = ln == null ? null : layers(ln, "residual layers");
        BranchScaleSpec scale = BranchScaleSpec.one();
        YamlNode sn = o.opt("branch_scale");
        if (sn != null) {
            scale = branchScale(sn);
        }
        Boolean zeroInitLast = o.bool("zero_init_last", false);
        Projection projection = o.has("projection")
                ? enumValue(o.opt("projection"), Projection.class, "projection") : Projection.AUTO;
        Long repeat = o.integer("repeat", Rules.REPEAT, 1);
        if (branch == null || scale == null || zeroInitLast == null || projection == null || repeat == null) {
            return null;
        }
        if (branch.isEmpty()) {
            problem(ln, Rules.emptyLayers("residual layers"));
            return null;
        }
        BranchScaleSpec s = scale;
        return build(body, () -> new ResidualSpec(branch, s, zeroInitLast, projection, repeat.intValue()));
    }

    private @Nullable BranchScaleSpec branchScale(YamlNode node) {
        if (node instanceof ScalarNode) {
            Double v = real(node, Rules.BRANCH_SCALE);
            return v == null ? null : BranchScaleSpec.fixed(v);
        }
        Obj o = obj(node, "branch_scale", BRANCH_SCALE_KEYS);
        if (o == null) {
            return null;
        }
        Double init = o.real("init", Rules.BRANCH_SCALE, 1.0);
        Boolean learned = o.bool("learned", false);
        return init == null || learned == null ? null : new BranchScaleSpec(init, learned);
    }

    /** Records {@link Rules#outputLossProblem} at the output's activation (or the output) when there is one. */
    void checkOutputLoss(@Nullable YamlNode outputNode, OutputSpec output, TrainingSpec training) {
        String problem = Rules.outputLossProblem(output.activation().name(), training.loss());
        if (problem == null || outputNode == null) return;
        YamlNode at = outputNode instanceof MapNode m && m.entries().get("activation") != null
                ? m.entries().get("activation") : outputNode;
        problem(at, problem);
    }

    @Nullable OutputSpec output(@Nullable YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode) {
            Long units = integer(node, Rules.UNITS);
            return units == null ? null : OutputSpec.of(units.intValue());
        }
        Obj o = obj(node, "output", OUTPUT_KEYS);
        if (o == null) {
            return null;
        }
        OutputSpec d = OutputSpec.of(1);
        YamlNode un = o.req("units");
        Long units = un == null ? null : integer(un, Rules.UNITS);
        ActivationSpec activation = o.has("activation") ? activation(o.opt("activation")) : d.activation();
        InitSpec init = o.has("init") ? init(o.opt("init")) : d.init();
        Boolean bias = o.bool("bias", true);
        if (units == null || activation == null || init == null || bias == null) {
            return null;
        }
        return build(node, () -> new OutputSpec(units.intValue(), activation, init, bias));
    }
}
