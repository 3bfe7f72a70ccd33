package io.gradforge.core.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.testing.Allocations;

import io.gradforge.core.nn.Parameter;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** After its first call, a training step (clip, schedule, optimizer step, measured or not) allocates nothing. */
@Tag("allocation") // own JVM: see core/pom.xml
class OptimizerAllocationTest {

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void stepAllocatesNothingAfterTheFirstCall(OptimizerKind kind) {
        OptimizerConfig config = switch (kind) {
            case SGD -> OptimizerConfig.sgd();
            case MOMENTUM -> OptimizerConfig.momentum(0.9);
            case NESTEROV -> OptimizerConfig.nesterov(0.9);
            case ADAM -> OptimizerConfig.adam();
            case ADAMW -> OptimizerConfig.adamW(0.01);
            case RMSPROP -> OptimizerConfig.rmsProp();
        };
        config = config.withWeightDecay(0.01);
        List<Parameter> params = List.of(
                param(Precision.FLOAT64, 8, 4), param(Precision.FLOAT64, 1, 4), param(Precision.FLOAT32, 4, 3));
        Optimizer opt = config.create();
        Clipping clipping = Clipping.byGlobalNorm(0.5);
        Schedule schedule = Schedule.warmup(10, Schedule.cosine(0.1));
        double[] norms = new double[params.size()];
        long[] step = {0};
        long perStep = Allocations.steadyStateBytesPerCall(
                () -> trainingStep(opt, clipping, schedule, params, norms, step[0]++), 2_000, 500);
        assertTrue(perStep < 256, kind + " allocated " + perStep + " bytes per step");
    }

    private static void trainingStep(Optimizer opt, Clipping clipping, Schedule schedule, List<Parameter> params,
            double[] norms, long step) {
        clipping.apply(params);
        double lr = schedule.learningRate(0.01, step, 1000);
        if (step % 3 == 0) { // a probe's cadence: measured now and then
            opt.measuredStep(params, lr);
            opt.copyUpdateSquaredNorms(norms);
        } else {
            opt.step(params, lr);
        }
    }

    private static Parameter param(Precision precision, int rows, int cols) {
        Tensor value = Tensor.zeros(precision, rows, cols);
        Tensor grad = Tensor.zeros(precision, rows, cols);
        for (int i = 0; i < value.size(); i++) {
            value.set(i, 0.1 * (i % 7) - 0.3);
            grad.set(i, 0.05 * (i % 5) - 0.1);
        }
        return new Parameter("p" + rows + "x" + cols, value, grad);
    }
}
