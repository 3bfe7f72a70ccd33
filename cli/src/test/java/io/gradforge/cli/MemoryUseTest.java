package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.Datasets;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory estimate against the heap before work starts, and an OutOfMemoryError as one line. */
class MemoryUseTest {
    @TempDir
    Path tmp;

    private static final String WIDE = """
            version: 1
            name: wide
            network:
              input: 2
              layers: [{dense: {units: 2048, repeat: 4}}]
              output: 1
            training:
              data: {generator: two_spirals, samples: 512}
              loss: binary_cross_entropy
              batch_size: 64
              steps: 10
            """;

    @Test
    void aRunEstimatedAboveTheHeapIsRefusedBeforeTraining() throws Exception {
        ExperimentSpec spec = SpecReader.experimentFromString(WIDE, "wide.yaml");
        Dataset data = Datasets.twoSpirals(512, 0.0, 1);
        long need = MemoryUse.trainingBytes(spec, data);
        // 4 layers of 2048 (12.6M parameters): parameters, gradients and two moments, a batch of activations, data
        double params = spec.network().shape().parameters();
        assertEquals((long) (8 * (4 * params + 2 * 64 * spec.network().shape().activationsPerExample()) + 8 * 512 * 3), need);
        Failures.Exit e = assertThrows(Failures.Exit.class, () -> MemoryUse.check(spec, data, 256L << 20));
        assertEquals(Failures.RUN_FAILED, e.code);
        assertEquals("wide needs about " + MemoryUse.mib(need) + " of memory to train (network, gradients, optimizer state"
                + " and a batch of activations, plus 512 rows of data) but the Java heap holds at most 256 MiB; give Java"
                + " more heap (GRADFORGE_JAVA_OPTS=-Xmx1g ./gradforge ...) or make the run smaller (a smaller batch_size,"
                + " fewer or narrower layers, less data)", e.getMessage());
        MemoryUse.check(spec, data, need); // fits exactly
    }

    @Test
    void aSearchWhoseThreadsCannotHoldTheirLargestCandidatesIsRefused() throws Exception {
        SearchSpec spec = SpecReader.searchFromString("""
                version: 1
                kind: search
                name: wide-search
                space: {input: 2, output: 1, depth: {min: 1, max: 4}, width: {choices: [64, 2048]}}
                training: {data: {generator: two_spirals}, loss: binary_cross_entropy, batch_size: 64, steps: 10}
                """, "wide-search.yaml");
        long one = (long) spec.space().largestCandidate().shape().trainingBytes(64);
        MemoryUse.checkSearch(spec, 2, 2 * one); // fits
        Failures.Exit e = assertThrows(Failures.Exit.class, () -> MemoryUse.checkSearch(spec, 4, 2 * one));
        assertEquals(Failures.RUN_FAILED, e.code);
        assertEquals("wide-search's largest candidate needs about " + MemoryUse.mib(one) + " of memory to train, "
                + MemoryUse.mib(4 * one) + " on 4 threads at once, but the Java heap holds at most " + MemoryUse.mib(2 * one)
                + "; use fewer --threads or give Java more heap (GRADFORGE_JAVA_OPTS=-Xmx2g ./gradforge ...) or make the"
                + " run smaller (a smaller batch_size, fewer or narrower layers, less data)", e.getMessage());
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithWhatToChange() throws Exception {
        // about 20 MB of CSV for a JVM limited to 24 MB of heap: reading it cannot fit
        StringBuilder csv = new StringBuilder("a,b,c,d,e,y\n");
        while (csv.length() < 20 << 20) csv.append("0.123456,1.234567,2.345678,3.456789,4.567891,7.5\n");
        Files.writeString(tmp.resolve("big.csv"), csv);
        Path spec = Files.writeString(tmp.resolve("big.yaml"), """
                version: 1
                name: big
                network: {input: 5, layers: [{dense: 4}], output: 1}
                training:
                  data: {csv: big.csv, target: y}
                  loss: mse
                  steps: 1
                """);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.gradforge.cli.Main", "train",
                spec.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "no hang");
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes()).replaceAll("(?m)^WARNING: Using incubator.*\n", "");
        assertEquals(Failures.RUN_FAILED, p.exitValue(), out + err);
        assertTrue(Pattern.matches("gradforge: out of memory while reading the data of " + Pattern.quote(spec.toString())
                + ": the Java heap \\(at most \\d+ MiB\\) is full; give Java more heap \\(GRADFORGE_JAVA_OPTS=-Xmx1g"
                + " \\./gradforge \\.\\.\\.\\) or make the run smaller \\(a smaller batch_size, fewer or narrower layers,"
                + " less data\\)\n", err), err);
    }
}
