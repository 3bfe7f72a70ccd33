package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Pascanu et al. 2013's bound for a tanh RNN: dL/dh_k = (J_T ... J_{k+1})^T dL/dh_T with J_j = diag(1 - h_j^2)
 * W_hh and |tanh'| &lt;= 1 (gamma = 1), so ||dL/dh_k|| &lt;= sigma_max(W_hh)^(T-k) ||dL/dh_T||. With W_hh = 0.9 Q
 * (Q orthogonal, every singular value 0.9) the measured gradients of every sequence never exceed 0.9^(T-k) times
 * the first factor, and with small inputs (tanh' near 1) they come close to it, so the check is not vacuous.
 */
class RecurrentGradientBoundTest {

    @Test
    void tanhRnnGradientsThroughTimeStayUnderTheSigmaMaxBound() {
        int steps = 40, hidden = 16, features = 3, batch = 8;
        double sigma = 0.9;
        RandomGenerator r = Network.random(17);
        Recurrent rnn = Recurrent.of(CellKind.RNN_TANH, steps * features, features, hidden, false,
                Initializer.xavierUniform(), Initializer.orthogonal(sigma), 1.0, Precision.FLOAT64, r);
        Network net = Network.of(List.of(rnn));
        for (double inputScale : new double[] {1.0, 1e-3}) {
            Tensor x = Tensor.zeros(Precision.FLOAT64, batch, steps * features);
            for (int i = 0; i < x.size(); i++) x.set(i, inputScale * r.nextGaussian());
            net.forward(x, true);
            Tensor g = Tensor.zeros(Precision.FLOAT64, batch, hidden);
            for (int i = 0; i < g.size(); i++) g.set(i, r.nextGaussian());
            net.backward(g);
            Tensor dhs = rnn.hiddenStateGrads(); // row block t-1 holds dL/dh_t
            double closest = 0;
            for (int b = 0; b < batch; b++) {
                double last = norm(dhs, (steps - 1) * batch + b, hidden);
                for (int k = 1; k <= steps; k++) {
                    double measured = norm(dhs, (k - 1) * batch + b, hidden);
                    double bound = Math.pow(sigma, steps - k) * last;
                    assertTrue(measured <= bound * (1 + 1e-12), "sequence " + b + ", step " + k + ": " + measured
                            + " > bound " + bound);
                    closest = Math.max(closest, measured / bound);
                }
            }
            // a bias may saturate units (tanh' < 1) but small inputs keep most of the bound's factor each step
            if (inputScale < 1) assertTrue(closest > 0.5, "the bound is far from tight: " + closest);
        }
    }

    private static double norm(Tensor t, int row, int cols) {
        double s = 0;
        for (int j = 0; j < cols; j++) s += t.get(row, j) * t.get(row, j);
        return Math.sqrt(s);
    }
}
