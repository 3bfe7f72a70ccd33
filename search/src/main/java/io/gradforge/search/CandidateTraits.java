package io.gradforge.search;

import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.ResidualSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The genes of a decoded candidate read back from its network, for tables and CSV files: one entry per hidden
 * block, as {@link ArchitectureCodec} builds them. A recurrent block's activation is its cell (rnn_tanh, lstm
 * ...) and its init the recurrent one; {@code truncation} is its truncated BPTT ("full" without; "20", or
 * "10/20" for k1 10, k2 20), or empty for a network without recurrent layers.
 */
public record CandidateTraits(int depth, List<Integer> widths, List<String> activations, List<String> inits,
        String skip, String normalization, String clipping, double learningRate, String truncation) {
    public CandidateTraits {
        widths = List.copyOf(widths);
        activations = List.copyOf(activations);
        inits = List.copyOf(inits);
    }

    public static CandidateTraits of(Candidate candidate) {
        List<Integer> widths = new ArrayList<>();
        List<String> activations = new ArrayList<>();
        List<String> inits = new ArrayList<>();
        String[] structure = {"none", "none", ""}; // skip, normalization, truncation (recurrent only)
        for (LayerSpec layer : candidate.experiment().network().layers()) {
            walk(layer, widths, activations, inits, structure);
        }
        var t = candidate.experiment().training();
        ClippingSpec c = t.clipping();
        String clipping = c.mode() == ClippingSpec.Mode.NONE ? "none"
                : c.mode().name().toLowerCase(Locale.ROOT) + " " + c.threshold();
        return new CandidateTraits(widths.size(), widths, activations, inits, structure[0], structure[1],
                clipping, t.optimizer().learningRate(), structure[2]);
    }

    private static void walk(LayerSpec layer, List<Integer> widths, List<String> activations, List<String> inits,
            String[] structure) {
        switch (layer) {
            case DenseSpec d -> {
                widths.add(d.units());
                activations.add(d.activation() == null ? "relu" : d.activation().name());
                inits.add(d.init() == null ? "he_normal" : d.init().name());
            }
            case ActivationLayerSpec a -> {
                if (!activations.isEmpty()) activations.set(activations.size() - 1, a.activation().name());
            }
            case BatchNormSpec b -> structure[1] = "batch_norm";
            case LayerNormSpec n -> structure[1] = "layer_norm";
            case ResidualSpec r -> {
                structure[0] = "residual";
                r.layers().forEach(l -> walk(l, widths, activations, inits, structure));
            }
            case DenseSkipSpec s -> {
                structure[0] = "dense";
                s.layers().forEach(l -> walk(l, widths, activations, inits, structure));
            }
            case RecurrentSpec r -> {
                // a recurrent block's "activation" is its cell (rnn_tanh, lstm ...), its init the recurrent one
                widths.add(r.units());
                activations.add(r.cell() == RecurrentSpec.Cell.RNN ? "rnn_" + r.activation().name() : r.cell().yamlName());
                inits.add(r.recurrentInit().name());
                structure[2] = r.truncation() == null ? "full" : r.truncation().text();
            }
        }
    }

    /** Whether the candidate has recurrent layers (then {@link #truncation()} is not empty). */
    public boolean recurrent() {
        return !truncation.isEmpty();
    }

    /**
     * The skip column of the tables: the skip of a dense candidate; "bptt" and the truncation of a recurrent
     * one, which has no skips ("bptt full", "bptt 20").
     */
    public String skipText() {
        return recurrent() ? "bptt " + truncation : skip;
    }

    /** "64" when all blocks agree, else "16,32,64,...". */
    public String widthText() {
        return compact(widths.stream().map(String::valueOf).toList());
    }

    public String activationText() {
        return compact(activations);
    }

    public String initText() {
        return compact(inits);
    }

    private static String compact(List<String> values) {
        return values.stream().distinct().count() <= 1 && !values.isEmpty() ? values.get(0) : String.join(",", values);
    }
}
