package io.gradforge.bench;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.Initializer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.optim.Clipping;
import io.gradforge.core.optim.Optimizer;
import io.gradforge.core.optim.OptimizerConfig;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two pieces of a quickstart candidate's training step that are not matrix products or activations, each alone:
 * an Adam update of a depth x 64 dense network's parameters ({@code adamStep}, the trainer's step between probed
 * steps) and a layer norm's forward and backward on a 64 x 64 batch ({@code layerNorm}); and the whole step they are
 * part of ({@code candidateStep}: a two-spirals candidate of depth x 64 swish units, each dense layer followed by a
 * layer norm, batch 64, binary cross-entropy, the global gradient norm, Adam), as {@code Trainer} runs it between
 * probed steps, minus the batch copy.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar UpdateBenchmark -p precision=float64
 * }
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UpdateBenchmark {
    private static final int WIDTH = 64;
    private static final int BATCH = 64;

    @Param({"float32", "float64"})
    public String precision;

    /** Hidden dense layers of the network whose parameters Adam updates. */
    @Param({"8"})
    public int depth;

    private List<Parameter> params;
    private Optimizer adam;
    private LayerNorm norm;
    private Tensor x;
    private Tensor gy;
    private Network candidate;
    private List<Parameter> candidateParams;
    private Optimizer candidateAdam;
    private Tensor points;
    private Tensor labels;
    private Tensor lossGrad;

    @Setup
    public void setUp() {
        Precision p = TrainingStep.precision(precision);
        Network.Builder b = Network.builder(WIDTH, p, 1);
        for (int i = 0; i < depth; i++) b.dense(WIDTH, Activation.identity(), Initializer.xavierUniform());
        params = b.build().parameters();
        SplittableRandom rng = new SplittableRandom(2);
        for (Parameter q : params) {
            for (int i = 0; i < q.grad().size(); i++) q.grad().set(i, rng.nextDouble(-1e-2, 1e-2));
        }
        adam = OptimizerConfig.adam().create();
        norm = LayerNorm.of(WIDTH, p);
        x = Tensor.zeros(p, BATCH, WIDTH);
        gy = Tensor.zeros(p, BATCH, WIDTH);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble(-2, 2));
            gy.set(i, rng.nextDouble(-1, 1));
        }
        Network.Builder c = Network.builder(2, p, 3);
        for (int i = 0; i < depth; i++) {
            c.dense(WIDTH, Activation.identity(), Initializer.heNormal()).layerNorm().activation(Activation.swish());
        }
        candidate = c.dense(1, Activation.identity(), Initializer.xavierUniform()).build();
        candidateParams = candidate.parameters();
        candidateAdam = OptimizerConfig.adam().create();
        points = Tensor.zeros(p, BATCH, 2);
        labels = Tensor.zeros(p, BATCH, 1);
        lossGrad = Tensor.zeros(p, BATCH, 1);
        for (int i = 0; i < BATCH; i++) {
            points.set(i, 0, rng.nextDouble(-1, 1));
            points.set(i, 1, rng.nextDouble(-1, 1));
            labels.set(i, 0, rng.nextBoolean() ? 1 : 0);
        }
    }

    @Benchmark
    public Optimizer adamStep() {
        adam.step(params, 1e-3);
        return adam;
    }

    @Benchmark
    public double candidateStep() {
        Tensor prediction = candidate.forward(points, true);
        double loss = Loss.BINARY_CROSS_ENTROPY.forwardBackward(prediction, labels, lossGrad);
        candidate.backwardParameters(lossGrad);
        double norm = Clipping.none().apply(candidateParams);
        candidateAdam.step(candidateParams, 1e-3);
        return loss + norm;
    }

    @Benchmark
    public Tensor layerNorm() {
        norm.forward(x, true);
        return norm.backward(gy);
    }
}
