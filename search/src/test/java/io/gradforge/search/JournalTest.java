package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path tmp;

    static final Outcome TRAINED = new Outcome(EvaluationStatus.TRAINED, 0.1234567890123, 17, 150, 0.987654321,
            List.of("DEAD_UNITS"), 0.05, 1234, "used the budget", Outcome.curve(new double[] {0.7, 0.6, Double.NaN}))
            .withMeasures(measures());

    /** Health measures in an order that is not alphabetical, one NaN among them. */
    static java.util.Map<String, Double> measures() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("init_score", 0.25);
        m.put("early_attenuation", Double.NaN);
        m.put("early_dead", 0.125);
        return m;
    }

    /** A journal of two evaluations and a generation, as a search writes it. */
    static Path journal(Path dir) throws Exception {
        var spec = SearchTest.quickstart(10, false);
        Candidate c = ArchitectureCodec.of(spec).decode(new double[ArchitectureCodec.of(spec).length()]);
        Outcome failed = Outcome.failed(new IllegalStateException("boom"), 99);
        Path file = Files.createDirectories(dir).resolve("journal.jsonl");
        try (Journal j = Journal.append(file)) {
            j.evaluation(new Evaluation(0, 3, c, 42, 0, TRAINED, new double[] {0.8, 0.9}, 12), List.of("a", "b"));
            j.evaluation(new Evaluation(0, 4, c, 42, 1, failed, new double[] {0, 0}, 1), List.of("a", "b"));
            j.generation(new GenerationSummary(0, 2, 0, 0, 2, null, 0, java.time.Duration.ofMillis(5)),
                    List.of("a", "b"));
        }
        return file;
    }

    static Candidate candidate() throws Exception {
        var spec = SearchTest.quickstart(10, false);
        return ArchitectureCodec.of(spec).decode(new double[ArchitectureCodec.of(spec).length()]);
    }

    /** {@code file} with line {@code n} (1-based) replaced. */
    static void replaceLine(Path file, int n, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(n - 1, line);
        Files.write(file, lines);
    }

    static String recovery(int line) {
        return ". The journal is damaged at this line: delete line " + line + " (or truncate the journal before it) "
                + "and resume; what it held is evaluated again";
    }

    @Test
    void outcomesReadBackExactlyAndACutLastLineIsDropped() throws Exception {
        Path file = journal(tmp);
        Candidate c = candidate();
        Files.writeString(file, "{\"type\":\"evaluation\",\"gener", StandardOpenOption.APPEND); // killed mid-write
        Journal.Contents read = JournalReader.read(file);
        assertTrue(Files.readString(file).endsWith("gener"), "reading changes nothing");
        Journal.Replay replay = JournalReader.replay(file);
        assertEquals(TRAINED, replay.outcomes().get(Journal.key(0, c.canonical())).outcome());
        assertEquals(Outcome.failed(new IllegalStateException("boom"), 99),
                replay.outcomes().get(Journal.key(1, c.canonical())).outcome());
        assertEquals(3, replay.lines());
        assertEquals(java.util.Set.of(0), replay.generations());
        assertEquals(c.canonical(), read.evaluations().get(0).candidate().canonical());
        assertEquals(c.experiment(), read.evaluations().get(0).candidate().experiment());
        assertEquals(List.of(1, 2), read.evaluations().stream().map(Journal.Entry::line).toList());
        assertTrue(Files.readString(file).endsWith("}\n"), "the cut line is truncated away");
        assertEquals(Arrays.asList(0.7, 0.6, Double.NaN), TRAINED.lossCurve());
        assertEquals(List.copyOf(measures().keySet()), List.copyOf(replay.outcomes().get(Journal.key(0,
                c.canonical())).outcome().measures().keySet()), "the measures keep their order");
        assertTrue(Files.readAllLines(file).get(1).indexOf("health_measures") < 0, "none recorded, none written");
    }

    /**
     * What a killed search leaves: each line is in the file (handed to the operating system) when its call returns,
     * whether or not the background fsync has run; closing forces the rest and ends the sync thread.
     */
    @Test
    void eachLineIsInTheFileWhenWrittenAndCloseEndsTheSyncThread() throws Exception {
        Candidate c = candidate();
        Path file = tmp.resolve("journal.jsonl");
        Journal j = Journal.append(file);
        try {
            for (int i = 0; i < 20; i++) {
                j.evaluation(new Evaluation(0, i, c, 42, i, TRAINED, new double[] {0.8, 0.9}, 12), List.of("a", "b"));
                assertEquals(i + 1, JournalReader.read(file).evaluations().size(), "line " + (i + 1));
            }
        } finally {
            j.close();
        }
        assertEquals(20, JournalReader.read(file).lines());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && t.getName().equals("gradforge-journal-sync")), "the sync thread ended with its journal");
    }

    @Test
    void everyLineEndsWithTheCrc32OfItsJsonWithoutIt() throws Exception {
        Path file = journal(tmp);
        for (String line : Files.readAllLines(file)) {
            assertTrue(line.matches("\\{\"type\":.*,\"crc32\":\"[0-9a-f]{8}\"}"), line);
            String json = line.substring(0, line.length() - ",\"crc32\":\"12345678\"}".length()) + "}";
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(String.format("%08x", crc.getValue()), line.substring(line.length() - 10, line.length() - 2));
        }
    }

    @Test
    void aLineChangedAfterWritingIsRefusedWithFileLineAndHowToRecover() throws Exception {
        Path file = journal(tmp);
        String line = Files.readAllLines(file).get(0);
        String edited = line.replace("\"auc\":0.1234567890123", "\"auc\":0.0234567890123");
        replaceLine(file, 1, edited);
        String stored = line.substring(line.length() - 10, line.length() - 2);
        String computed = Journal.checksummed(edited.substring(0, edited.length() - 20) + "}");
        computed = computed.substring(computed.length() - 10, computed.length() - 2);
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> JournalReader.read(file));
        assertEquals(file + ":1: checksum mismatch (stored " + stored + ", computed " + computed + "): the line was "
                + "changed after it was written" + recovery(1), e.getMessage());
        assertEquals(1, e.line());
        assertEquals(file, e.file());
    }

    @Test
    void badMiddleLinesAreErrorsNamingTheLineAndWhatIsWrongWithoutParserInternals() throws Exception {
        Candidate c = candidate();
        String canonical = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(c.canonical());
        String good = "{\"type\":\"evaluation\",\"generation\":0,\"index\":1,\"candidate\":\"quickstart-"
                + c.id() + "\",\"seed\":5,\"rung\":0,\"status\":\"TRAINED\",\"reason\":\"ok\",\"canonical\":"
                + canonical + "}";
        record Case(String line, String problem) {}
        List<Case> cases = List.of(
                new Case("not json", "not a journal line (not valid JSON)"),
                new Case("[1,2]", "not a journal line (not a JSON object)"),
                new Case("{\"type\":\"oops\"}", "unknown type 'oops' (a journal line is of type evaluation or "
                        + "generation)"),
                new Case("{\"generation\":1}", "field 'type' is missing"),
                new Case("{\"type\":\"generation\",\"generation\":\"x\"}",
                        "field 'generation' is \"x\" (expected a whole number >= 0)"),
                new Case(good.replace("TRAINED", "BOGUS"), "unknown status 'BOGUS' (expected one of TRAINED, "
                        + "SCREENED_OUT, DIVERGED, FAILED)"),
                new Case(good.replace("\"ok\"", "\" \""), "field 'reason' is blank (every outcome has a reason)"),
                new Case(good.replace("\"seed\":5", "\"seed\":1.5"), "field 'seed' is 1.5 (expected a whole number)"),
                new Case(good.replace("\"rung\":0,", ""), "field 'rung' is missing"),
                new Case(good.replace("\"seed\":5", "\"seed\":5,\"auc\":\"high\""),
                        "field 'auc' is \"high\" (expected a number or null)"),
                new Case(good.replace("\"seed\":5", "\"seed\":5,\"health_measures\":3"),
                        "field 'health_measures' is 3 (expected names with numbers)"),
                new Case(good.replace("\"seed\":5", "\"seed\":5,\"health_measures\":{\"init_score\":\"x\"}"),
                        "field 'health_measures.init_score' is \"x\" (expected a number or null)"),
                new Case(good.replace("\"seed\":5", "\"seed\":5,\"flags\":[1]"),
                        "field 'flags' holds 1 (expected names)"),
                new Case(good.replace("\"candidate\":\"quickstart-", "\"candidate\":\"Quick start-"),
                        "field 'candidate' is not a candidate's name (name must match [a-z0-9][a-z0-9._-]* (at most "
                        + "200 characters) but was 'Quick start-" + c.id() + "')"),
                new Case(good.replace(canonical, "\"version: 1\\nkind: nonsense\""),
                        "the candidate's canonical spec does not parse ("));
        for (Case k : cases) {
            Path file = journal(tmp.resolve(String.valueOf(cases.indexOf(k))).toAbsolutePath());
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            lines.add(1, k.line().startsWith("{") ? Journal.checksummed(k.line()) : k.line());
            Files.write(file, lines);
            RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> JournalReader.read(file), k.line());
            if (k.problem().endsWith("(")) {
                assertTrue(e.getMessage().startsWith(file + ":2: " + k.problem()), e.getMessage());
                assertTrue(e.getMessage().endsWith(recovery(2)), e.getMessage());
            } else {
                assertEquals(file + ":2: " + k.problem() + recovery(2), e.getMessage());
            }
            assertTrue(!e.getMessage().contains("Source:") && !e.getMessage().contains("No enum constant")
                    && !e.getMessage().contains("tools.jackson"), e.getMessage());
            if (k.line().startsWith("{")) {
                lines.set(1, k.line()); // the same line without its checksum, in a checksummed journal
                Files.write(file, lines);
                e = assertThrows(RunDirectoryException.class, () -> JournalReader.read(file));
                assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
            }
        }
    }

    @Test
    void journalsWrittenBeforeChecksumsLoadAndMayBeContinued() throws Exception {
        Path file = journal(tmp);
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file)) lines.add(l.replaceAll(",\"crc32\":\"[0-9a-f]{8}\"}$", "}"));
        lines.removeIf(l -> l.contains("\"rung\":1")); // an older line: no steps_to_target or loss_curve either
        lines.set(0, lines.get(0).replaceAll(",\"steps_to_target\":17", "").replaceAll(",\"loss_curve\":\\[[^]]*]", ""));
        Files.write(file, lines);
        Journal.Contents old = JournalReader.read(file);
        Outcome o = old.evaluations().get(0).outcome();
        assertEquals(-1, o.stepsToTarget(), "steps_to_target absent: not reached");
        assertEquals(List.of(), o.lossCurve());
        assertEquals(TRAINED.auc(), o.auc());
        // a resumed old journal continues with checksummed lines; unchecked lines after those are refused
        Candidate c = candidate();
        try (Journal j = Journal.append(file)) {
            j.evaluation(new Evaluation(1, 0, c, 42, 1, TRAINED, new double[] {0.8, 0.9}, 12), List.of("a", "b"));
        }
        assertEquals(2, JournalReader.read(file).evaluations().size());
        Files.writeString(file, lines.get(0) + "\n", StandardOpenOption.APPEND);
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> JournalReader.read(file));
        assertEquals(file + ":4: no checksum, though earlier lines have one: every line after the first with a "
                + "checksum must have one" + recovery(4), e.getMessage());
    }

    @Test
    void aJournalWhoseLineEndsAnEditorTurnedIntoCrlfStillChecksItsLines() throws Exception {
        Path file = journal(tmp);
        List<String> lines = Files.readAllLines(file);
        Files.writeString(file, String.join("\r\n", lines) + "\r\n");
        assertEquals(2, JournalReader.read(file).evaluations().size());
        Files.writeString(file, String.join("\r\n", lines).replace("used the budget", "used the budgeT") + "\r\n");
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> JournalReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ":1: checksum mismatch"), e.getMessage());
    }

    @Test
    void longCurvesAreReducedToBucketMeans() {
        double[] curve = new double[1000];
        Arrays.fill(curve, 2.0);
        List<Double> reduced = Outcome.curve(curve);
        assertEquals(Outcome.CURVE_POINTS, reduced.size());
        assertTrue(reduced.stream().allMatch(v -> v == 2.0));
    }
}
