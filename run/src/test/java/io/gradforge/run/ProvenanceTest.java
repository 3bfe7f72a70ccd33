package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.kernel.Kernels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void currentNamesThisBuildRuntimeAndKernel() {
        Provenance p = Provenance.current(Instant.parse("2026-01-02T03:04:05Z"));
        assertNotEquals("unknown", p.gradforgeVersion(), "version.properties is filtered into the run module");
        assertEquals(Provenance.GRADFORGE_VERSION, p.gradforgeVersion());
        assertEquals(Runtime.version().toString(), p.javaVersion());
        assertEquals(Kernels.get().name(), p.kernel());
        assertEquals(Runtime.getRuntime().availableProcessors(), p.cores());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), p.time());
    }

    @Test
    void theMapHasOneSetOfKeysAndReadsBack() {
        Provenance p = Provenance.current();
        Map<String, Object> m = p.toMap();
        assertEquals(List.of("gradforge_version", "java_version", "java_vendor", "jvm", "os", "cores", "kernel", "time"),
                List.copyOf(m.keySet()));
        assertEquals(p, Provenance.fromMap(m));
    }

    @Test
    void aPartialMapStillReads() {
        Provenance p = Provenance.fromMap(Map.of("gradforge_version", "0.0.9", "cores", "x", "time", "yesterday"));
        assertEquals("0.0.9", p.gradforgeVersion());
        assertEquals("unknown", p.kernel());
        assertEquals(1, p.cores());
        assertEquals(Instant.EPOCH, p.time());
    }

    @Test
    void versionTextIsTwoLines() {
        Provenance p = new Provenance("1.2.3", "21.0.5+11", "Vendor", "Some VM", "Linux 6 amd64", 2, "scalar",
                Instant.EPOCH);
        assertEquals("gradforge 1.2.3\nJava 21.0.5+11 (Vendor, Some VM), Linux 6 amd64, 2 cores, kernels scalar",
                p.versionText());
    }

    @Test
    void badCoresNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Provenance("1", "21", "v", "vm", "os", 0, "scalar", Instant.EPOCH));
        assertTrue(e.getMessage().contains("but was 0"), e.getMessage());
    }
}
