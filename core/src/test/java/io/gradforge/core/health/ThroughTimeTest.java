package io.gradforge.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.SequenceTasks;
import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Truncation;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Health through time on small recurrent networks at init: the measured profile against Pascanu et al.'s bound, the
 * fit, the gate shares, and the flags through time with their remedies.
 */
class ThroughTimeTest {
    private static final int STEPS = 60;
    private static final Dataset ADDING = SequenceTasks.adding(64, STEPS, 3);

    private static Network net(CellKind cell, Initializer recurrentInit, long seed) {
        RandomGenerator rng = Network.random(seed);
        return Network.builder(STEPS * 2, Precision.FLOAT64, rng)
                .add(Recurrent.of(cell, STEPS * 2, 2, 16, false, Initializer.xavierUniform(), recurrentInit,
                        Recurrent.DEFAULT_FORGET_BIAS, Precision.FLOAT64, rng))
                .dense(1, Activation.identity(), Initializer.xavierUniform())
                .build();
    }

    private static HealthReport atInit(Network net, Clipping clipping) {
        Tensor x = Tensor.zeros(Precision.FLOAT64, 32, ADDING.inputSize());
        Tensor y = Tensor.zeros(Precision.FLOAT64, 32, 1);
        int[] rows = new int[32];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        ADDING.copyRows(rows, 0, rows.length, x, y);
        return GradientHealth.atInit(net, Loss.MSE, x, y, clipping);
    }

    /**
     * Pascanu et al. 2013: with |tanh'| <= 1 (gamma = 1), ||dL/dh_k|| <= sigma_max(W_hh)^(t-k) ||dL/dh_t|| for each
     * row when the loss enters at step t only, so also for the mean over rows. W_hh orthogonal with gain 0.9: every
     * singular value 0.9.
     */
    @Test
    void aTanhRnnWithSigmaMax09StaysUnderPascanusBound() {
        RecurrentStats r = atInit(net(CellKind.RNN_TANH, Initializer.orthogonal(0.9), 5), Clipping.none()).init()
                .recurrent().getFirst();
        assertEquals(0.9, r.maxSingularValue(), 1e-12);
        assertTrue(r.lossAtLastStep());
        double first = r.gradNorm(0);
        assertTrue(first > 0, "the loss reaches the last step: " + first);
        for (int d = 1; d < STEPS; d++) {
            double bound = first * Math.pow(0.9, d);
            assertTrue(r.gradNorm(d) <= bound * (1 + 1e-12), "distance " + d + ": " + r.gradNorm(d) + " > " + bound);
        }
        assertTrue(r.decayPerStep() < 0.9, "the fit decays faster than the bound: " + r.decayPerStep());
        assertEquals(-(STEPS - 1) * Math.log10(r.decayPerStep()), r.attenuationDecades(), 1e-12);
        RecurrentStats.GateStats h = r.gate("h");
        assertEquals("tanh", h.function());
        assertTrue(h.saturation() < 0.05, "small inputs keep the state off the tails: " + h);
    }

    /** The fit is least squares of log10 norms on the distance, skipping zeros; an exact geometric profile is found. */
    @Test
    void theDecayIsFittedOnTheLogNorms() {
        double[] norms = new double[10];
        for (int d = 0; d < norms.length; d++) norms[d] = 2.0 * Math.pow(0.5, d);
        assertEquals(Math.log10(0.5), RecurrentStats.logSlope(norms), 1e-14);
        norms[9] = 0.0; // underflowed: left out
        assertEquals(Math.log10(0.5), RecurrentStats.logSlope(norms), 1e-14);
        assertTrue(Double.isNaN(RecurrentStats.logSlope(new double[] {1.0, 0.0, 0.0})));
    }

    /**
     * A relu rnn whose W_hh is the identity scaled by 1.15 (orthogonal, every singular value 1.15 > 1/gamma): its active
     * units pass the gradient back multiplied by 1.15 a step, 59 steps give up to 3.6 decades. Flagged from the fitted
     * growth, with remedies that leave out clipping when it is in use. (A tanh rnn with a large W_hh saturates
     * instead, and its gradient vanishes: tanh' bounds the growth.)
     */
    @Test
    void aReluRnnWithAGrowingIdentityExplodesThroughTime() {
        HealthReport r = atInit(net(CellKind.RNN_RELU, Initializer.identity(1.15), 5), Clipping.none());
        RecurrentStats s = r.init().recurrent().getFirst();
        assertEquals(1.15, s.maxSingularValue(), 1e-12);
        assertEquals("identity(1.15)", s.recurrentInit());
        assertTrue(r.has(HealthFlag.EXPLODING_THROUGH_TIME), r.flags().toString());
        assertTrue(s.attenuationDecades() <= -HealthFlag.TIME_DECADES, s.toString());
        assertTrue(s.decayPerStep() > 1 && s.decayPerStep() <= 1.15 * (1 + 1e-9), "grows, at most sigma_max: " + s);
        assertTrue(s.gates().isEmpty(), "a relu rnn has no gate: " + s.gates());
        String words = sentence(r, HealthFlag.EXPLODING_THROUGH_TIME);
        assertTrue(words.contains("grows"), words);
        assertTrue(words.contains("clip gradients by global norm"), words);
        assertTrue(words.contains("initialize W_hh orthogonal"), "identity * 1.15 is not orthogonal's gain 1: " + words);
        assertTrue(words.contains("gated cell"), words);
        assertTrue(r.score() < 0.25, "counts like EXPLODING at 3 decades (0.2): " + r.score());

        HealthReport clipped = atInit(net(CellKind.RNN_RELU, Initializer.identity(1.15), 5), Clipping.byGlobalNorm(1));
        String clippedWords = sentence(clipped, HealthFlag.EXPLODING_THROUGH_TIME);
        assertFalse(clippedWords.contains("clip gradients by global norm"), clippedWords);
        assertTrue(clippedWords.contains("lower the clipping threshold"), clippedWords);
        assertTrue(clippedWords.contains("truncate backpropagation through time to fewer steps"), clippedWords);

        // a truncation in use is asked to reach fewer steps than it does
        RandomGenerator rng = Network.random(5);
        Network truncated = Network.builder(STEPS * 2, Precision.FLOAT64, rng)
                .add(Recurrent.of(CellKind.RNN_RELU, STEPS * 2, 2, 16, false, Initializer.xavierUniform(),
                        Initializer.identity(1.15), Recurrent.DEFAULT_FORGET_BIAS, new Truncation(30, 30),
                        Precision.FLOAT64, rng))
                .dense(1, Activation.identity(), Initializer.xavierUniform())
                .build();
        HealthReport t = atInit(truncated, Clipping.none());
        assertEquals(30, t.init().recurrent().getFirst().truncation());
        String truncatedWords = sentence(t, HealthFlag.EXPLODING_THROUGH_TIME);
        assertTrue(truncatedWords.contains("truncate backpropagation through time to fewer than its 30 steps"),
                truncatedWords);
    }

