package io.gradforge.cli;

import static io.gradforge.cli.SearchCommandTest.gradforge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradforge.cli.SearchCommandTest.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both HTML reports loaded in a real browser: Debian's headless chromium (skipped where it is not installed) opens
 * each page, must log no console message, and takes a screenshot in which the charts are visible (a good share of
 * the page is drawn in colour, not white or grey text).
 */
@Tag("browser")
class ReportScreenshotTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    @Test
    void diagnoseReportRendersWithItsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path page = tmp.resolve("diagnosis.html");
        Run r = gradforge("diagnose", Path.of("..", "specs", "relu30-xavier.yaml").toString(), "--steps", "100",
                "--report", page.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertColourfulScreenshot(page, 0.05); // measured 13.7%
    }

    @Test
    void searchReportRendersWithItsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed");
        Path out = tmp.resolve("run");
        Run r = gradforge("search", "--table", Path.of("..", "bench", "search-quality", "tables", "quickstart").toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        // measured 0.9% in a 1200 x 3200 window: mostly tables and white space (a table search records no curves or
        // gradient norms, so its report has no loss-curve or gradient-flow chart)
        assertColourfulScreenshot(out.resolve("report.html"), 0.005);
    }

    /** Screenshots {@code page}; no console output; at least {@code share} of the pixels saturated colour. */
    private void assertColourfulScreenshot(Path page, double share) throws IOException, InterruptedException {
        Path png = tmp.resolve(page.getFileName() + ".png");
        Path log = tmp.resolve(page.getFileName() + ".log");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--window-size=1200,3200",
                "--user-data-dir=" + tmp.resolve("profile"), "--screenshot=" + png, page.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(Files.exists(png), output);
        // Chromium logs every console message of the page as "CONSOLE(line)"; a page without script has none.
        assertTrue(output.lines().noneMatch(l -> l.contains("CONSOLE") || l.contains("Uncaught")), output);
        BufferedImage image = ImageIO.read(png.toFile());
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int red = rgb >> 16 & 0xff, green = rgb >> 8 & 0xff, blue = rgb & 0xff;
                int max = Math.max(red, Math.max(green, blue)), min = Math.min(red, Math.min(green, blue));
                if (max - min > 60) coloured++; // saturated: chart lines, dots and cells, not text or grid
            }
        }
        double measured = (double) coloured / ((long) image.getWidth() * image.getHeight());
        System.out.printf("%s: %.1f%% of the screenshot in colour%n", page.getFileName(), 100 * measured);
        assertTrue(measured >= share, page + ": only " + measured + " of the pixels in colour");
    }
}
