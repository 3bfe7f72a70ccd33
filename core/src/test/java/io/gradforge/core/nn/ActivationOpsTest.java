package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The buffer passes of elu, selu and swish (the kernels, with their own deterministic exp) agree with the
 * {@code Math}-based scalar definitions {@link Activation#value} and {@link Activation#derivative}: float64 to
 * 1e-15 of max(1, |value|) (derivatives 5e-15: Activation's swish derivative takes 1 - s by subtraction, off by up
 * to about |beta x| ulps of 1 where s is near 1; the kernel's takes it from the exp), float32 to 2.5e-7 (about
 * two float ulps of 1) of max(1, |value|). Bit for bit agreement of the kernels among themselves is
 * {@code PointwiseMathTest}'s.
 */
class ActivationOpsTest {
    private static final List<Activation> KERNELS = List.of(Activation.elu(), Activation.elu(0.5), Activation.selu(),
            Activation.swish(), Activation.swish(2.5));

    private static double input(int i, int n) {
        return -20 + 40.0 * i / (n - 1) + (i % 7 == 0 ? 1e-9 : 0);
    }

    @Test
    void buffersAgreeWithTheScalarDefinitions() {
        int rows = 8, cols = 13, n = rows * cols;
        for (Activation act : KERNELS) {
            for (Precision p : Precision.values()) {
                Tensor h = Tensor.zeros(p, rows, cols), y = Tensor.zeros(p, rows, cols);
                Tensor gy = Tensor.zeros(p, rows, cols), gh = Tensor.zeros(p, rows, cols);
                for (int i = 0; i < n; i++) {
                    double x = input(i, n), g = 0.5 + 0.01 * i;
                    if (p == Precision.FLOAT64) {
                        h.f64()[i] = x;
                        gy.f64()[i] = g;
                    } else {
                        h.f32()[i] = (float) x;
                        gy.f32()[i] = (float) g;
                    }
                }
                ActivationOps.forward(act, null, h, y);
                ActivationOps.backward(act, null, null, h, y, gy, gh);
                for (int i = 0; i < n; i++) {
                    if (p == Precision.FLOAT64) {
                        double x = h.f64()[i];
                        double value = act.value(x), grad = gy.f64()[i] * act.derivative(x);
                        assertEquals(value, y.f64()[i], 1e-15 * Math.max(1, Math.abs(value)), act + " value at " + x);
                        assertEquals(grad, gh.f64()[i], 5e-15 * Math.max(1, Math.abs(grad)), act + " derivative at " + x);
                    } else {
                        float x = h.f32()[i];
                        double value = act.value(x), grad = gy.f32()[i] * act.derivative(x);
                        assertEquals(value, y.f32()[i], 2.5e-7 * Math.max(1, Math.abs(value)), act + " f32 value at " + x);
                        assertEquals(grad, gh.f32()[i], 2.5e-7 * Math.max(1, Math.abs(grad)),
                                act + " f32 derivative at " + x);
                    }
                }
            }
        }
    }

    /** exp(x) - 1 stands in for expm1: its absolute error stays at float64's rounding of values near 1. */
    @Test
    void eluNearZeroIsAccurateInAbsoluteTerms() {
        for (double x = -1e-3; x <= 0; x += 1e-6) {
            double err = Math.abs(Activation.elu().value(x) - Math.expm1(x));
            assertTrue(err <= 2.3e-16, "elu(" + x + ") off by " + err);
        }
        assertEquals(Math.expm1(-3.0), Activation.elu().value(-3.0), 1e-15);
        assertEquals(Activation.SELU_LAMBDA * Activation.SELU_ALPHA * Math.expm1(-1.5), Activation.selu().value(-1.5),
                1e-15);
    }
}
