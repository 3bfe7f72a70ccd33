package io.gradforge.cli;

import picocli.CommandLine.Option;

/** Output options shared by every command. */
final class CommonOptions {
    @Option(names = "--json", description = "Print machine-readable JSON on stdout instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print only results and errors, no progress.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print more detail, and stack traces on internal errors.")
    boolean verbose;
}
