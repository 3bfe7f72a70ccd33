package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.DataFileException;
import io.gradforge.core.data.Dataset;
import io.gradforge.core.data.TaskKind;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: IDX and NPY files written byte by byte into a directory, a YAML spec naming them by relative paths,
 * a few training steps through {@link Experiment}, and the data checked value by value on arrival.
 */
class FileDataExperimentTest {
    @TempDir
    Path dir;

    private static final int ROWS = 24;

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** An IDX file of unsigned bytes: 0, 0, 0x08, the dimension count, big-endian dimensions, the values. */
    private static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(values).array();
    }

    /** An NPY 1.0 file: magic, version, little-endian header length, the dict padded to 64 bytes, the values. */
    private static byte[] npy(String descr, String shape, byte[] values) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        return b.putShort((short) header.length).put(header).put(values).array();
    }

    private static int pixel(int row, int col) {
        return (row * 37 + col * 11) % 256;
    }

    private Path spec(String name, int input, int output, String loss, String data) throws IOException {
        Path file = dir.resolve("specs").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                version: 1
                name: %s
                network:
                  input: %d
                  layers:
                    - dense: {units: 8, activation: tanh}
                  output: {units: %d, activation: identity}
                training:
                  data: %s
                  loss: %s
                  optimizer: {name: adam, learning_rate: 0.01}
                  batch_size: 8
                  steps: 5
                """.formatted(name.replace(".yaml", ""), input, output, data, loss));
    }

    private static ExperimentRun run(Path specFile) throws IOException {
        ExperimentSpec spec = SpecReader.readExperiment(specFile);
        ExperimentRun run = Experiment.run(spec, specFile);
        assertEquals(5, run.result().steps());
        for (double loss : run.result().lossCurve()) assertTrue(Double.isFinite(loss), run.result().toString());
        return run;
    }

    @Test
    void idxImagesAndGzippedLabelsTrainFromASpec() throws IOException {
        byte[] pixels = new byte[ROWS * 6];
        byte[] labels = new byte[ROWS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 6; j++) pixels[i * 6 + j] = (byte) pixel(i, j);
            labels[i] = (byte) (i % 3);
        }
        Files.createDirectories(dir.resolve("data"));
        Files.write(dir.resolve("data/images-idx3-ubyte"), idx(new int[] {ROWS, 3, 2}, pixels));
        Files.write(dir.resolve("data/labels-idx1-ubyte.gz"), gzip(idx(new int[] {ROWS}, labels)));
        Path specFile = spec("idx.yaml", 6, 3, "softmax_cross_entropy",
                "{idx: {images: ../data/images-idx3-ubyte, labels: ../data/labels-idx1-ubyte.gz}}");

        Dataset data = run(specFile).data();
        assertEquals("images-idx3-ubyte", data.name());
        assertEquals(ROWS, data.size());
        assertEquals(6, data.inputSize());
        assertEquals(TaskKind.MULTICLASS, data.task());
        assertEquals(List.of("0", "1", "2"), data.classLabels());
        for (int i = 0; i < ROWS; i++) {
            assertEquals(i % 3, data.classOf(i));
            for (int j = 0; j < 6; j++) assertEquals(pixel(i, j) / 255.0, data.feature(i, j), "row " + i + " col " + j);
        }
    }

    @Test
    void npyFeaturesWithRegressionAndClassificationTargetsTrainFromASpec() throws IOException {
        ByteBuffer x = ByteBuffer.allocate(ROWS * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.allocate(ROWS * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.allocate(ROWS * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 4; j++) x.putFloat(i * 0.5f - j);
            y.putDouble(i * 0.25 - 1);
            labels.putLong(i % 4);
        }
        Files.write(dir.resolve("X.npy"), npy("<f4", "(" + ROWS + ", 4)", x.array()));
        Files.write(dir.resolve("y.npy"), npy("<f8", "(" + ROWS + ",)", y.array()));
        Files.write(dir.resolve("labels.npy"), npy("<i8", "(" + ROWS + ",)", labels.array()));

        Dataset regression = run(spec("npy.yaml", 4, 1, "mse",
                "{npy: {features: ../X.npy, targets: ../y.npy}, scale: none}")).data();
        assertEquals("X", regression.name());
        assertEquals(TaskKind.REGRESSION, regression.task());
        assertEquals(ROWS, regression.size());
        List<Double> expected = new ArrayList<>();
        List<Double> actual = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            assertEquals(i * 0.25 - 1, regression.target(i, 0));
            for (int j = 0; j < 4; j++) {
                expected.add((double) (i * 0.5f - j));
                actual.add(regression.feature(i, j));
            }
        }
        assertEquals(expected, actual);

        Dataset classes = run(spec("npy-classes.yaml", 4, 6, "softmax_cross_entropy",
                "{npy: {features: ../X.npy, targets: ../labels.npy}, classes: 6}")).data();
        assertEquals(TaskKind.MULTICLASS, classes.task());
        assertEquals(6, classes.outputSize());
        for (int i = 0; i < ROWS; i++) assertEquals(i % 4, classes.classOf(i));
        // standardized by default: rows i * 0.5 - j have mean 5.75 - j and std 0.5 * sqrt((24^2 - 1) / 12)
        double std = 0.5 * Math.sqrt((ROWS * ROWS - 1) / 12.0);
        assertArrayEquals(new double[] {5.75, 4.75, 3.75, 2.75}, classes.featureScaling().orElseThrow().means(), 1e-12);
        assertEquals((0 - 5.75) / std, classes.feature(0, 0), 1e-12);
    }

    @Test
    void aTruncatedFileFailsTheExperimentWithItsByteOffset() throws IOException {
        byte[] full = npy("<f8", "(" + ROWS + ", 2)", new byte[ROWS * 16]);
        Files.write(dir.resolve("X.npy"), Arrays.copyOf(full, 128 + 100));
        Files.write(dir.resolve("y.npy"), npy("|u1", "(" + ROWS + ",)", new byte[ROWS]));
        Path specFile = spec("cut.yaml", 2, 1, "mse", "{npy: {features: ../X.npy, targets: ../y.npy}, task: regression}");
        ExperimentSpec spec = SpecReader.readExperiment(specFile);
        DataFileException e = assertThrows(DataFileException.class, () -> Experiment.run(spec, specFile));
        assertEquals(dir.resolve("X.npy") + ": byte 228: truncated data: expected 384 bytes (24 x 2 float64 values)"
                + " from byte 128 but found 100 (12 whole items)", e.getMessage());
    }
}
