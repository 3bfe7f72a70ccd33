package io.gradforge.bench;

import io.gradforge.core.kernel.Kernels;
import io.gradforge.core.nn.Activation;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.tensor.Precision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Steps/s of a full training step for the grid that {@code bench/compare-pytorch} runs (see
 * {@link TrainingStep}), one thread, printed as the same CSV lines:
 * {@code depth,width,batch,activation,dtype,steps_per_second}. Used by {@code bench/compare-pytorch}.
 *
 * <p>Timing mirrors the PyTorch script (count steps in chunks of 10 until {@code secondsPerRow} have passed),
 * after a warm-up that gives the JIT time to compile the hot path with C2 (PyTorch's kernels are compiled ahead
 * of time; its script warms up 20 steps). Warm-up is {@code max(0.5 s, secondsPerRow / 2)} per row.
 * With the environment variable {@code BENCH_CLOCK=cpu} both this and the PyTorch script time with CPU time
 * (this thread's, the Python process's) instead of wall time, which leaves out time spent descheduled on a
 * loaded machine.
 *
 * {@snippet lang = "shell" :
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar io.gradforge.bench.StepBench 2
 * # options after the seconds: --grad-norm (also compute the global gradient norm, as Trainer does),
 * #   --only 10x256x128,float64 (run only the rows with that shape and dtype; lstm or gru names the recurrent rows;
 #   another activation, e.g. swish or elu, runs the dense shapes with it instead of tanh and relu),
 * #   --serve (answer rows named on standard input, as depth,width,batch,activation,dtype lines);
 * # StepBench --grid prints the grid's rows in that form
 * }
 */
public final class StepBench {
    private static final boolean CPU_CLOCK = "cpu".equals(System.getenv("BENCH_CLOCK"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The dense rows' activations in compare-pytorch's grid. */
    private static final List<String> COMPARED_ACTIVATIONS = List.of("tanh", "relu");

    private StepBench() {}

    /** Nanoseconds of wall time, or of this thread's CPU time under {@code BENCH_CLOCK=cpu}. */
    static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--grid")) {
            gridRows().forEach(System.out::println); // the rows compare-pytorch asks for
            return;
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        boolean gradNorm = false;
        boolean serve = false;
        Set<String> only = new LinkedHashSet<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--grad-norm")) gradNorm = true;
            else if (args[i].equals("--serve")) serve = true;
            else if (args[i].equals("--only") && i + 1 < args.length) only.addAll(List.of(args[++i].split(",")));
            else throw new IllegalArgumentException("unknown option " + args[i]
                    + "; accepted: --grad-norm, --serve, --only ROW[,ROW...] (a row is DxWxB, an activation, lstm, gru or a dtype)");
        }
        List<String> rows = rowsToRun(only);
        System.err.println("kernels: " + Kernels.get().name() + (gradNorm ? ", with global grad norm" : "")
                + (CPU_CLOCK ? ", clock: thread CPU time" : ", clock: wall"));
        // JVM warm-up once, before any row is timed: 0.5 s of each activation x precision on a small network, so
        // the first row is not measured while C2 is still compiling the shared hot path (on a loaded machine the
        // compiler threads get little CPU; a search trains hundreds of networks in one JVM, paying this once).
        List<String> warmActivations = new ArrayList<>(denseActivations(only));
        warmActivations.addAll(List.of("lstm", "gru"));
        for (String act : warmActivations) {
            for (String dtype : new String[] {"float32", "float64"}) {
                TrainingStep warm = new TrainingStep(4, 48, 32, act, TrainingStep.precision(dtype), 1, gradNorm);
                long end = now() + 500_000_000L;
                while (now() < end) warm.step();
            }
        }
        if (serve) {
            serve(seconds, gradNorm);
            return;
        }
        for (String row : rows) {
            System.out.println(measure(row.split(","), seconds, gradNorm));
            System.out.flush();
        }
    }

    /**
     * The grid's rows, {@code depth,width,batch,activation,dtype}, in the order compare-pytorch prints them; the
     * recurrent rows follow as {@code steps,hidden,batch,cell,dtype} (cell lstm or gru, see {@link TrainingStep}).
     */
    static List<String> gridRows() {
        return gridRows(COMPARED_ACTIVATIONS);
    }

    /** As {@link #gridRows()}, with the dense shapes run with {@code activations}. */
    static List<String> gridRows(List<String> activations) {
        List<String> rows = new ArrayList<>();
        for (int[] row : TrainingStep.GRID) {
            for (String act : activations) {
                for (String dtype : new String[] {"float32", "float64"}) {
                    rows.add(row[0] + "," + row[1] + "," + row[2] + "," + act + "," + dtype);
                }
            }
        }
        for (int[] row : TrainingStep.RECURRENT_GRID) {
            for (String cell : new String[] {"lstm", "gru"}) {
                for (String dtype : new String[] {"float32", "float64"}) {
                    rows.add(row[0] + "," + row[1] + "," + row[2] + "," + cell + "," + dtype);
                }
            }
        }
        return rows;
    }

