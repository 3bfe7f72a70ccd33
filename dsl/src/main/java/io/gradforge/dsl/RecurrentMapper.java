package io.gradforge.dsl;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.RecurrentSpec.Cell;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.yaml.YamlNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the recurrent layer kinds: rnn, lstm and gru, each a mapping of its options. */
final class RecurrentMapper extends NodeReader {

    static final List<String> RNN_KEYS = List.of("units", "steps", "sequences", "activation", "init", "recurrent_init",
            "truncation");
    static final List<String> LSTM_KEYS = List.of("units", "steps", "sequences", "init", "recurrent_init", "forget_bias",
            "truncation");
    static final List<String> GRU_KEYS = List.of("units", "steps", "sequences", "init", "recurrent_init", "truncation");
    static final List<String> TRUNCATION_KEYS = List.of("k1", "k2");

    private final SpecMapper layers;

    RecurrentMapper(SpecMapper layers) {
        super(layers);
        this.layers = layers;
    }

    static List<String> keys(Cell cell) {
        return switch (cell) {
            case RNN -> RNN_KEYS;
            case LSTM -> LSTM_KEYS;
            case GRU -> GRU_KEYS;
        };
    }

    @Nullable RecurrentSpec recurrent(Cell cell, YamlNode body, YamlNode kindNode) {
        String kind = cell.yamlName();
        if (body instanceof YamlNode.ScalarNode s && s.isNull()) {
            problem(kindNode, kind + " needs its units and steps, e.g. " + kind + ": {units: 64, steps: 100}");
            return null;
        }
        Obj o = obj(body, kind, keys(cell));
        if (o == null) {
            return null;
        }
        YamlNode un = o.req("units");
        Long units = un == null ? null : integer(un, Rules.UNITS);
        YamlNode sn = o.req("steps");
        Long steps = sn == null ? null : integer(sn, Rules.SEQUENCE_STEPS);
        Boolean sequences = o.bool("sequences", false);
        ActivationSpec activation = o.has("activation") ? layers.activation(o.opt("activation"))
                : RecurrentSpec.DEFAULT_ACTIVATION;
        InitSpec init = o.has("init") ? layers.init(o.opt("init")) : RecurrentSpec.DEFAULT_INIT;
        InitSpec recurrentInit = o.has("recurrent_init") ? layers.init(o.opt("recurrent_init"))
                : RecurrentSpec.DEFAULT_RECURRENT_INIT;
        Double forgetBias = cell == Cell.LSTM
                ? o.real("forget_bias", Rules.FORGET_BIAS, RecurrentSpec.DEFAULT_FORGET_BIAS)
                : RecurrentSpec.DEFAULT_FORGET_BIAS; // an unknown key for the other cells
        TruncationSpec truncation = null;
        boolean truncationOk = true;
        if (o.has("truncation")) {
            truncation = truncation(o.opt("truncation"), steps == null ? null : steps.intValue());
            truncationOk = truncation != null;
        }
        if (units == null || steps == null || sequences == null || activation == null || init == null
                || recurrentInit == null || forgetBias == null || !truncationOk) {
            return null;
        }
        TruncationSpec tr = truncation;
        return build(body, () -> new RecurrentSpec(cell, units.intValue(), steps.intValue(), sequences, activation,
                init, recurrentInit, forgetBias, tr));
    }

    /**
     * {@code k} (k1 = k2 = k) or {@code {k1: .., k2: ..}}, each at least 1, k1 at most k2, and k2 at most
     * {@code steps} when known; problems name the offending value's line and column.
     */
    @Nullable TruncationSpec truncation(YamlNode node, @Nullable Integer steps) {
        if (!(node instanceof YamlNode.MapNode)) {
            Long k = integer(node, Rules.TRUNCATION);
            if (k == null) {
                return null;
            }
            if (steps != null && k > steps) {
                problem(node, TruncationSpec.beyondSteps("truncation", k, steps));
                return null;
            }
            return TruncationSpec.of(k.intValue());
        }
        Obj o = obj(node, "truncation", TRUNCATION_KEYS);
        if (o == null) {
            return null;
        }
        YamlNode k1n = o.req("k1");
        YamlNode k2n = o.req("k2");
        Long k1 = k1n == null ? null : integer(k1n, Rules.TRUNCATION);
        Long k2 = k2n == null ? null : integer(k2n, Rules.TRUNCATION);
        if (k1 == null || k2 == null) {
            return null;
        }
        if (k1 > k2) {
            problem(k1n, TruncationSpec.k1AboveK2(k1, k2));
            return null;
        }
        if (steps != null && k2 > steps) {
            problem(k2n, TruncationSpec.beyondSteps("truncation k2", k2, steps));
            return null;
        }
        return TruncationSpec.of(k1.intValue(), k2.intValue());
    }
}
