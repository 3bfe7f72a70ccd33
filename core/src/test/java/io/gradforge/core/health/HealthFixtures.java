package io.gradforge.core.health;

import io.gradforge.core.nn.Network;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.random.RandomGenerator;

/** Shared helpers: seeded Gaussian batches. */
final class HealthFixtures {

    private HealthFixtures() {
    }

    /** A [rows x cols] float64 tensor of standard Gaussians. */
    static Tensor gaussian(int rows, int cols, long seed) {
        RandomGenerator rng = Network.random(seed);
        Tensor t = Tensor.zeros(Precision.FLOAT64, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.nextGaussian());
        return t;
    }
}
