package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.gradforge.cli.SearchCommandTest.gradforge;

import io.gradforge.cli.SearchCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    /** The small quickstart search of {@link SearchCommandTest}, written to a file. */
    Path smallQuickstart() throws Exception {
        SearchCommandTest helper = new SearchCommandTest();
        helper.tmp = tmp;
        return helper.smallQuickstart();
    }

    static int dots(String html) {
        Matcher m = Pattern.compile("<circle class=\"dot\"").matcher(html);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void searchWritesTheReportAndReportRegeneratesItFromTheRunDirectory() throws Exception {
        Path dir = tmp.resolve("run");
        Run search = gradforge("search", smallQuickstart().toString(), "--out", dir.toString(), "--quiet");
        assertEquals(0, search.code(), search.err());
        assertTrue(search.out().contains("results: " + dir + "/ (report.html, best.yaml,"), search.out());
        Path report = dir.resolve("report.html");
        String written = Files.readString(report);
        long evaluations = Files.readAllLines(dir.resolve("journal.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"evaluation\"")).count();
        assertEquals(evaluations, dots(written));

        Files.delete(report);
        Run again = gradforge("report", dir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("report: " + report), again.out());
        String regenerated = Files.readString(report);
        assertEquals(evaluations, dots(regenerated));
        // the same page, wall time included: the search and the report read the run through the same reader
        assertEquals(written, regenerated);
        assertTrue(written.matches("(?s).*wall time</dt><dd>\\d+\\.\\d s</dd>.*"), written);
    }

    @Test
    void anInterruptedRunWithoutSummaryStillGetsAReport() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, gradforge("search", smallQuickstart().toString(), "--out", dir.toString(), "--quiet").code());
        for (String f : new String[] {"summary.json", "front.csv", "best.yaml", "report.html"}) {
            Files.delete(dir.resolve(f));
        }
        String journal = Files.readString(dir.resolve("journal.jsonl"));
        Files.writeString(dir.resolve("journal.jsonl"), journal + "{\"type\":\"evaluation\",\"gen"); // cut by a kill
        Run r = gradforge("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<dd>interrupted</dd>"), "stop reason without a summary");
        assertTrue(html.contains("<table class=\"front\">"), "the front is recomputed from the journal");
    }

    @Test
    void aMissingRunDirectoryExitsWith2AndOneLine() {
        Run r = gradforge("report", tmp.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no such run directory"), r.err());
        Run notRun = gradforge("report", tmp.toString());
        assertEquals(2, notRun.code());
        assertTrue(notRun.err().contains("not a run directory"), notRun.err());
    }
}
