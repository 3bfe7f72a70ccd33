package io.gradforge.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class LossTest {

    @Test
    void mseByHand() {
        Tensor p = Tensor.of(2, 2, 1, 2, 3, 4);
        Tensor t = Tensor.of(2, 2, 0, 2, 5, 4);
        Tensor g = Tensor.zeros(Precision.FLOAT64, 2, 2);
        // (1 + 0 + 4 + 0) / 4
        assertEquals(1.25, Loss.MSE.forwardBackward(p, t, g), 1e-15);
        assertEquals(1.25, Loss.MSE.value(p, t), 1e-15);
        assertEquals(0.5, g.get(0), 1e-15);   // 2 * 1 / 4
        assertEquals(-1.0, g.get(2), 1e-15);  // 2 * -2 / 4
    }

    @Test
    void bceByHand() {
        Tensor z = Tensor.of(1, 2, 0, 2);
        Tensor t = Tensor.of(1, 2, 1, 0);
        // mean of ln 2 and ln(1 + e^2)
        double expected = (Math.log(2) + Math.log1p(Math.exp(2))) / 2;
        Tensor g = Tensor.zeros(Precision.FLOAT64, 1, 2);
        assertEquals(expected, Loss.BINARY_CROSS_ENTROPY.forwardBackward(z, t, g), 1e-15);
        assertEquals((0.5 - 1) / 2, g.get(0), 1e-15);
        assertEquals(1 / (1 + Math.exp(-2)) / 2, g.get(1), 1e-15);
    }

    @Test
    void softmaxCrossEntropyByHand() {
        Tensor z = Tensor.of(2, 3, 1, 2, 3, 0, 0, 0);
        Tensor t = Tensor.of(2, 3, 0, 0, 1, 1, 0, 0);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double expected = ((lse - 3) + Math.log(3)) / 2;
        Tensor g = Tensor.zeros(Precision.FLOAT64, 2, 3);
        assertEquals(expected, Loss.SOFTMAX_CROSS_ENTROPY.forwardBackward(z, t, g), 1e-15);
        assertEquals((Math.exp(3 - lse) - 1) / 2, g.get(0, 2), 1e-15);
        assertEquals((1.0 / 3 - 1) / 2, g.get(1, 0), 1e-15);
    }

    @Test
    void stableForHugeLogits() {
        Tensor z = Tensor.of(2, 2, 1000, -1000, -1000, 1000);
        Tensor t = Tensor.of(2, 2, 0, 1, 1, 0);
        for (Loss loss : new Loss[] {Loss.BINARY_CROSS_ENTROPY, Loss.SOFTMAX_CROSS_ENTROPY}) {
            Tensor g = Tensor.zeros(Precision.FLOAT64, 2, 2);
            double v = loss.forwardBackward(z, t, g);
            assertTrue(Double.isFinite(v), loss + " " + v);
            for (int i = 0; i < 4; i++) assertTrue(Double.isFinite(g.get(i)), loss + " grad " + i);
        }
        assertEquals(1000, Loss.BINARY_CROSS_ENTROPY.value(z, t), 1e-9);
        assertEquals(2000, Loss.SOFTMAX_CROSS_ENTROPY.value(z, t), 1e-9);
        Tensor right = Tensor.of(2, 2, 1000, -1000, -1000, 1000);
        assertEquals(0, Loss.SOFTMAX_CROSS_ENTROPY.value(right, Tensor.of(2, 2, 1, 0, 0, 1)), 0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(5);
        for (Loss loss : Loss.values()) {
            Tensor p = Tensor.zeros(Precision.FLOAT64, 3, 4);
            Tensor t = Tensor.zeros(Precision.FLOAT64, 3, 4);
            for (int i = 0; i < p.size(); i++) {
                p.set(i, 2 * r.nextGaussian());
                t.set(i, r.nextDouble()); // soft targets exercise the general formulas
            }
            Tensor g = Tensor.zeros(Precision.FLOAT64, 3, 4);
            loss.forwardBackward(p, t, g);
            double h = 1e-5;
            for (int i = 0; i < p.size(); i++) {
                double old = p.get(i);
                p.set(i, old + h);
                double plus = loss.value(p, t);
                p.set(i, old - h);
                double minus = loss.value(p, t);
                p.set(i, old);
                assertEquals((plus - minus) / (2 * h), g.get(i), 1e-9, loss + " element " + i);
            }
        }
    }

    @Test
    void float32Predictions() {
        Tensor p = Tensor.of(Precision.FLOAT32, 1, 2, 0.5, -0.5);
        Tensor t = Tensor.of(1, 2, 1, 0);
        Tensor g = Tensor.zeros(Precision.FLOAT32, 1, 2);
        double v = Loss.SOFTMAX_CROSS_ENTROPY.forwardBackward(p, t, g);
        assertEquals(Math.log1p(Math.exp(-1)), v, 1e-7);
    }

    @Test
    void accuracy() {
        Tensor z = Tensor.of(2, 3, 1, 2, 3, 5, 0, 0);
        assertEquals(0.5, Loss.SOFTMAX_CROSS_ENTROPY.accuracy(z, Tensor.of(2, 3, 0, 0, 1, 0, 1, 0)), 0);
        assertEquals(0.75, Loss.BINARY_CROSS_ENTROPY.accuracy(Tensor.of(2, 2, 1, -1, 2, -3),
                Tensor.of(2, 2, 1, 0, 0, 0)), 0);
        assertTrue(Double.isNaN(Loss.MSE.accuracy(z, z)));
    }

    @Test
    void namesAndShapes() {
        for (Loss l : Loss.values()) assertEquals(Optional.of(l), Loss.parse(l.yamlName()));
        assertEquals("binary_cross_entropy", Loss.BINARY_CROSS_ENTROPY.yamlName());
        assertEquals(Optional.of(Loss.SOFTMAX_CROSS_ENTROPY), Loss.parse("cross_entropy"));
        assertEquals(Optional.empty(), Loss.parse("hinge"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Loss.MSE.value(Tensor.zeros(Precision.FLOAT64, 2, 3), Tensor.zeros(Precision.FLOAT64, 3, 2)));
        assertTrue(e.getMessage().contains("but was 3x2"), e.getMessage());
    }
}
