package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RecurrentTest {
    private static final Precision P = Precision.FLOAT64;

    @Test
    void parametersAreNamedAndShapedAsPyTorchs() {
        RandomGenerator r = Network.random(1);
        Network net = Network.of(List.of(Recurrent.of(CellKind.LSTM, 12, 3, 5, false, P, r),
                Recurrent.of(CellKind.GRU, 5, 5, 2, true, P, r)));
        assertEquals(java.util.Map.of(
                "layers.0.weight_ih", "[20, 3]", "layers.0.weight_hh", "[20, 5]",
                "layers.0.bias_ih", "[1, 20]", "layers.0.bias_hh", "[1, 20]",
                "layers.1.weight_ih", "[6, 5]", "layers.1.weight_hh", "[6, 2]",
                "layers.1.bias_ih", "[1, 6]", "layers.1.bias_hh", "[1, 6]"), net.parameterShapes());
        assertEquals(12, net.inputSize());
        assertEquals(2, net.outputSize());
    }

    @Test
    void sequenceOutputIsBatchMajorAndItsLastStepIsTheLastStepOutput() {
        RandomGenerator r = Network.random(2);
        Recurrent seq = Recurrent.of(CellKind.GRU, 4 * 3, 3, 5, true, P, r);
        Recurrent last = Recurrent.of(CellKind.GRU, 4 * 3, 3, 5, false, P, Network.random(2));
        assertEquals(20, seq.outputSize());
        assertEquals(5, last.outputSize());
        Tensor x = Tensor.zeros(P, 2, 12);
        for (int i = 0; i < x.size(); i++) x.set(i, Math.sin(i));
        Tensor s = seq.forward(x, false);
        Tensor l = last.forward(x, false);
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 5; j++) assertEquals(l.get(b, j), s.get(b, 3 * 5 + j), 0.0);
        }
    }

    /** One tanh RNN step worked by hand: h_1 = tanh(W_ih x_1 + b_ih + b_hh), h_2 = tanh(W_ih x_2 + ... + W_hh h_1). */
    @Test
    void tanhRnnMatchesItsDefinitionWorkedByHand() {
        Recurrent rnn = Recurrent.of(CellKind.RNN_TANH, 2, 1, 1, true, P, Network.random(3));
        rnn.weightIh().set(0, 0.5);
        rnn.weightHh().set(0, -0.7);
        rnn.biasIh().set(0, 0.1);
        rnn.biasHh().set(0, 0.2);
        Tensor out = rnn.forward(Tensor.of(1, 2, 1.0, -2.0), false);
        double h1 = Math.tanh(0.5 + 0.3);
        double h2 = Math.tanh(-1.0 + 0.3 - 0.7 * h1);
        assertArrayEquals(new double[] {h1, h2}, out.f64(), 1e-15);
    }

    @Test
    void recurrentWeightsAreOrthogonalPerGateAndTheForgetBiasIsSet() {
        int h = 6;
        Recurrent lstm = Recurrent.of(CellKind.LSTM, 8, 2, h, false, Initializer.xavierUniform(),
                Initializer.orthogonal(), 1.5, P, Network.random(4));
        Tensor w = lstm.weightHh();
        for (int g = 0; g < 4; g++) {
            for (int a = 0; a < h; a++) {
                for (int b = 0; b < h; b++) {
                    double dot = 0;
                    for (int k = 0; k < h; k++) dot += w.get(g * h + a, k) * w.get(g * h + b, k);
                    assertEquals(a == b ? 1 : 0, dot, 1e-12, "gate " + g);
                }
            }
        }
        for (int j = 0; j < 4 * h; j++) {
            assertEquals(j >= h && j < 2 * h ? 1.5 : 0, lstm.biasIh().get(j), "bias_ih[" + j + "]");
            assertEquals(0, lstm.biasHh().get(j), "bias_hh[" + j + "]");
        }
        Recurrent irnn = Recurrent.of(CellKind.RNN_RELU, 4, 2, 3, true, Initializer.xavierUniform(),
                Initializer.identity(1), 1.0, P, Network.random(4));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, irnn.weightHh().f64());
    }

    @Test
    void rejectsAWidthThatIsNoWholeNumberOfSteps() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.of(CellKind.GRU, 10, 3, 4, true, P, Network.random(1)));
        assertEquals("a recurrent layer's input width must be a whole number of steps of 3 features but was 10.",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.of(CellKind.GRU, 9, 3, 0, true, P, Network.random(1)));
        assertTrue(e.getMessage().contains("recurrent units must be positive but was 0"), e.getMessage());
    }

    /** The hidden-state gradients recorded by backward are dL/dh_t: the last one is the output gradient itself. */
    @Test
    void recordsHiddenStateGradients() {
        RandomGenerator r = Network.random(5);
        Recurrent lstm = Recurrent.of(CellKind.LSTM, 15, 3, 4, false, P, r);
        Tensor x = Tensor.zeros(P, 2, 15);
        for (int i = 0; i < x.size(); i++) x.set(i, r.nextGaussian());
        lstm.forward(x, true);
        Tensor g = Tensor.zeros(P, 2, 4);
        for (int i = 0; i < g.size(); i++) g.set(i, r.nextGaussian());
        lstm.backward(g);
        Tensor dhs = lstm.hiddenStateGrads();
        assertEquals(5 * 2, dhs.rows());
        for (int i = 0; i < 8; i++) assertEquals(g.get(i), dhs.get(4 * 8 + i), 0.0);
        assertTrue(dhs.get(0) != 0, "earlier steps receive gradient");
    }

    /**
     * A float32 layer runs its gates in float32 arithmetic: given the float64 layer's weights (rounded), its output
     * and every gradient agree with the float64 layer's to float32 accuracy (1e-5 of the largest element), over
     * 40 steps of 19 units (vectors and a masked remainder), returning the whole sequence.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(CellKind.class)
    void float32AgreesWithFloat64(CellKind cell) {
        int steps = 40, features = 3, hidden = 19, batch = 5;
        Recurrent f64 = Recurrent.of(cell, steps * features, features, hidden, true, P, Network.random(6));
        Recurrent f32 = Recurrent.of(cell, steps * features, features, hidden, true, Precision.FLOAT32, Network.random(6));
        Network n64 = Network.of(List.of(f64)), n32 = Network.of(List.of(f32));
        for (int p = 0; p < n64.parameters().size(); p++) {
            Tensor v64 = n64.parameters().get(p).value(), v32 = n32.parameters().get(p).value();
            for (int i = 0; i < v64.size(); i++) {
                v64.set(i, (float) v64.get(i));
                v32.set(i, v64.get(i));
            }
        }
        RandomGenerator r = Network.random(7);
        Tensor x64 = Tensor.zeros(P, batch, steps * features), g64 = Tensor.zeros(P, batch, steps * hidden);
        for (int i = 0; i < x64.size(); i++) x64.set(i, (float) r.nextGaussian());
        for (int i = 0; i < g64.size(); i++) g64.set(i, (float) r.nextGaussian());
        Tensor x32 = Tensor.zeros(Precision.FLOAT32, batch, steps * features);
        Tensor g32 = Tensor.zeros(Precision.FLOAT32, batch, steps * hidden);
        x32.copyFrom(x64);
        g32.copyFrom(g64);
        assertClose("output", n64.forward(x64, true), n32.forward(x32, true));
        assertClose("input gradient", n64.backward(g64), n32.backward(g32));
        for (int p = 0; p < n64.parameters().size(); p++) {
            assertClose(n64.parameters().get(p).name(), n64.parameters().get(p).grad(), n32.parameters().get(p).grad());
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) scale = Math.max(scale, Math.abs(expected.get(i)));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-5 * scale, what + " element " + i);
        }
    }
}