    private static String sentence(HealthReport r, HealthFlag flag) {
        return r.verdict().stream().filter(l -> l.startsWith(flag.name() + ":")).findFirst().orElseThrow();
    }

    /**
     * Remedies for vanishing never advise the cell or init in use: an orthogonal W_hh with gain 0.5 (every singular
     * value 0.5: 0.5^59, 18 decades at least) is told to use orthogonal's gain 1; one with gain 1 is not, and a tanh
     * rnn with it still vanishes over 60 steps (tanh' < 1 off 0).
     */
    @Test
    void vanishingRemediesLeaveOutWhatIsInUse() {
        HealthReport half = atInit(net(CellKind.RNN_TANH, Initializer.orthogonal(0.5), 5), Clipping.none());
        assertTrue(half.has(HealthFlag.VANISHING_THROUGH_TIME), half.flags().toString());
        assertEquals("orthogonal(0.5)", half.init().recurrent().getFirst().recurrentInit());
        String words = String.join(" ", half.verdict());
        assertTrue(words.contains("gated cell"), words);
        assertTrue(words.contains("initialize W_hh orthogonal"), words);
        HealthReport one = atInit(net(CellKind.RNN_TANH, Initializer.orthogonal(), 5), Clipping.none());
        RecurrentStats s = one.init().recurrent().getFirst();
        assertEquals("orthogonal", s.recurrentInit());
        assertFalse(one.has(HealthFlag.VANISHING_THROUGH_TIME), "about 2 decades over 60 steps: " + s);
        String oneWords = ThroughTime.remedies(one, HealthFlag.VANISHING_THROUGH_TIME);
        assertFalse(oneWords.contains("initialize W_hh orthogonal"), oneWords);
        assertTrue(oneWords.contains("identity W_hh (IRNN"), oneWords);
    }

    /** LSTM gates: four of them in PyTorch's order, sigmoid but g; forget gates near 1 count as near high. */
    @Test
    void lstmAndGruGatesAreCountedPerGate() {
        RecurrentStats lstm = atInit(net(CellKind.LSTM, Initializer.orthogonal(), 5), Clipping.none()).init()
                .recurrent().getFirst();
        assertEquals(List.of("i", "f", "g", "o"), lstm.gates().stream().map(RecurrentStats.GateStats::gate).toList());
        assertEquals(List.of("sigmoid", "sigmoid", "tanh", "sigmoid"),
                lstm.gates().stream().map(RecurrentStats.GateStats::function).toList());
        assertTrue(Double.isNaN(lstm.maxSingularValue()), "no Pascanu bound for a gated cell");
        RecurrentStats gru = atInit(net(CellKind.GRU, Initializer.orthogonal(), 5), Clipping.none()).init()
                .recurrent().getFirst();
        assertEquals(List.of("r", "z", "n"), gru.gates().stream().map(RecurrentStats.GateStats::gate).toList());

        // a forget bias of 10 puts every forget gate above 0.95 (sigmoid(10 - small) ~ 1)
        RandomGenerator rng = Network.random(5);
        Network saturated = Network.builder(STEPS * 2, Precision.FLOAT64, rng)
                .add(Recurrent.of(CellKind.LSTM, STEPS * 2, 2, 16, false, Initializer.xavierUniform(),
                        Initializer.orthogonal(), 10.0, Precision.FLOAT64, rng))
                .dense(1, Activation.identity(), Initializer.xavierUniform())
                .build();
        RecurrentStats.GateStats f = atInit(saturated, Clipping.none()).init().recurrent().getFirst().gate("f");
        assertEquals(1.0, f.nearHigh(), 1e-12);
        assertEquals(0.0, f.nearLow());
    }

    /** A network without recurrent layers has no measurements through time and its score has no such factor. */
    @Test
    void denseNetworksHaveNothingThroughTime() {
        Network dense = Network.builder(4, Precision.FLOAT64, 1L)
                .dense(8, Activation.tanh(), Initializer.xavierNormal())
                .dense(1, Activation.identity(), Initializer.xavierNormal())
                .build();
        HealthReport r = GradientHealth.atInit(dense, Loss.MSE, Tensor.of(2, 4, 1, 2, 3, 4, 4, 3, 2, 1),
                Tensor.of(2, 1, 1, 0));
        assertTrue(r.init().recurrent().isEmpty());
        assertTrue(r.throughTime().isEmpty());
        assertEquals(HealthRules.initFlowScore(r.init()), r.score(), 0.0);
    }
}
