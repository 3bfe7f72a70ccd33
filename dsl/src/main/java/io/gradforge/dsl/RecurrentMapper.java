package io.gradforge.dsl;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.RecurrentSpec.Cell;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.yaml.YamlNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the recurrent layer kinds: rnn, lstm and gru, each a mapping of its options. */
final class RecurrentMapper extends NodeReader {

    static final List<String> RNN_KEYS = List.of("units", "steps", "sequences", "activation", "init", "recurrent_init");
    static final List<String> LSTM_KEYS = List.of("units", "steps", "sequences", "init", "recurrent_init", "forget_bias");
    static final List<String> GRU_KEYS = List.of("units", "steps", "sequences", "init", "recurrent_init");

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
        if (units == null || steps == null || sequences == null || activation == null || init == null
                || recurrentInit == null || forgetBias == null) {
            return null;
        }
        return build(body, () -> new RecurrentSpec(cell, units.intValue(), steps.intValue(), sequences, activation,
                init, recurrentInit, forgetBias));
    }
}
