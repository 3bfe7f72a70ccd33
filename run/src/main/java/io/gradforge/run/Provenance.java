package io.gradforge.run;

import io.gradforge.core.kernel.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What produced a result: the Gradforge version, the Java runtime, the machine and the kernels that ran the
 * numbers (float results depend on them: a vector kernel sums in another order than the scalar one), and when.
 * It is the one provenance Gradforge writes: into a search's {@code summary.json}, into checkpoints, into
 * {@code gradforge train --json} and on {@code gradforge --version}, always under the keys of {@link #toMap()}.
 *
 * {@snippet :
 * Provenance p = Provenance.current();
 * System.out.println(p.gradforgeVersion() + " on " + p.kernel()); // 0.1.0 on vector(256-bit)
 * }
 *
 * @param gradforgeVersion the version of the Gradforge build ({@link #GRADFORGE_VERSION} for this one)
 * @param javaVersion      the Java runtime version, e.g. {@code 21.0.5+11-LTS}
 * @param javaVendor       the runtime's vendor, e.g. {@code Eclipse Adoptium}
 * @param jvm              the virtual machine's name, e.g. {@code OpenJDK 64-Bit Server VM}
 * @param os               operating system name, version and architecture
 * @param cores            the processors available to the JVM
 * @param kernel           the name of the numeric kernels in use ({@link Kernels#name()})
 * @param time             when this provenance was taken
 */
public record Provenance(String gradforgeVersion, String javaVersion, String javaVendor, String jvm, String os,
        int cores, String kernel, Instant time) {

    /** The version of this Gradforge build (from the build's resources), or {@code "unknown"}. */
    public static final String GRADFORGE_VERSION = buildVersion();

    public Provenance {
        Objects.requireNonNull(gradforgeVersion, "gradforgeVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(javaVendor, "javaVendor");
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(time, "time");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1 but was " + cores);
        }
    }

    /** This process, now. */
    public static Provenance current() {
        return current(Instant.now());
    }

    /** This process, at {@code time}. */
    public static Provenance current(Instant time) {
        return new Provenance(GRADFORGE_VERSION, Runtime.version().toString(), property("java.vendor"),
                property("java.vm.name"), property("os.name") + " " + property("os.version") + " "
                + property("os.arch"), Runtime.getRuntime().availableProcessors(), Kernels.get().name(), time);
    }

    /** This provenance with {@code gradforgeVersion} replaced (an embedding program may know better). */
    public Provenance withGradforgeVersion(String gradforgeVersion) {
        return new Provenance(gradforgeVersion, javaVersion, javaVendor, jvm, os, cores, kernel, time);
    }

    /** This provenance with {@code time} replaced. */
    public Provenance withTime(Instant time) {
        return new Provenance(gradforgeVersion, javaVersion, javaVendor, jvm, os, cores, kernel, time);
    }

    /**
     * The JSON form, in this order: {@code gradforge_version, java_version, java_vendor, jvm, os, cores, kernel,
     * time} (time as ISO-8601 UTC). Every writer of provenance uses these keys.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gradforge_version", gradforgeVersion);
        m.put("java_version", javaVersion);
        m.put("java_vendor", javaVendor);
        m.put("jvm", jvm);
        m.put("os", os);
        m.put("cores", cores);
        m.put("kernel", kernel);
        m.put("time", time.toString());
        return m;
    }

    /**
     * Reads {@link #toMap()}'s form back; absent or unreadable entries become {@code "unknown"} (cores 1, time
     * the epoch), so a file written by another tool or an older release still loads.
     */
    public static Provenance fromMap(Map<String, ?> m) {
        Objects.requireNonNull(m, "m");
        int cores = 1;
        if (m.get("cores") != null) {
            try {
                cores = Math.max(1, Integer.parseInt(String.valueOf(m.get("cores"))));
            } catch (NumberFormatException e) {
                // keep 1
            }
        }
        Instant time = Instant.EPOCH;
        if (m.get("time") != null) {
            try {
                time = Instant.parse(String.valueOf(m.get("time")));
            } catch (RuntimeException e) {
                // keep the epoch
            }
        }
        return new Provenance(text(m, "gradforge_version"), text(m, "java_version"), text(m, "java_vendor"),
                text(m, "jvm"), text(m, "os"), cores, text(m, "kernel"), time);
    }

    /** Two lines for {@code --version}: the Gradforge version, then runtime, machine and kernel. */
    public String versionText() {
        return "gradforge " + gradforgeVersion + "\n" + "Java " + javaVersion + " (" + javaVendor + ", " + jvm + "), "
                + os + ", " + cores + (cores == 1 ? " core" : " cores") + ", kernels " + kernel;
    }

    private static String text(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "unknown" : String.valueOf(v);
    }

    private static String property(String name) {
        return System.getProperty(name, "unknown");
    }

    private static String buildVersion() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the version unknown, as an absent one does
        }
        return p.getProperty("version", "unknown");
    }
}
