package io.gradforge.cli;

import picocli.CommandLine.Command;

@Command(
        name = "gradforge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds neural-network architectures that train well, and shows why others do not.",
        subcommands = {SearchCommand.class, TabulateCommand.class, ReportCommand.class, TrainCommand.class, PredictCommand.class, DiagnoseCommand.class, GradcheckCommand.class, ExportCommand.class,
                ValidateCommand.class, WorkerCommand.class, DaemonCommand.class, picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 bad spec or usage.",
                "Examples:",
                "  gradforge search specs/quickstart.yaml",
                "  gradforge report runs/quickstart-20260101-120000",
                "  gradforge diagnose specs/deep-sigmoid.yaml",
                "  gradforge train specs/quickstart-train.yaml"})
final class GradforgeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
