package io.gradforge.core.health;

import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Measures {@link RecurrentStats} from a {@link Recurrent} layer's buffers after a forward and backward pass, and
 * judges them: the flags {@link HealthFlag#VANISHING_THROUGH_TIME} and {@link HealthFlag#EXPLODING_THROUGH_TIME}
 * and the score's factor through time. Cost of a measurement: one read of dL/dh (T x batch x H) and of the gate
 * activations (T x batch x G x H), and for an rnn cell an SVD of W_hh (H x H): well under a millisecond for H = 32,
 * T = 100, batch 32.
 *
 * <p>What is judged: for a report at init, the init sample; for a training run, the median of the fitted
 * attenuation over the samples of the last quarter of the run. Not the init or early samples, as the flow flags
 * between dense layers are: a gated cell's path through time is what training opens (on the adding problem,
 * T = 100, specs/adding-gru.yaml falls from 13.4 decades at init to 0.3 by step 270; adding-lstm.yaml passes
 * through 6-9 decades until step ~800, then 0.3-0.5), while a tanh RNN's stays closed (5.1 at init, 8-20 after).
 * The median, since one batch can move the fit (a tanh RNN sample at 0.6 decades among samples at 6-17).
 */
final class ThroughTime {
    private ThroughTime() {}

    private static final String[] LSTM_GATES = {"i", "f", "g", "o"};
    private static final String[] GRU_GATES = {"r", "z", "n"};

    /** @param clipped whether the training clips gradients (the remedies' words depend on it) */
    static RecurrentStats measure(Recurrent r, boolean clipped) {
        int steps = r.steps();
        int hidden = r.hidden();
        Tensor dhs = r.hiddenStateGrads();
        int batch = dhs.rows() / steps;
        double[] norms = new double[steps];
        for (int k = 1; k <= steps; k++) {
            double sum = 0.0;
            for (int b = 0; b < batch; b++) {
                int from = ((k - 1) * batch + b) * hidden;
                double sq = 0.0;
                for (int j = 0; j < hidden; j++) {
                    double v = dhs.get(from + j);
                    sq += v * v;
                }
                sum += Math.sqrt(sq);
            }
            norms[steps - k] = batch == 0 ? Double.NaN : sum / batch;
        }
        double slope = RecurrentStats.logSlope(norms);
        double decay = Math.pow(10.0, slope);
        double decades = steps < 2 ? Double.NaN : -(steps - 1) * slope;
        CellKind cell = r.cell();
        boolean rnn = cell == CellKind.RNN_TANH || cell == CellKind.RNN_RELU;
        return new RecurrentStats(r.name(), cell.yamlName(), steps, hidden, !r.returnsSequences(), norms, decay,
                decades, rnn ? maxSingularValue(r.weightHh()) : Double.NaN, gates(r, batch),
                r.recurrentInit().describe(), clipped, r.truncation() == null ? 0 : r.truncation().k2());
    }

    private static List<RecurrentStats.GateStats> gates(Recurrent r, int batch) {
        int hidden = r.hidden();
        List<RecurrentStats.GateStats> out = new ArrayList<>();
        switch (r.cell()) {
            case RNN_TANH -> {
                // h_1 .. h_T, skipping h_0 = 0
                Tensor hs = r.hiddenStates();
                out.add(shares("h", true, hs, batch * hidden, hs.size(), 1, 0, hidden));
            }
            case RNN_RELU -> { }
            case LSTM, GRU -> {
                String[] names = r.cell() == CellKind.LSTM ? LSTM_GATES : GRU_GATES;
                Tensor gates = r.gateActivations();
                for (int g = 0; g < names.length; g++) {
                    // LSTM's g and GRU's n are tanh candidates; the other gates sigmoids
                    boolean tanh = names[g].equals("g") || names[g].equals("n");
                    out.add(shares(names[g], tanh, gates, 0, gates.size(), names.length, g, hidden));
                }
            }
        }
        return out;
    }

    /**
     * The shares near the ends of a gate's range over elements {@code from .. to} of a buffer whose rows hold
     * {@code blocks} blocks of {@code hidden} values, reading block {@code block} of each row.
     */
    private static RecurrentStats.GateStats shares(String name, boolean tanh, Tensor t, int from, int to, int blocks,
            int block, int hidden) {
        double low = tanh ? -1 + RecurrentStats.GATE_MARGIN : RecurrentStats.GATE_MARGIN;
        double high = 1 - RecurrentStats.GATE_MARGIN;
        int row = blocks * hidden;
        long nearLow = 0, nearHigh = 0, n = 0;
        for (int start = from + block * hidden; start < to; start += row) {
            for (int j = 0; j < hidden; j++) {
                double v = t.get(start + j);
                if (v < low) nearLow++;
                else if (v > high) nearHigh++;
                n++;
            }
        }
        return new RecurrentStats.GateStats(name, tanh ? "tanh" : "sigmoid", n == 0 ? 0 : (double) nearLow / n,
                n == 0 ? 0 : (double) nearHigh / n);
    }

