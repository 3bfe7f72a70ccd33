package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid journals (flipped bytes, truncations, duplicated, dropped and swapped lines, inserted garbage, and
 * edited lines given a fresh checksum, as a careful hand would) and reads each: the reader accepts it or throws a
 * {@link RunDirectoryException} naming the file and a line, and never hangs or lets another exception out.
 */
class JournalFuzzTest {
    @TempDir
    Path tmp;

    private static final String[] GARBAGE = {"", "{", "}", "null", "[]", "{}", "\"\"", "0", "-1", "1e999", "true",
        "{\"type\":null}", "{\"type\":\"evaluation\"}", "{\"type\":\"generation\",\"generation\":-3}",
        "\u0000\u0001\u00ff", "{\"type\":\"evaluation\",\"status\":\"BOGUS\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "{\"a\":" + "[".repeat(3000), "\uFFFD\uD800", "NaN", "{\"type\":\"generation\",\"generation\":1e3}"};

    /** A real run's journal: a search of the quickstart space on the fake evaluator, successive halving on. */
    private byte[] validJournal(Path dir) throws Exception {
        Search.builder(SearchTest.quickstart(30, true)).threads(1).evaluator(new FakeEvaluator(0)).runDirectory(dir)
                .build().run();
        Files.delete(dir.resolve(RunDirectory.SUMMARY)); // read as a run killed before its end
        return Files.readAllBytes(dir.resolve(RunDirectory.JOURNAL));
    }

    @Test
    void mutatedJournalsGiveALocatedErrorOrLoad() throws Exception {
        fuzz(7, Duration.ofSeconds(3));
    }

    @Test
    @Tag("slow")
    void mutatedJournalsGiveALocatedErrorOrLoadForMinutes() throws Exception {
        fuzz(20261206, Duration.ofMinutes(2));
    }

    private void fuzz(long seed, Duration budget) throws Exception {
        Path dir = tmp.resolve("run");
        byte[] valid = validJournal(dir);
        Random random = new Random(seed);
        Path file = dir.resolve(RunDirectory.JOURNAL);
        long deadline = System.nanoTime() + budget.toNanos();
        int cases = 0;
        int refused = 0;
        while (System.nanoTime() < deadline) {
            byte[] mutated = mutate(valid, random);
            Files.write(file, mutated);
            cases++;
            try {
                // the one reader of a run: the journal's lines, then scores, front and best from them
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> RunDirectory.read(dir));
            } catch (Throwable t) {
                if (t instanceof RunDirectoryException e && e.line() > 0
                        && e.getMessage().startsWith(file + ":" + e.line() + ": ")
                        && e.getMessage().contains("delete line " + e.line())) {
                    refused++;
                    continue;
                }
                Path kept = Path.of("target", "journal-fuzz-failing-" + seed + "-" + cases + ".jsonl");
                Files.write(kept, mutated);
                fail("case " + cases + " (seed " + seed + ", kept in " + kept + "): " + t, t);
            }
        }
        assertTrue(cases >= 10, "only " + cases + " cases in " + budget);
        assertTrue(refused > 0 && refused < cases, refused + " of " + cases + " refused");
    }

    static byte[] mutate(byte[] valid, Random random) {
        List<String> lines = new ArrayList<>(List.of(new String(valid, StandardCharsets.UTF_8).split("\n")));
        int rounds = 1 + random.nextInt(3);
        for (int k = 0; k < rounds && !lines.isEmpty(); k++) {
            int i = random.nextInt(lines.size());
            switch (random.nextInt(8)) {
                case 0 -> lines.add(i, lines.get(i)); // duplicated
                case 1 -> lines.remove(i);
                case 2 -> lines.add(i, GARBAGE[random.nextInt(GARBAGE.length)]);
                case 3 -> {
                    int j = random.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                }
                case 4, 5 -> lines.set(i, Journal.checksummed(edit(strip(lines.get(i)), random))); // re-checksummed
                default -> {
                    byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                    bytes = bytes.clone();
                    int at = random.nextInt(Math.max(1, bytes.length));
                    if (bytes.length > 0) bytes[at] ^= (byte) (1 << random.nextInt(8));
                    lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n")));
                }
            }
        }
        byte[] out = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(4) == 0) { // cut short, as by a kill
            byte[] cut = new byte[random.nextInt(out.length + 1)];
            System.arraycopy(out, 0, cut, 0, cut.length);
            return cut;
        }
        return out;
    }

    /** The line's JSON without its checksum field (the line itself when it has none or is not JSON). */
    private static String strip(String line) {
        return line.replaceAll(",\"crc32\":\"[0-9a-f]{8}\"}$", "}");
    }

    /** The line with a token replaced, a piece cut out or a value changed: what a hand edit could do. */
    private static String edit(String json, Random random) {
        if (json.length() < 2 || !json.startsWith("{") || !json.endsWith("}")) return "{\"x\":" + json.length() + "}";
        int at = 1 + random.nextInt(json.length() - 1);
        String[] tokens = {"null", "-1", "1.5", "\"\"", "\"BOGUS\"", "[]", "{}", "true", "9999999999999999999",
            "\"x\"", ",", ":", "\"", "\\"};
        return switch (random.nextInt(4)) {
            case 0 -> json.substring(0, at) + tokens[random.nextInt(tokens.length)] + json.substring(at);
            case 1 -> json.substring(0, at) + json.substring(Math.min(json.length(), at + 1 + random.nextInt(20)));
            case 2 -> json.replaceFirst("\"(status|type)\":\"[A-Za-z_]*\"", "\"$1\":\"" + "BOGUS" + "\"");
            default -> json.replaceFirst(":(-?[0-9.eE+-]+)([,}])", ":" + tokens[random.nextInt(tokens.length)] + "$2");
        };
    }
}
