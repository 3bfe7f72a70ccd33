package io.gradforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset small() {
        double[][] x = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        double[][] y = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}};
        return Dataset.of("small", x, y, TaskKind.MULTICLASS, List.of("a", "b", "c"));
    }

    @Test
    void ofCopiesAndExposesShape() {
        double[][] x = {{1, 2}, {3, 4}};
        double[][] y = {{0.5}, {-1}};
        Dataset d = Dataset.of("reg", x, y, TaskKind.REGRESSION);
        x[0][0] = 99;
        assertEquals(1.0, d.feature(0, 0));
        assertEquals(2, d.size());
        assertEquals(2, d.inputSize());
        assertEquals(1, d.outputSize());
        assertEquals(-1.0, d.target(1, 0));
        assertEquals(List.of("x0", "x1"), d.featureNames());
        assertTrue(d.classLabels().isEmpty());
        double[] features = d.features();
        features[0] = 42;
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.features());
        assertThrows(IndexOutOfBoundsException.class, () -> d.feature(2, 0));
        assertEquals(List.of("0", "1"), Dataset.of("b", x, new double[][] {{0}, {1}}, TaskKind.BINARY).classLabels());
    }

    @Test
    void classOf() {
        Dataset d = small();
        assertArrayEquals(new int[] {0, 1, 2, 1}, IntStream.range(0, 4).map(d::classOf).toArray());
    }

    @Test
    void rejectsInconsistentData() {
        double[][] x = {{1, 2}, {3, 4}};
        assertMessage("BINARY targets must be 0 or 1 but row 1 was 0.5.",
                () -> Dataset.of("b", x, new double[][] {{0}, {0.5}}, TaskKind.BINARY));
        assertMessage("MULTICLASS targets must be one-hot but row 0 was [1.0, 1.0].",
                () -> Dataset.of("m", x, new double[][] {{1, 1}, {0, 1}}, TaskKind.MULTICLASS));
        assertMessage("input row 1 must have 2 values but had 1.",
                () -> Dataset.of("r", new double[][] {{1, 2}, {3}}, new double[][] {{0}, {1}}, TaskKind.REGRESSION));
        assertMessage("feature at row 1, column 0 must be finite but was NaN.",
                () -> Dataset.of("r", new double[][] {{1, 2}, {Double.NaN, 2}}, new double[][] {{0}, {1}}, TaskKind.REGRESSION));
        assertMessage("dataset 'e' must have at least one row but had none.",
                () -> Dataset.of("e", new double[0][], new double[0][], TaskKind.REGRESSION));
        assertMessage("a MULTICLASS dataset needs 2 distinct class labels but was [a, a].",
                () -> Dataset.of("m", x, new double[][] {{1, 0}, {0, 1}}, TaskKind.MULTICLASS, List.of("a", "a")));
    }

    @Test
    void copyRowsFillsBothPrecisions() {
        Dataset d = small();
        int[] order = {3, 0, 2, 1};
        Tensor x64 = Tensor.zeros(Precision.FLOAT64, 2, 2);
        Tensor y64 = Tensor.zeros(Precision.FLOAT64, 2, 3);
        d.copyRows(order, 1, 2, x64, y64);
        assertArrayEquals(new double[] {1, 2, 5, 6}, x64.f64());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1}, y64.f64());

        Tensor x32 = Tensor.zeros(Precision.FLOAT32, 3, 2);
        Tensor y32 = Tensor.zeros(Precision.FLOAT32, 3, 3);
        x32.fill(-9);
        d.copyRows(order, 0, 2, x32, y32);
        assertArrayEquals(new float[] {7, 8, 1, 2, -9, -9}, x32.f32()); // rows past count untouched
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 0, 0, 0}, y32.f32());
    }

    @Test
    void copyRowsRejectsBadArguments() {
        Dataset d = small();
        Tensor x = Tensor.zeros(Precision.FLOAT64, 2, 2);
        Tensor y = Tensor.zeros(Precision.FLOAT64, 2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyRows(new int[] {0, 1}, 1, 2, x, y));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> d.copyRows(new int[] {0, 4}, 0, 2, x, y));
        assertEquals("row index must be in [0, 4) but indices[1] was 4.", e.getMessage());
        assertMessage("x batch must be at least 3x2 but was 2x2.", () -> d.copyRows(new int[] {0, 1, 2}, 0, 3, x, y));
        assertMessage("y batch must be at least 2x3 but was 2x2.",
                () -> d.copyRows(new int[] {0, 1}, 0, 2, x, Tensor.zeros(Precision.FLOAT64, 2, 2)));
    }

    @Test
    void copyRowsAllocatesNothing() {
        Dataset d = Datasets.blobs(256, 4, 8, 0.3, 1);
        int[] order = IntStream.range(0, 256).map(i -> 255 - i).toArray();
        Tensor x = Tensor.zeros(Precision.FLOAT32, 32, 8);
        Tensor y = Tensor.zeros(Precision.FLOAT32, 32, 4);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int b = 0; b < 8; b++) d.copyRows(order, b * 32, 32, x, y);
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int r = 0; r < 50; r++) {
            for (int b = 0; b < 8; b++) d.copyRows(order, b * 32, 32, x, y);
        }
        long perCall = (mx.getCurrentThreadAllocatedBytes() - before) / 400;
        assertTrue(perCall < 64, "copyRows allocated " + perCall + " bytes per call");
    }

    @Test
    void splitIsSeededAndPartitionsTheRows() {
        Dataset d = Datasets.sine(101, 0.1, 3);
        DatasetSplit s = d.split(0.2, 11);
        assertEquals(81, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals("sine/train", s.train().name());
        assertEquals(s, d.split(0.2, 11));
        assertNotEquals(s, d.split(0.2, 12));
        // every original row lands in exactly one part
        double[] all = d.features();
        double[] joined = new double[101];
        System.arraycopy(s.train().features(), 0, joined, 0, 81);
        System.arraycopy(s.validation().features(), 0, joined, 81, 20);
        Arrays.sort(all);
        Arrays.sort(joined);
        assertArrayEquals(all, joined);
        assertEquals(0, d.split(0, 1).validation().size());
        assertMessage("validation fraction must be in [0, 1) but was 1.0.", () -> d.split(1.0, 1));
        Dataset one = Dataset.of("one", new double[][] {{1}}, new double[][] {{1}}, TaskKind.REGRESSION);
        assertMessage("validation fraction 0.6 leaves no training rows of 1.", () -> one.split(0.6, 1));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
    @Test
    void float32FeaturesAreTheNumbersAFloat32BatchHoldsInHalfTheMemory() {
        java.util.random.RandomGenerator r = Rngs.create(3);
        double[][] x = new double[50][3];
        double[][] y = new double[50][1];
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = r.nextGaussian() * 1e3 + 0.1;
            y[i][0] = r.nextGaussian();
        }
        Dataset wide = Dataset.of("d", x, y, TaskKind.REGRESSION);
        Dataset compact = wide.asFloat32();
        assertTrue(compact.isFloat32());
        assertTrue(!wide.isFloat32());
        assertTrue(compact == compact.asFloat32(), "already float32: itself");
        int[] rows = IntStream.range(0, 50).map(i -> 49 - i).toArray();
        Tensor a = Tensor.zeros(Precision.FLOAT32, 50, 3);
        Tensor b = Tensor.zeros(Precision.FLOAT32, 50, 3);
        Tensor ya = Tensor.zeros(Precision.FLOAT32, 50, 1);
        Tensor yb = Tensor.zeros(Precision.FLOAT32, 50, 1);
        wide.copyRows(rows, 0, 50, a, ya);
        compact.copyRows(rows, 0, 50, b, yb);
        assertArrayEquals(a.f32(), b.f32(), "a float32 batch holds the same numbers either way");
        assertArrayEquals(ya.f32(), yb.f32());
        Tensor c = Tensor.zeros(Precision.FLOAT64, 50, 3);
        compact.copyRows(rows, 0, 50, c, Tensor.zeros(Precision.FLOAT64, 50, 1));
        assertEquals((double) (float) x[49][2], c.f64()[2], 0.0);
        assertEquals((double) (float) x[7][1], compact.feature(7, 1), 0.0);
        assertEquals((double) (float) x[7][1], compact.features()[7 * 3 + 1], 0.0);
        assertEquals(y[7][0], compact.target(7, 0), 0.0, "targets stay float64");
        assertNotEquals(wide, compact);
        var split = compact.split(0.2, 5);
        assertTrue(split.train().isFloat32() && split.validation().isFloat32());
        assertEquals(wide.split(0.2, 5).train().asFloat32(), split.train());
        assertEquals(wide.shuffled(9).asFloat32(), compact.shuffled(9));
        double[][] huge = {{1, 1e39}};
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("h", huge, new double[][] {{0}}, TaskKind.REGRESSION).asFloat32());
        assertEquals("feature x1 of row 1 is 1.0E39, beyond float32's range (+-3.4e38); scale the data or use "
                + "precision: float64.", e.getMessage());
    }
}