    /** Measures one row given as {depth, width, batch, activation, dtype}; returns its CSV line. */
    private static String measure(String[] f, double seconds, boolean gradNorm) {
        int depth = Integer.parseInt(f[0]), width = Integer.parseInt(f[1]), batch = Integer.parseInt(f[2]);
        double sps = stepsPerSecond(depth, width, batch, f[3], TrainingStep.precision(f[4]), seconds, gradNorm);
        return String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%.1f", depth, width, batch, f[3], f[4], sps);
    }

    /**
     * Answers rows on request: prints {@code ready}, then reads lines {@code depth,width,batch,activation,dtype}
     * from standard input and prints each row's CSV line, until end of input. compare-pytorch alternates rows
     * between this and the PyTorch script, so the two halves of each ratio are measured seconds apart.
     */
    private static void serve(double seconds, boolean gradNorm) throws IOException {
        System.out.println("ready");
        System.out.flush();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(",");
            if (f.length != 5) throw new IllegalArgumentException("expected depth,width,batch,activation,dtype but got " + line);
            System.out.println(measure(f, seconds, gradNorm));
            System.out.flush();
        }
    }

    /**
     * The rows {@code --only} selects ({@link #gridRows()} when it names nothing), as
     * {@code depth,width,batch,activation,dtype}; a part that is not a shape DxWxB, an activation, lstm, gru or a
     * dtype is an IllegalArgumentException naming it and what is accepted.
     */
    static List<String> rowsToRun(Set<String> only) {
        for (String part : only) {
            if (!part.matches("\\d+x\\d+x\\d+") && !isActivation(part) && !part.equals("float32")
                    && !part.equals("float64")) {
                throw new IllegalArgumentException("--only " + part + ": expected a shape DxWxB, lstm, gru, float32, "
                        + "float64 or one of " + ActivationKind.names());
            }
        }
        List<String> rows = new ArrayList<>();
        for (String row : gridRows(denseActivations(only))) {
            String[] f = row.split(",");
            if (selected(only, f[0] + "x" + f[1] + "x" + f[2], f[3], f[4])) rows.add(row);
        }
        return rows;
    }

    /** Whether {@code name} is an activation of the dense rows or a recurrent cell (a row's fourth part). */
    private static boolean isActivation(String name) {
        return Activation.parse(name).isPresent() || TrainingStep.cell(name) != null;
    }

    /**
     * The activations of the dense rows: those {@code --only} names (any a spec accepts, e.g. swish or elu),
     * else compare-pytorch's tanh and relu.
     */
    static List<String> denseActivations(Set<String> only) {
        List<String> named = only.stream().filter(s -> Activation.parse(s).isPresent()).toList();
        return named.isEmpty() ? COMPARED_ACTIVATIONS : named;
    }

    /**
     * Whether a grid row passes the {@code --only} filter: with no filter every row does; otherwise each of the
     * row's three parts (shape, activation, dtype) must be named whenever a value of that kind is named.
     */
    private static boolean selected(Set<String> only, String shape, String act, String dtype) {
        if (only.isEmpty()) return true;
        boolean anyShape = only.stream().anyMatch(s -> s.contains("x"));
        boolean anyAct = only.stream().anyMatch(StepBench::isActivation);
        boolean anyDtype = only.contains("float32") || only.contains("float64");
        return (!anyShape || only.contains(shape)) && (!anyAct || only.contains(act))
                && (!anyDtype || only.contains(dtype));
    }

    static double stepsPerSecond(int depth, int width, int batch, String act, Precision precision, double seconds,
                                 boolean gradNorm) {
        TrainingStep step = new TrainingStep(depth, width, batch, act, precision, 0, gradNorm);
        double warmup = Math.max(0.5, seconds / 2);
        long end = now() + (long) (warmup * 1e9);
        while (now() < end) {
            for (int i = 0; i < 10; i++) step.step();
        }
        long n = 0, start = now();
        while (true) {
            for (int i = 0; i < 10; i++) step.step();
            n += 10;
            double elapsed = (now() - start) / 1e9;
            if (elapsed >= seconds) {
                if (!Double.isFinite(step.lastLoss())) throw new IllegalStateException("the loss diverged: " + step.lastLoss());
                return n / elapsed;
            }
        }
    }
}
