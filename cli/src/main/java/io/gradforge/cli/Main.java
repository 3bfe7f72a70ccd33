package io.gradforge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code gradforge} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 run failed, 2 bad spec or usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new GradforgeCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler(Failures::usage);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(MemoryUse.outOfMemory(Runtime.getRuntime().maxMemory()));
            err.flush();
            return Failures.RUN_FAILED;
        }
    }
}
