package io.gradforge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gradforge daemon}: lists this user's daemons ({@link Daemon}), or stops them. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"List the daemons that keep a warm JVM between commands, or stop them.",
                "The launcher runs search (without --cluster), tabulate, train and diagnose in a daemon (one per"
                        + " working directory and build), so only the first pays the JVM's start and the JIT's"
                        + " warm-up; a daemon exits after GRADFORGE_DAEMON_IDLE minutes without a command (default"
                        + " 30). GRADFORGE_DAEMON=0 runs every command in a JVM of its own."})
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--stop", description = "Stop every daemon (a running command finishes first).")
    boolean stop;

    @Mixin
    CommonOptions common = new CommonOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = command.commandLine().getOut();
        Path dir = DaemonProtocol.directory();
        List<Map<String, Object>> daemons = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*.sock")) {
                for (Path socket : sockets) {
                    String answer = DaemonProtocol.ask(socket, stop ? DaemonProtocol.STOP : DaemonProtocol.STATUS);
                    if (answer == null) {
                        Files.deleteIfExists(socket); // left by a daemon that was killed
                        continue;
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("socket", socket.toString());
                    d.put(stop ? "stop" : "status", answer);
                    d.put("log", Daemon.logFile(socket).toString());
                    daemons.add(d);
                }
            }
        }
        if (common.json) {
            Json.print(out, daemons);
        } else if (daemons.isEmpty()) {
            if (!common.quiet) out.println("no daemon runs (" + dir + ")");
        } else {
            for (Map<String, Object> d : daemons) {
                out.println((stop ? "stop " : "") + d.get("socket") + ": " + d.get(stop ? "stop" : "status"));
                if (common.verbose) out.println("  log: " + d.get("log"));
            }
        }
        return 0;
    }
}
