package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The autoencoder's gradients against centred finite differences of its loss, tied and untied. */
class DenseAutoencoderTest {

    private static Tensor random(int rows, int cols, RandomGenerator rng) {
        Tensor t = Tensor.zeros(Precision.FLOAT64, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.nextGaussian());
        return t;
    }

    @ParameterizedTest(name = "{0}, tied {1}, bias {2}")
    @CsvSource({"sigmoid, true, true", "sigmoid, false, true", "tanh, true, false", "prelu, false, true",
            "identity, true, true", "softplus, false, false"})
    void gradientsMatchFiniteDifferences(String activation, boolean tied, boolean bias) {
        RandomGenerator rng = Network.random(11);
        Dense dense = Dense.of(5, 3, Activation.parse(activation).orElseThrow(), Initializer.xavierNormal(),
                bias ? Initializer.normal(0.3) : null, Precision.FLOAT64, rng);
        DenseAutoencoder ae = DenseAutoencoder.of(dense, tied, rng);
        // A nonzero decoder bias, so its gradient is checked away from the origin.
        Tensor decoderBias = ae.parameters().get(ae.parameters().size() - 1).value();
        for (int i = 0; i < decoderBias.size(); i++) decoderBias.set(i, 0.1 * (i - 2));
        Tensor clean = random(4, 5, rng);
        Tensor corrupted = clean.copy();
        corrupted.set(0, 1, 0);
        corrupted.set(2, 4, 0);

        ae.forwardBackward(corrupted, clean);
        double eps = 1e-6;
        int checked = 0;
        for (Parameter p : ae.parameters()) {
            Tensor grad = p.grad().copy();
            for (int i = 0; i < p.value().size(); i++) {
                double v = p.value().get(i);
                p.value().set(i, v + eps);
                double up = ae.loss(corrupted, clean);
                p.value().set(i, v - eps);
                double down = ae.loss(corrupted, clean);
                p.value().set(i, v);
                double numeric = (up - down) / (2 * eps);
                double error = Math.abs(numeric - grad.get(i)) / Math.max(1e-4, Math.abs(numeric) + Math.abs(grad.get(i)));
                assertTrue(error < 1e-6, p.name() + "[" + i + "]: analytic " + grad.get(i) + " numeric " + numeric);
                checked++;
            }
        }
        int expected = 15 + (bias ? 3 : 0) + (activation.equals("prelu") ? 3 : 0) + (tied ? 0 : 15) + 5;
        assertEquals(expected, checked);
    }

    @ParameterizedTest(name = "tied {0}")
    @CsvSource({"true", "false"})
    void reconstructionIsTheAffineDecodingOfTheCode(boolean tied) {
        RandomGenerator rng = Network.random(5);
        Dense dense = Dense.of(3, 2, Activation.sigmoid(), Initializer.xavierNormal(), Precision.FLOAT64, rng);
        DenseAutoencoder ae = DenseAutoencoder.of(dense, tied, rng);
        Tensor x = random(2, 3, rng);
        Tensor r = ae.forward(x).copy();
        Tensor w = dense.weight();
        Tensor v = tied ? null : ae.parameters().get(2).value();
        for (int b = 0; b < 2; b++) {
            double[] c = new double[2];
            for (int j = 0; j < 2; j++) {
                double h = 0;
                for (int i = 0; i < 3; i++) h += x.get(b, i) * w.get(j, i);
                c[j] = 1 / (1 + Math.exp(-h));
            }
            for (int i = 0; i < 3; i++) {
                double expected = 0;
                for (int j = 0; j < 2; j++) expected += c[j] * (tied ? w.get(j, i) : v.get(i, j));
                assertEquals(expected, r.get(b, i), 1e-12);
            }
        }
    }
}
