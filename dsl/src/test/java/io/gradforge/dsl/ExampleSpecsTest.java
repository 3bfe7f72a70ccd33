package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every file in specs/ parses, validates, says what it shows, and round-trips through the writer. */
class ExampleSpecsTest {

    static final Path SPECS = Path.of("..", "specs");

    static List<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(SPECS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void thereAreExamplesOfBothKinds() throws IOException {
        List<Path> files = exampleFiles();
        assertTrue(files.size() >= 13, "examples found: " + files);
        long searches = 0;
        for (Path f : files) {
            if (SpecReader.read(f) instanceof SearchSpec) {
                searches++;
            }
        }
        assertTrue(searches >= 4);
        assertTrue(files.size() - searches >= 9);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleReadsAndRoundTrips(@TempDir Path tmp) throws IOException {
        return exampleFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file);
            assertTrue(text.startsWith("# yaml-language-server: $schema=schema/gradforge.schema.json\n"), "schema comment");
            assertTrue(text.lines().skip(1).findFirst().orElse("").startsWith("# What this shows:"), "what-it-shows comment");
            Spec spec = SpecReader.read(file);
            if (spec instanceof ExperimentSpec e) {
                assertEquals(spec, SpecReader.readExperiment(file));
                assertFalse(e.network().resolvedLayers().isEmpty());
            } else {
                assertEquals(spec, SpecReader.readSearch(file));
            }
            String written = SpecWriter.write(spec);
            Spec again = SpecReader.fromString(written, "written/" + file.getFileName());
            assertEquals(spec, again, written);
            assertEquals(written, SpecWriter.write(again), "canonical form is a fixed point");
            Path out = tmp.resolve(file.getFileName());
            SpecWriter.write(spec, out);
            assertEquals(spec, SpecReader.read(out));
        }));
    }

    @Test
    void kindMismatchIsReported() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> SpecReader.readSearch(SPECS.resolve("deep-sigmoid.yaml")));
        assertTrue(e.getMessage().contains("expected a spec of kind search but this is kind experiment"), e.getMessage());
        assertInstanceOf(SearchSpec.class, assertDoesNotThrowSpec(SPECS.resolve("quickstart.yaml")));
    }

    private static Spec assertDoesNotThrowSpec(Path p) {
        try {
            return SpecReader.read(p);
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
