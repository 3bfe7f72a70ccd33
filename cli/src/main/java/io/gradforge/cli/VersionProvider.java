package io.gradforge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version line: the project version, the JVM and the kernels in use. */
final class VersionProvider implements IVersionProvider {
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "gradforge " + version(),
            "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", kernels "
                    + io.gradforge.core.kernel.Kernels.get().name()
        };
    }
}
