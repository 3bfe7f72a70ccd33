package io.gradforge.cli;

import io.gradforge.run.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version, then the Java runtime, the machine and the kernels in use. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return Provenance.current().versionText().split("\n");
    }
}
