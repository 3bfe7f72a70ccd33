package io.gradforge.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.BranchScale;
import io.gradforge.core.nn.CellKind;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.nn.Truncation;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference check of every layer type x every activation x every loss. The layer cases are keyed by
 * class and must cover {@link Layer}'s permitted subclasses, so a new layer type cannot skip its check.
 */
class GradientCheckTest {
    private static final Precision P = Precision.FLOAT64;
    private static final int IN = 3;
    private static final int OUT = 3;
    private static final int BATCH = 5;
    private static final double KINK_MARGIN = 1e-2;
    private static final int STEPS = 4;

    /** Per layer type: a small network containing it, built from an activation and a generator. */
    static final Map<Class<?>, BiFunction<Activation, RandomGenerator, List<Layer>>> CASES = new LinkedHashMap<>();

    static {
        Initializer w = Initializer.xavierNormal();
        CASES.put(Dense.class, (a, r) -> List.of(
                Dense.of(IN, 5, a, w, Initializer.normal(0.1), P, r),
                Dense.of(5, 4, a, w, null, P, r),
                Dense.of(4, OUT, Activation.identity(), w, P, r)));
        CASES.put(ActivationLayer.class, (a, r) -> List.of(
                Dense.of(IN, 5, Activation.identity(), w, P, r),
                ActivationLayer.of(5, a, P),
                Dense.of(5, OUT, Activation.identity(), w, P, r)));
        CASES.put(BatchNorm.class, (a, r) -> List.of(
                Dense.of(IN, 5, Activation.identity(), w, P, r),
                BatchNorm.of(5, P),
                ActivationLayer.of(5, a, P),
                Dense.of(5, OUT, Activation.identity(), w, P, r)));
        CASES.put(LayerNorm.class, (a, r) -> List.of(
                Dense.of(IN, 5, a, w, P, r),
                LayerNorm.of(5, P),
                Dense.of(5, OUT, Activation.identity(), w, P, r)));
        CASES.put(Residual.class, (a, r) -> List.of(
                Dense.of(IN, 4, a, w, P, r),
                // identity skip, s = 1
                Residual.of(List.of(Dense.of(4, 4, a, w, P, r), Dense.of(4, 4, Activation.identity(), w, P, r))),
                // projection skip, fixed s
                Residual.of(List.of(Dense.of(4, 5, a, w, P, r)), Dense.linear(4, 5, true, w, P, r),
                        BranchScale.fixed(0.5)),
                // identity skip, learned s
                Residual.of(List.of(Dense.of(5, 5, a, w, P, r)), null, BranchScale.learned(0.7)),
                Dense.of(5, OUT, Activation.identity(), w, P, r)));
        CASES.put(ConcatSkip.class, (a, r) -> List.of(
                Dense.of(IN, 4, a, w, P, r),
                ConcatSkip.of(List.of(Dense.of(4, 2, a, w, P, r), Dense.of(2, 3, a, w, P, r))),
                Dense.of(7, OUT, Activation.identity(), w, P, r)));
        // every cell, stacked: a sequence layer under a last-step layer of another cell, then a dense head.
        // The case's activation picks the cells, so each cell runs under both returns across the activations.
        // The upper layer runs the truncated backward with k = T, which is the true gradient; truncations
        // shorter than T are not gradients of the loss and are checked against their definition in
        // RecurrentTruncationTest.
        CASES.put(Recurrent.class, (a, r) -> {
            CellKind[] cells = CellKind.values();
            CellKind lower = cells[a.kind().ordinal() % cells.length];
            CellKind upper = cells[(a.kind().ordinal() + 1) % cells.length];
            return List.of(
                    Dense.of(IN, 2 * STEPS, a, w, P, r),
                    Recurrent.of(lower, 2 * STEPS, 2, 3, true, P, r),
                    Recurrent.of(upper, 3 * STEPS, 3, 4, false, Initializer.xavierUniform(), Initializer.orthogonal(),
                            1.0, Truncation.of(STEPS), P, r),
                    Dense.of(4, OUT, Activation.identity(), w, P, r));
        });
    }

