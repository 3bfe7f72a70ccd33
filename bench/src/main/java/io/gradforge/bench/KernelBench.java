package io.gradforge.bench;

import io.gradforge.core.kernel.Kernels;
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
 * Throughput of the selected matrix products ({@link Kernels#get()}) on the shapes a dense-layer training step
 * uses. A shape "MxNxK" computes C[M x N] = op(A) * op(B) with inner dimension K, 2*M*N*K flops per call, so
 * GFLOP/s = ops/s * 2*M*N*K / 1e9.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar KernelBench -f 1 -wi 2 -i 3 -w 1s -r 1s
 * }
 * Add {@code -jvmArgsAppend -Dgradforge.scalarKernels=true} to measure the plain-Java fallback.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class KernelBench {

    @Param({"64x64x64", "256x256x128", "32x32x32", "128x128x64"})
    public String shape;

    @Param({"f32", "f64"})
    public String precision;

    @Param({"NN", "NT", "TN"})
    public String op;

    private final Kernels kernels = Kernels.get();
    private int m;
    private int n;
    private int k;
    private boolean f32;
    private double[] ad;
    private double[] bd;
    private double[] cd;
    private float[] af;
    private float[] bf;
    private float[] cf;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        f32 = precision.equals("f32");
        SplittableRandom r = new SplittableRandom(42);
        ad = random(r, m * k);
        bd = random(r, k * n);
        cd = new double[m * n];
        af = new float[m * k];
        bf = new float[k * n];
        cf = new float[m * n];
        for (int i = 0; i < ad.length; i++) af[i] = (float) ad[i];
        for (int i = 0; i < bd.length; i++) bf[i] = (float) bd[i];
    }

    private static double[] random(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble(-1, 1);
        return x;
    }

    @Benchmark
    public Object gemm() {
        if (f32) {
            switch (op) {
                case "NN" -> kernels.gemmNN(m, n, k, af, bf, cf, false);
                case "NT" -> kernels.gemmNT(m, n, k, af, bf, cf, false);
                default -> kernels.gemmTN(m, n, k, af, bf, cf, false);
            }
            return cf;
        }
        switch (op) {
            case "NN" -> kernels.gemmNN(m, n, k, ad, bd, cd, false);
            case "NT" -> kernels.gemmNT(m, n, k, ad, bd, cd, false);
            default -> kernels.gemmTN(m, n, k, ad, bd, cd, false);
        }
        return cd;
    }
}