    /** The largest singular value of W_hh [H x H] (an rnn has one gate block). */
    static double maxSingularValue(Tensor weightHh) {
        int h = weightHh.cols();
        DMatrixRMaj w = new DMatrixRMaj(h, h);
        for (int i = 0; i < h * h; i++) w.data[i] = weightHh.get(i);
        for (double v : w.data) {
            if (!Double.isFinite(v)) return Double.NaN;
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(h, h, false, false, true);
        if (!svd.decompose(w)) return Double.NaN;
        double max = 0.0;
        for (double s : svd.getSingularValues()) max = Math.max(max, s);
        return max;
    }

    // ---------------------------------------------------------------- judging

    /** The judged attenuation of every recurrent layer whose loss enters at its last step (none for dense networks). */
    static List<JudgedThroughTime> judged(HealthSnapshot init, @Nullable HealthTrace trace) {
        if (init.recurrent().isEmpty()) return List.of();
        List<HealthSnapshot> samples;
        String when;
        if (trace == null || trace.snapshots().size() < 2) {
            samples = List.of(init);
            when = "at init";
        } else {
            long lastStep = trace.last().step();
            long from = lastStep - lastStep / 4;
            samples = trace.snapshots().stream().filter(s -> s.step() >= from).toList();
            when = samples.size() == 1 ? "at step " + lastStep : HealthRules.fmt(
                    "the median over the last %d samples (steps %d-%d)", samples.size(), samples.getFirst().step(),
                    lastStep);
        }
        List<JudgedThroughTime> out = new ArrayList<>();
        HealthSnapshot last = samples.getLast();
        for (int j = 0; j < last.recurrent().size(); j++) {
            RecurrentStats r = last.recurrent().get(j);
            if (!r.lossAtLastStep() || r.steps() < 2) continue;
            double[] d = new double[samples.size()];
            for (int i = 0; i < d.length; i++) {
                RecurrentStats s = samples.get(i).recurrent().get(j);
                // an overflow or NaN counts as the worst: growth
                d[i] = s.finite() ? s.attenuationDecades() : Double.NEGATIVE_INFINITY;
            }
            out.add(new JudgedThroughTime(r, HealthRules.median(d, d.length), when));
        }
        return out;
    }

    /** Raises the flags through time; see {@link HealthFlag}. */
    static void flags(Map<HealthFlag, String> raised, HealthSnapshot init, @Nullable HealthTrace trace) {
        for (JudgedThroughTime j : judged(init, trace)) {
            RecurrentStats r = j.layer();
            if (!r.finite() || r.maxGradNorm() > HealthFlag.EXPLODING_NORM || j.decades() == Double.NEGATIVE_INFINITY) {
                raised.putIfAbsent(HealthFlag.EXPLODING_THROUGH_TIME, HealthRules.fmt("%s: recurrent layer %s (%s): "
                        + "a gradient norm through time reached %.3g (limit %.0g)", j.when(), r.name(), r.cell(),
                        r.maxGradNorm(), HealthFlag.EXPLODING_NORM));
            } else if (j.decades() >= HealthFlag.TIME_DECADES) {
                raised.putIfAbsent(HealthFlag.VANISHING_THROUGH_TIME, reason(j));
            } else if (j.decades() <= -HealthFlag.TIME_DECADES) {
                raised.putIfAbsent(HealthFlag.EXPLODING_THROUGH_TIME, reason(j));
            }
        }
    }

    private static String reason(JudgedThroughTime j) {
        RecurrentStats r = j.layer();
        return HealthRules.fmt("%s: recurrent layer %s (%s, T = %d): ||dL/dh_k|| %s %.3gx per step going back, "
                        + "%.1f decades over the sequence (limit %.0f)%s", j.when(), r.name(), r.cell(), r.steps(),
                j.decades() > 0 ? "fades" : "grows", j.decayPerStep(), Math.abs(j.decades()), HealthFlag.TIME_DECADES,
                bound(r));
    }

    /** "; sigma_max(W_hh) 2.76 vs 1/gamma = 1" for an rnn cell, else "". */
    static String bound(RecurrentStats r) {
        return r.plainRnn() && !Double.isNaN(r.maxSingularValue())
                ? HealthRules.fmt("; sigma_max(W_hh) %.3g vs 1/gamma = %.0f", r.maxSingularValue(), 1 / RecurrentStats.GAMMA)
                : "";
    }

    /** Decades of attenuation through time, either way, that cost nothing in the score. */
    static final double SCORE_FREE_DECADES = 1.0;

    /**
     * The score's factor through time: {@code 1 / (1 + (|decades| - 1)+^2)} per judged layer, multiplied; 1 without
     * a recurrent layer, 0 when a norm is not finite.
     */
    static double score(HealthSnapshot init, @Nullable HealthTrace trace) {
        double p = 1.0;
        for (JudgedThroughTime j : judged(init, trace)) {
            if (!j.layer().finite() || Double.isInfinite(j.decades())) return 0.0;
            if (Double.isNaN(j.decades())) continue; // fewer than two positive norms: nothing to fit
            p *= HealthRules.decline(Math.abs(j.decades()) - SCORE_FREE_DECADES, HealthRules.SCORE_DECADES);
        }
        return p;
    }


    // ---------------------------------------------------------------- words

    /** Whether {@code flag} is judged through time. */
    static boolean isThroughTime(HealthFlag flag) {
        return flag == HealthFlag.VANISHING_THROUGH_TIME || flag == HealthFlag.EXPLODING_THROUGH_TIME;
    }

    /** The judged layer that raised {@code flag} (vanishing: the most attenuated, exploding: the most grown), or null. */
    private static @Nullable JudgedThroughTime culprit(HealthReport report, HealthFlag flag) {
        if (report.init() == null) return null;
        JudgedThroughTime worst = null;
        for (JudgedThroughTime j : judged(report.init(), report.trace())) {
            double d = j.layer().finite() ? j.decades() : Double.NEGATIVE_INFINITY;
            if (Double.isNaN(d)) continue;
            boolean worse = worst == null || (flag == HealthFlag.VANISHING_THROUGH_TIME ? d > worst.decades()
                    : d < worst.decades());
            if (worse) worst = new JudgedThroughTime(j.layer(), d, j.when());
        }
        return worst;
    }

    /**
     * The remedies for a flag through time, leaving out what the layer already uses (a gated cell, its recurrent
     * init, clipping; a truncation in use is asked to reach fewer steps).
     */
    static String remedies(HealthReport report, HealthFlag flag) {
        JudgedThroughTime j = culprit(report, flag);
        List<String> r = new ArrayList<>();
        boolean gated = j != null && j.layer().gated();
        String init = j == null ? "" : j.layer().recurrentInit();
        boolean relu = j != null && j.layer().cell().equals("rnn_relu");
        if (flag == HealthFlag.VANISHING_THROUGH_TIME) {
            if (!gated) {
                r.add("use a gated cell (lstm or gru), whose additive path carries the gradient back (Hochreiter & "
                        + "Schmidhuber 1997; Cho et al. 2014)");
                if (!init.equals("orthogonal") && !init.equals("identity")) {
                    r.add("initialize W_hh orthogonal (all its singular values 1)");
                }
                if (!relu) {
                    r.add("or use a relu rnn with an identity W_hh (IRNN, Le et al. 2015)");
                } else if (!init.equals("identity")) {
                    r.add("or an identity W_hh for this relu rnn (IRNN, Le et al. 2015)");
                }
            } else {
                r.add("the gates have not opened a path through time: train longer or with a larger learning rate"
                        + (j.layer().cell().equals("lstm") ? ", or raise the forget-gate bias (Jozefowicz et al. 2015)"
                        : ""));
                if (!init.equals("orthogonal")) r.add("initialize W_hh orthogonal");
            }
            r.add("or shorten the sequences the dependency has to cross");
        } else {
            r.add(j != null && j.layer().clipped() ? "lower the clipping threshold"
                    : "clip gradients by global norm (Pascanu et al. 2013)");
            int k2 = j == null ? 0 : j.layer().truncation();
            r.add(k2 > 0 ? "truncate backpropagation through time to fewer than its " + k2 + " steps"
                    : "truncate backpropagation through time to fewer steps");
            if (!init.equals("orthogonal")) r.add("initialize W_hh orthogonal (largest singular value 1)");
            else if (relu) r.add("use tanh instead of relu, whose derivative bounds the step Jacobian");
            if (!gated) r.add("or use a gated cell (lstm or gru)");
        }
        return String.join(", ", r);
    }

    /** "; through time: layer 1 (lstm, T = 100) 0.33 decades (0.992x per step)" for a healthy report's sentence. */
    static String summary(HealthReport report) {
        if (report.init() == null) return "";
        StringBuilder sb = new StringBuilder();
        for (JudgedThroughTime j : judged(report.init(), report.trace())) {
            RecurrentStats r = j.layer();
            sb.append(sb.isEmpty() ? "; through time (" + j.when() + "):" : ";").append(HealthRules.fmt(
                    " layer %s (%s, T = %d) %.2f decades over the sequence (%.3gx per step)%s", r.name(), r.cell(),
                    r.steps(), j.decades(), j.decayPerStep(), bound(r)));
        }
        return sb.toString();
    }
}
