package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void knownValues() {
        assertEquals(1.0507009873554805, Activation.selu().value(1), 0);
        assertEquals(-1.1113307378125628, Activation.selu().value(-1), 1e-15);
        assertEquals(0.8413447460685429, Activation.gelu().value(1), 1e-15);
        assertEquals(-0.15865525393145707, Activation.gelu().value(-1), 1e-15);
        assertEquals(Math.log(2), Activation.softplus().value(0), 1e-15);
        assertEquals(1000, Activation.softplus().value(1000), 0);
        assertEquals(0, Activation.softplus().value(-1000), 1e-300);
        assertEquals(0.7310585786300049, Activation.swish().value(1), 1e-15);
        assertEquals(0.7310585786300049, Activation.silu().value(1), 1e-15);
        assertEquals(2 / (1 + Math.exp(-4)), Activation.swish(2).value(2), 1e-15);
        assertEquals(Math.expm1(-1), Activation.elu().value(-1), 1e-15);
        assertEquals(0.5 * Math.expm1(-2), Activation.elu(0.5).value(-2), 1e-15);
        assertEquals(-0.02, Activation.leakyRelu().value(-2), 1e-15);
        assertEquals(-0.5, Activation.prelu().value(-2), 1e-15);
        assertEquals(0, Activation.relu().value(-3), 0);
        assertEquals(3, Activation.relu().value(3), 0);
        assertEquals(0.5, Activation.sigmoid().value(0), 0);
        assertEquals(1, Activation.sigmoid().value(1000), 0);
        assertEquals(0, Activation.sigmoid().value(-1000), 1e-300);
        assertEquals(Math.tanh(0.3), Activation.tanh().value(0.3), 0);
        assertEquals(-4.5, Activation.identity().value(-4.5), 0);
        assertEquals(1.6732632423543772, Activation.SELU_ALPHA, 0);
        assertEquals(1.0507009873554805, Activation.SELU_LAMBDA, 0);
    }

    @Test
    void erfMatchesReferenceValues() {
        assertEquals(0, Erf.erf(0), 0);
        assertEquals(0.1124629160182849, Erf.erf(0.1), 1e-15);
        assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Erf.erf(1), 1e-15);
        assertEquals(-0.8427007929497149, Erf.erf(-1), 1e-15);
        assertEquals(0.9953222650189527, Erf.erf(2), 1e-15);
        assertEquals(0.9999779095030014, Erf.erf(3), 1e-15);
        assertEquals(2.209049699858544e-05, Erf.erfc(3), 1e-20);
        assertEquals(1.5374597944280349e-12, Erf.erfc(5), 1e-25);
        assertEquals(1, Erf.erf(10), 0);
        assertEquals(2, Erf.erfc(-10), 0);
        // continuity at the series / continued-fraction switch
        assertEquals(Erf.erf(Math.nextDown(3.0)), Erf.erf(3.0), 1e-15);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        double h = 1e-6;
        for (ActivationKind kind : ActivationKind.values()) {
            Activation a = Activation.of(kind);
            for (double x = -4.05; x < 4; x += 0.1) {
                double fd = (a.value(x + h) - a.value(x - h)) / (2 * h);
                assertEquals(fd, a.derivative(x), 1e-8 * Math.max(1, Math.abs(fd)), kind + " at " + x);
            }
        }
        for (Activation a : new Activation[] {Activation.swish(1.7), Activation.elu(0.3), Activation.leakyRelu(0.2)}) {
            for (double x = -4.05; x < 4; x += 0.1) {
                double fd = (a.value(x + h) - a.value(x - h)) / (2 * h);
                assertEquals(fd, a.derivative(x), 1e-8 * Math.max(1, Math.abs(fd)), a + " at " + x);
            }
        }
    }

    @Test
    void namesRoundTrip() {
        for (ActivationKind kind : ActivationKind.values()) {
            assertEquals(Optional.of(kind), ActivationKind.parse(kind.yamlName()));
            assertTrue(ActivationKind.names().contains(kind.yamlName()));
            assertEquals(Optional.of(Activation.of(kind)), Activation.parse(kind.yamlName()));
        }
        assertEquals("leaky_relu", Activation.leakyRelu(0.1).yamlName());
        assertEquals(Optional.of(Activation.swish(1)), Activation.parse("silu"));
        assertEquals(Optional.of(ActivationKind.GELU), ActivationKind.parse(" GELU "));
        assertEquals(Optional.empty(), ActivationKind.parse("mish"));
        assertTrue(ActivationKind.names().contains("silu"));
    }

    @Test
    void rejectsBadParameters() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-0.1));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.elu(-2));
        assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.swish(0));
        assertTrue(e.getMessage().contains("but was 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Activation(ActivationKind.RELU, 0.5));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.prelu(Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new Activation(null, 0));
    }
}
