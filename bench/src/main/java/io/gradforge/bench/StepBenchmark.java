package io.gradforge.bench;

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
 * JMH version of {@link StepBench}: training steps/s ({@link TrainingStep#step()}) over the compare-pytorch
 * grid. The shapes are the rows of {@link TrainingStep#GRID}; JMH runs the cross product of the parameters, so
 * pick rows with {@code -p shape=...}.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar StepBenchmark -p shape=10x64x64 -p precision=float32
 * }
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StepBenchmark {

    /** depth x width x batch. */
    @Param({"10x64x64", "10x256x128", "50x32x32", "20x128x64"})
    public String shape;

    @Param({"tanh", "relu"})
    public String activation;

    @Param({"float32", "float64"})
    public String precision;

    /** Also compute the global gradient norm each step, as Trainer does. */
    @Param({"false"})
    public boolean gradNorm;

    private TrainingStep step;

    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        step = new TrainingStep(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), activation,
                TrainingStep.precision(precision), 0, gradNorm);
    }

    @Benchmark
    public double trainingStep() {
        return step.step();
    }
}
