package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bare network document: the network section of an experiment at the top level, read as strictly. */
class NetworkDocumentTest {

    @Test
    void randomNetworksRoundTrip() throws SpecException {
        RandomGenerator rnd = new SplittableRandom(2026);
        for (int i = 0; i < 300; i++) {
            NetworkSpec network = RoundTripTest.randomNetwork(rnd);
            String text = SpecWriter.write(network);
            assertEquals(network, SpecReader.networkFromString(text, "net.yaml"), text);
            assertEquals(text, SpecWriter.write(SpecReader.networkFromString(text, "net.yaml")));
        }
    }

    /** Checkpoints hold this text: it must stay the experiment's network section, unindented. */
    @Test
    void isTheExperimentsNetworkSectionUnindented() {
        RandomGenerator rnd = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            ExperimentSpec e = RoundTripTest.randomExperiment(rnd, i);
            String experiment = SpecWriter.write(e);
            String section = experiment.substring(experiment.indexOf("\nnetwork:\n") + "\nnetwork:\n".length(),
                    experiment.indexOf("\ntraining:\n") + 1);
            assertEquals(section, SpecWriter.write(e.network()).indent(2));
        }
    }

    @Test
    void shorthandIsAccepted() throws SpecException {
        NetworkSpec n = SpecReader.networkFromString("""
                input: 2
                layers: [{dense: 16}, {dense: 16}]
                output: 1
                """, "net.yaml");
        assertEquals(2, n.input());
        assertEquals(2, n.layers().size());
        assertEquals(OutputSpec.of(1), n.output());
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        NetworkSpec n = RoundTripTest.randomNetwork(new SplittableRandom(3));
        Path file = dir.resolve("net.yaml");
        SpecWriter.write(n, file);
        assertEquals(n, SpecReader.readNetwork(file));
    }

    @Test
    void problemsAreLocated() {
        problem("input: 2\nlayers:\n  - dense: abc\noutput: 1\n", 3, 12, "units: expected an integer but was 'abc'");
        problem("input: 2\nlayers: [{dense: 4}]\noutput: 1\nouptut: 2\n", 4, 1, "unknown key 'ouptut'",
                "the network");
        problem("input: 2\nlayers: [{dense: 4}]\n", 1, 1, "missing required key 'output'");
        problem("", 1, 1, "file is empty");
        problem("- dense: 4\n", 1, 1, "expected a mapping with keys input, defaults, layers, output");
        problem("version: 1\nname: x\nnetwork:\n  input: 2\n", 3, 1, "has a 'network' key", "experiment spec");
        problem("input: 2\nlayers:\n  - {dense: 4, \n", 3, 0, "");
    }

    private static void problem(String yaml, int line, int column, String... words) {
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.networkFromString(yaml, "net.yaml"));
        List<SpecProblem> ps = e.problems();
        SpecProblem p = ps.get(0);
        if (column > 0) {
            assertEquals(List.of(line, column), List.of(p.line(), p.column()), e.getMessage());
        }
        assertEquals("net.yaml", p.file());
        for (String w : words) {
            assertTrue(p.message().contains(w), () -> "'" + w + "' not in " + e.getMessage());
        }
    }

    @Test
    void oversizedFileIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "#".repeat(2 << 20));
        SpecException e = assertThrows(SpecException.class, () -> SpecReader.readNetwork(file));
        assertTrue(e.getMessage().contains("the limit is"), e.getMessage());
    }
}
