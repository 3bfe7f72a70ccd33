/**
 * The command line: picocli commands, progress bars and the HTML reports. An application, so it exports
 * nothing; picocli reads the annotated command classes reflectively. The launcher ./gradforge runs the shaded
 * jar on the class path, where this descriptor is dropped (see the pom).
 */
module io.gradforge.cli {
    requires io.gradforge.cluster;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires tools.jackson.databind;
    requires static org.jspecify;
    requires jdk.unsupported; // sun.misc.Signal: the search daemon ignores the terminal's Ctrl-C (its clients forward it)

    opens io.gradforge.cli to info.picocli;
}
