package io.gradforge.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.health.JacobianSpectra;
import io.gradforge.core.health.JacobianSpectra.LayerJacobian;
import io.gradforge.core.health.JacobianSpectra.Mode;
import io.gradforge.core.health.JacobianSpectra.RowSpectra;
import io.gradforge.core.health.JacobianSpectra.Spread;
import java.io.StringReader;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The Jacobian charts of the diagnosis page on hand-made spectra: gaps, zeros and the empty case. */
class DiagnosisReportTest {

    private static RowSpectra spectra(double min, double median, double mean, double max) {
        return new RowSpectra(4, new Spread(mean, 0.1), new Spread(median, 0.1), new Spread(max, 0.1),
                new Spread(min, 0.1), new Spread(mean * mean, 0.1), min > 0 ? max / min : Double.POSITIVE_INFINITY,
                List.of(max, median, min), List.of(max / 2, median / 2, min / 2), List.of(2 * max, 2 * median, 2 * min));
    }

    private static void wellFormed(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    private static long count(String regex, String text) {
        return Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void layersNotMeasuredLeaveAGapAndZerosSitOnTheBottomEdge() throws Exception {
        JacobianSpectra j = new JacobianSpectra(Mode.TRAINING, false, 4, 64, List.of(
                new LayerJacobian(0, "0", "dense", 2, 8, spectra(0.5, 0.9, 1.0, 2.0), null),
                new LayerJacobian(1, "1", "dense", 8, 8, spectra(0.0, 0.3, 0.6, 2.5), null),
                new LayerJacobian(2, "2", "recurrent", 8, 8, null, "a recurrent layer maps whole sequences"),
                new LayerJacobian(3, "3", "dense", 8, 1, spectra(0.05, 0.05, 0.05, 0.05), null)),
                spectra(1e-3, 0.1, 0.2, 3.0), null);
        String svg = DiagnosisReport.layerSpectra(j);
        wellFormed(svg);
        assertEquals(3, count("<circle class=\"dot\"", svg), "a mean dot per measured layer: " + svg);
        // the gap at layer 2 splits the band and the median line in two
        assertEquals(2, count("<polygon points=", svg), svg);
        assertEquals(2, count("<polyline class=\"curve\"", svg), svg);
        // the axis spans whole decades around every positive value and 1: 0.01 .. 10
        assertTrue(svg.contains(">0.01<") && svg.contains(">10<"), svg);
        assertTrue(svg.contains("<title>layer 1 (dense): mean 0.6, median 0.3, max 2.5, min 0</title>"), svg);

        String io = DiagnosisReport.spectrum(j.inputOutput());
        wellFormed(io);
        assertEquals(3, count("<circle class=\"dot\"", io), io);
        assertTrue(io.contains("<title>sigma_3 = 0.001 (5.00e-04 .. 0.002 over the rows)</title>"), io);
    }

    @Test
    void allZeroSpectraSaySo() throws Exception {
        JacobianSpectra j = new JacobianSpectra(Mode.TRAINING, false, 4, 4, List.of(
                new LayerJacobian(0, "0", "dense", 2, 2, spectra(0, 0, 0, 0), null)), spectra(0, 0, 0, 0), null);
        String svg = DiagnosisReport.layerSpectra(j);
        wellFormed(svg);
        assertTrue(svg.contains(">every singular value is 0<"), svg);
        assertTrue(DiagnosisReport.spectrum(j.inputOutput()).contains(">every singular value is 0<"));
    }
}
