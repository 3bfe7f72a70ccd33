package io.gradforge.dsl;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mutated example files (byte flips, deletions, insertions of YAML punctuation, truncations) either
 * read or fail with a {@link SpecException} whose problems are located; nothing else escapes. 3000 in the fast
 * set, 30000 more tagged slow ({@code ./run-tests -Pall-tests}).
 */
class FuzzTest {

    private static final byte[] PUNCTUATION = "{}[]:-,&*!|>'\"#%@`\t\n 0-9.eE~".getBytes(StandardCharsets.UTF_8);

    @Test
    void mutatedExamplesNeverEscapeAsAnythingButSpecException() throws Exception {
        fuzz(1234, 3000, Duration.ofSeconds(60));
    }

    @Test
    @Tag("slow")
    void manyMoreMutatedExamples() throws Exception {
        fuzz(4321, 30_000, Duration.ofMinutes(10));
    }

    private static void fuzz(long seed, int rounds, Duration limit) throws Exception {
        List<Path> files = ExampleSpecsTest.exampleFiles();
        SplittableRandom r = new SplittableRandom(seed);
        assertTimeoutPreemptively(limit, () -> {
            int failures = 0;
            for (int i = 0; i < rounds; i++) {
                byte[] original = Files.readAllBytes(files.get(r.nextInt(files.size())));
                byte[] mutated = mutate(original, r);
                try {
                    SpecReader.fromBytes(mutated, "fuzz.yaml");
                } catch (SpecException e) {
                    failures++;
                    assertTrue(!e.problems().isEmpty());
                    for (SpecProblem p : e.problems()) {
                        assertTrue(p.line() >= 1 && p.column() >= 1);
                        assertTrue(!p.message().contains("internal error"), p.toString());
                    }
                } catch (Throwable t) {
                    throw new AssertionError("mutation " + i + " escaped: " + t + "\n" + new String(mutated,
                            StandardCharsets.UTF_8), t);
                }
            }
            assertTrue(failures > rounds / 3, "most mutations should be caught: " + failures);
        });
    }

    private static byte[] mutate(byte[] in, SplittableRandom r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) {
            int pos = r.nextInt(b.length);
            switch (r.nextInt(4)) {
                case 0 -> b[pos] = PUNCTUATION[r.nextInt(PUNCTUATION.length)];
                case 1 -> b[pos] = (byte) r.nextInt(256);
                case 2 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, Math.max(1, pos));
            }
            if (b.length < 2) {
                break;
            }
        }
        return b;
    }
}