    @Test
    void everyPermittedLayerTypeHasACase() {
        Set<Class<?>> permitted = Arrays.stream(Layer.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(permitted, CASES.keySet(), "gradient-check cases must cover exactly Layer's permitted subclasses");
    }

    @TestFactory
    Stream<DynamicTest> everyLayerActivationAndLoss() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var c : CASES.entrySet()) {
            for (ActivationKind kind : ActivationKind.values()) {
                for (Loss loss : Loss.values()) {
                    String name = c.getKey().getSimpleName() + " x " + kind.yamlName() + " x " + loss.yamlName();
                    tests.add(DynamicTest.dynamicTest(name, () -> check(c.getValue(), Activation.of(kind), loss)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void swishWithNonDefaultBetaAndEluAlpha() {
        for (Activation a : List.of(Activation.swish(1.7), Activation.elu(0.5), Activation.leakyRelu(0.2))) {
            check(CASES.get(Dense.class), a, Loss.MSE);
        }
    }

    @Test
    void rejectsFloat32Networks() {
        RandomGenerator r = Network.random(1);
        Network net = Network.of(List.of(Dense.of(2, 2, Activation.tanh(), Initializer.heNormal(), Precision.FLOAT32, r)));
        var e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(net, Loss.MSE,
                Tensor.zeros(Precision.FLOAT32, 1, 2), Tensor.zeros(Precision.FLOAT64, 1, 2)));
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
    }

    @Test
    void detectsAWrongGradient() {
        // A check that cannot fail proves nothing: corrupt the loss gradient via a mismatched target scale.
        RandomGenerator r = Network.random(3);
        Network net = Network.of(CASES.get(Dense.class).apply(Activation.tanh(), r));
        Tensor x = gaussian(BATCH, IN, r);
        Tensor t = gaussian(BATCH, OUT, r);
        GradientCheckResult ok = GradientCheck.of(net, Loss.MSE, x, t);
        assertTrue(ok.passed(), ok.toString());
        // Compare MSE gradients against BCE values: must fail.
        Tensor pred = net.forward(x, true);
        Tensor g = Tensor.zeros(P, BATCH, OUT);
        Loss.MSE.forwardBackward(pred, t, g);
        net.backward(g);
        assertTrue(GradientCheck.relativeError(net.parameters().get(0).grad().get(0),
                net.parameters().get(0).grad().get(0) * 1.01, 1e-4) > 1e-3);
    }

    @Test
    void samplesLargeParameters() {
        RandomGenerator r = Network.random(5);
        Network net = Network.of(List.of(Dense.of(40, 30, Activation.tanh(), Initializer.xavierNormal(), P, r)));
        GradientCheckResult res = GradientCheck.of(net, Loss.MSE, gaussian(2, 40, r), gaussian(2, 30, r),
                GradientCheck.Options.defaults().withMaxElementsPerTensor(50));
        assertTrue(res.passed(), res.toString());
        assertEquals(50 + 30 + 50, res.checkedElements());
    }

    @Test
    void skipsElementsWhoseStencilCrossesAKinkAndComparesTheRest() {
        // One relu unit with pre-activation h = w x + b = 1e-5, well inside the stencil reach 2e-4 of the kink:
        // moving b or x by 2e-4 flips the unit, moving w (by 2e-4 * x = 2e-9) does not.
        RandomGenerator r = Network.random(3);
        Dense hidden = Dense.of(1, 1, Activation.relu(), Initializer.constant(1.0), Initializer.constant(0.0), P, r);
        Dense out = Dense.of(1, 1, Activation.identity(), Initializer.constant(2.0), Initializer.constant(0.5), P, r);
        Network net = Network.of(List.of(hidden, out));
        GradientCheckResult res = GradientCheck.of(net, Loss.MSE, Tensor.of(1, 1, 1e-5), Tensor.of(1, 1, 3.0));
        assertEquals(2, res.skippedAtKinks(), res.toString()); // the hidden bias and the input
        assertEquals(3, res.checkedElements(), res.toString()); // the hidden weight, the output weight and bias
        assertTrue(res.passed(), res.toString());
    }

    @Test
    void catchesAUnitThatCrossesItsKinkAndBackInsideTheStencil() {
        // A relu unit g(x) = sum of three narrow tanh bumps - 0.5 of the input x = 0: negative at x = 0 and at every
        // outer stencil point, but positive at the inner point +e of each step tried (bumps at 1e-4, 2.5e-5 and
        // 6.25e-6, for e = 1e-4, 1e-4 / 4, 1e-4 / 16). Comparing only the two outer points would see no kink and
        // report a finite difference 1e4 times the (zero) derivative.
        RandomGenerator r = Network.random(3);
        Dense bumps = Dense.of(1, 6, Activation.tanh(), Initializer.constant(0.0), Initializer.constant(0.0), P, r);
        double[] centre = {1e-4, 2.5e-5, 6.25e-6}, halfWidth = {2e-5, 5e-6, 1e-6};
        for (int b = 0; b < 3; b++) {
            double k = 20 / halfWidth[b];
            bumps.weight().set(2 * b, k);
            bumps.weight().set(2 * b + 1, k);
            bumps.bias().set(2 * b, k * (halfWidth[b] - centre[b]));
            bumps.bias().set(2 * b + 1, -k * (halfWidth[b] + centre[b]));
        }
        Dense unit = Dense.of(6, 1, Activation.relu(), Initializer.constant(1.0), Initializer.constant(-0.5), P, r);
        for (int j = 1; j < 6; j += 2) unit.weight().set(j, -1.0);
        Dense out = Dense.of(1, 1, Activation.identity(), Initializer.constant(2.0), Initializer.constant(0.5), P, r);
        Network net = Network.of(List.of(bumps, unit, out));
        GradientCheckResult res = GradientCheck.of(net, Loss.MSE, Tensor.of(1, 1, 0.0), Tensor.of(1, 1, 3.0));
        assertTrue(res.passed(), res.toString());
        assertTrue(res.skippedAtKinks() >= 1, res.toString()); // the input
    }

    @Test
    void refinesTheStepWhereTruncationErrorDominatesAndStillPassesNothingWrong() {
        // tanh(1000 x) at x = 1e-3: a step of 1e-4 in x moves the pre-activation by 0.1, where tanh's fifth
        // derivative makes the fourth-order stencil's truncation error ~1e-4 relative; at 1e-4 / 16 it is ~1e-9.
        RandomGenerator r = Network.random(3);
        Dense hidden = Dense.of(1, 1, Activation.tanh(), Initializer.constant(1000.0), Initializer.constant(0.0), P, r);
        Dense out = Dense.of(1, 1, Activation.identity(), Initializer.constant(2.0), Initializer.constant(0.5), P, r);
        Network net = Network.of(List.of(hidden, out));
        Tensor x = Tensor.of(1, 1, 1e-3);
        Tensor y = Tensor.of(1, 1, 3.0);
        GradientCheckResult unrefinedStepOnly = GradientCheck.of(net, Loss.MSE, x, y,
                GradientCheck.Options.defaults().withEpsilon(1e-4 / 16));
        assertTrue(unrefinedStepOnly.passed() && unrefinedStepOnly.refinedSteps() == 0, unrefinedStepOnly.toString());
        GradientCheckResult res = GradientCheck.of(net, Loss.MSE, x, y);
        assertTrue(res.passed(), res.toString());
        assertTrue(res.refinedSteps() >= 1, res.toString()); // the input and the hidden weight needed a smaller step
        assertEquals(0, res.skippedAtKinks(), res.toString());
    }

    static void check(BiFunction<Activation, RandomGenerator, List<Layer>> factory, Activation act, Loss loss) {
        RandomGenerator r = Network.random(42);
        Network net = Network.of(factory.apply(act, r));
        // Move every parameter off its special initial value (gamma = 1, beta = 0, bias = 0 ...).
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.value().size(); i++) p.value().set(i, p.value().get(i) + 0.2 * r.nextGaussian());
        }
        Tensor target = target(loss, r);
        for (int attempt = 0; attempt < 100; attempt++) {
            Tensor x = gaussian(BATCH, IN, r);
            net.forward(x, true);
            if (!kinkFree(net.layers())) continue;
            GradientCheckResult res = GradientCheck.of(net, loss, x, target);
            assertTrue(res.passed(), res.toString());
            assertTrue(res.checkedElements() > net.parameterCount(), "checks parameters and input");
            return;
        }
        fail("no kink-free input found");
    }

    /** Every pre-activation at least KINK_MARGIN from 0, so finite differences never straddle a kink. */
    static boolean kinkFree(List<Layer> layers) {
        for (Layer l : layers) {
            switch (l) {
                case Dense d -> { if (!away(d.preActivation())) return false; }
                case ActivationLayer a -> { if (a.preActivation() == null || !away(a.preActivation())) return false; }
                case Residual res -> { if (!kinkFree(res.branch())) return false; }
                case ConcatSkip c -> { if (!kinkFree(c.branch())) return false; }
                case BatchNorm b -> { }
                case LayerNorm n -> { }
                case Recurrent rec -> {
                    if (rec.cell() == CellKind.RNN_RELU && !awayOrZero(rec.hiddenStates())) return false;
                }
            }
        }
        return true;
    }

    /** A relu RNN stores h = max(a, 0): a unit near its kink shows as a small positive h. */
    private static boolean awayOrZero(Tensor h) {
        for (int i = 0; i < h.size(); i++) if (h.get(i) != 0 && Math.abs(h.get(i)) < KINK_MARGIN) return false;
        return true;
    }

    private static boolean away(Tensor h) {
        for (int i = 0; i < h.size(); i++) if (Math.abs(h.get(i)) < KINK_MARGIN) return false;
        return true;
    }

    static Tensor gaussian(int rows, int cols, RandomGenerator r) {
        Tensor t = Tensor.zeros(P, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, r.nextGaussian());
        return t;
    }

    static Tensor target(Loss loss, RandomGenerator r) {
        Tensor t = Tensor.zeros(P, BATCH, OUT);
        switch (loss) {
            case MSE -> { for (int i = 0; i < t.size(); i++) t.set(i, r.nextGaussian()); }
            case BINARY_CROSS_ENTROPY -> { for (int i = 0; i < t.size(); i++) t.set(i, r.nextBoolean() ? 1 : 0); }
            case SOFTMAX_CROSS_ENTROPY -> { for (int b = 0; b < BATCH; b++) t.set(b, r.nextInt(OUT), 1); }
        }
        return t;
    }
}
