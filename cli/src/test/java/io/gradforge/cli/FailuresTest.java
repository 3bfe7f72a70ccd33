package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class FailuresTest {
    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        final Exception failure;

        Fails(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    record Result(int code, String err) {}

    static Result run(Exception failure) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Fails(failure));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new Failures());
        return new Result(cl.execute(), err.toString());
    }

    @Test
    void anIllegalArgumentFromInsideTheEngineIsAnInternalErrorNotBadInput() {
        Result r = run(new IllegalArgumentException("rows must be positive but was 0."));
        assertEquals(Failures.RUN_FAILED, r.code());
        assertEquals("gradforge: internal error: java.lang.IllegalArgumentException: rows must be positive but was 0. "
                + "(run with --verbose for details)\n", r.err());
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithTheReason() {
        Result r = run(new AccessDeniedException("/data/iris.csv"));
        assertEquals(Failures.BAD_INPUT, r.code());
        assertEquals("gradforge: /data/iris.csv: permission denied\n", r.err());
        r = run(new java.nio.file.FileSystemException("/data/x", null, "Read-only file system"));
        assertEquals("gradforge: /data/x: Read-only file system\n", r.err());
    }

    @Test
    void badInputIsExit2() {
        assertEquals(new Result(Failures.BAD_INPUT, "gradforge: --threads: no\n"),
                run(Failures.badInput("--threads: no")));
    }
}
