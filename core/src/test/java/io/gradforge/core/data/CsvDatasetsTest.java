package io.gradforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private DataFileException fails(String content, CsvOptions options) throws IOException {
        Path file = write("bad.csv", content);
        return assertThrows(DataFileException.class, () -> CsvDatasets.read(file, options));
    }

    private void assertError(String content, CsvOptions options, int line, int column, String detail) throws IOException {
        DataFileException e = fails(content, options);
        assertEquals(detail, e.detail(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        String where = dir.resolve("bad.csv") + ":" + line + (column > 0 ? ":" + column : "") + ": ";
        assertEquals(where + detail, e.getMessage());
    }

    @Test
    void regressionWithStandardization() throws IOException {
        Path file = write("houses.csv", "area,rooms,price\n1,10,100.5\n2,10,200\n3,10,300\n\n");
        Dataset d = CsvDatasets.read(file, CsvOptions.of("price").withStandardize(true));
        assertEquals("houses", d.name());
        assertEquals(TaskKind.REGRESSION, d.task());
        assertEquals(3, d.size());
        assertEquals(List.of("area", "rooms"), d.featureNames());
        assertArrayEquals(new double[] {100.5, 200, 300}, d.targets());
        // area: mean 2, population std sqrt(2/3); rooms: constant -> centred only
        FeatureScaling s = d.featureScaling().orElseThrow();
        assertArrayEquals(new double[] {2, 10}, s.means(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), 0}, s.stds(), 1e-15);
        double z = 1 / Math.sqrt(2.0 / 3);
        assertArrayEquals(new double[] {-z, 0, 0, 0, z, 0}, d.features(), 1e-12);
        assertEquals(z, s.standardize(3, 0), 1e-12);

        Dataset raw = CsvDatasets.read(file, CsvOptions.of("price"));
        assertTrue(raw.featureScaling().isEmpty());
        assertArrayEquals(new double[] {1, 10, 2, 10, 3, 10}, raw.features());
    }

    @Test
    void multiclassWithQuotedFields() throws IOException {
        Path file = write("iris.csv", "\"sepal, length\",species,width\r\n"
                + "5.1,\"setosa\",0.2\r\n"
                + "\" 7.0 \",versicolor,1.4\r\n"
                + "6.3,\"vir\"\"ginica\",2.5\r\n"
                + "4.9,setosa,0.1\r\n");
        Dataset d = CsvDatasets.read(file, CsvOptions.of("species"));
        assertEquals(TaskKind.MULTICLASS, d.task());
        assertEquals(List.of("setosa", "versicolor", "vir\"ginica"), d.classLabels());
        assertEquals(List.of("sepal, length", "width"), d.featureNames());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, d.targets());
        assertArrayEquals(new double[] {5.1, 0.2, 7.0, 1.4, 6.3, 2.5, 4.9, 0.1}, d.features());
    }

    @Test
    void binaryAutoAndExplicitTasks() throws IOException {
        Path file = write("spam.csv", "x,label\n1,yes\n2,no\n3,yes\n");
        Dataset d = CsvDatasets.read(file, CsvOptions.of("label"));
        assertEquals(TaskKind.BINARY, d.task());
        assertEquals(List.of("no", "yes"), d.classLabels());
        assertArrayEquals(new double[] {1, 0, 1}, d.targets());
        Dataset multi = CsvDatasets.read(file, CsvOptions.of("label").withTask(TaskKind.MULTICLASS));
        assertEquals(2, multi.outputSize());

        // numeric labels: regression unless a classification task is asked for; then sorted numerically
        Path numeric = write("digits.csv", "x,digit\n1,10\n2,9\n3,2\n4,9\n");
        assertEquals(TaskKind.REGRESSION, CsvDatasets.read(numeric, CsvOptions.of("digit")).task());
        Dataset digits = CsvDatasets.read(numeric, CsvOptions.of("digit").withTask(TaskKind.MULTICLASS));
        assertEquals(List.of("2", "9", "10"), digits.classLabels());
        assertEquals(2, digits.classOf(0));
    }

    @Test
    void semicolonSeparator() throws IOException {
        Path file = write("semi.csv", "a;b;y\n1.5;2;0\n");
        Dataset d = CsvDatasets.read(file, CsvOptions.of("y").withSeparator(';'));
        assertArrayEquals(new double[] {1.5, 2}, d.features());
    }

    @Test
    void notANumberNamesLineColumnAndColumnName() throws IOException {
        String csv = "sepal,petal_length,petal_width,species\n"
                + "1,2,3,a\n"
                + "1,2,abc,b\n";
        assertError(csv, CsvOptions.of("species"), 3, 3, "'abc' is not a number (feature column 'petal_width')");
        assertError("a,y\n1,2\n\n\nNaN,3\n", CsvOptions.of("y"), 5, 1, "'NaN' is not a finite number (feature column 'a')");
        assertError("a,y\n1,2\n,3\n", CsvOptions.of("y"), 3, 1, "'' is not a number (feature column 'a')");
        assertError("a,y\n1,2\n3,x\n", CsvOptions.of("y").withTask(TaskKind.REGRESSION), 3, 2,
                "'x' is not a number (target column 'y')");
    }

    @Test
    void wrongFieldCounts() throws IOException {
        assertError("a,b,y\n1,2,3\n1,2\n", CsvOptions.of("y"), 3, 3, "row has 2 fields but the header has 3");
        assertError("a,b,y\n1,2,3,4,5\n", CsvOptions.of("y"), 2, 4, "row has 5 fields but the header has 3");
    }

    @Test
    void lineNumbersCountLinesInsideQuotedFields() throws IOException {
        assertError("a,b,y\n1,\" 2\n\",3\nx,4,5\n", CsvOptions.of("y"), 4, 1,
                "'x' is not a number (feature column 'a')");
        // a bad multi-line value is reported at the line where its field starts
        assertError("a,b,y\n1,\"two\nlines\",3\n", CsvOptions.of("y"), 2, 2,
                "'two\nlines' is not a number (feature column 'b')");
    }

    @Test
    void structuralErrors() throws IOException {
        assertError("", CsvOptions.of("y"), 1, 0, "empty file; expected a header row naming the columns");
        assertError("\n\n", CsvOptions.of("y"), 1, 0, "empty file; expected a header row naming the columns");
        assertError("a,b,c\n1,2,3\n", CsvOptions.of("y"), 1, 0, "target column 'y' not found; the columns are [a, b, c]");
        assertError("a,y\n\n", CsvOptions.of("y"), 2, 0, "no data rows after the header");
        assertError("y\n1\n", CsvOptions.of("y"), 1, 0, "no feature columns; the header has only the target column 'y'");
        assertError("a,a,y\n", CsvOptions.of("y"), 1, 2, "duplicate column name 'a' (also column 1)");
        assertError("a,,y\n", CsvOptions.of("y"), 1, 2, "empty column name in the header");
        assertError("a,y\n1,\"open\n2,3\n", CsvOptions.of("y"), 2, 2, "unterminated quoted field; expected a closing '\"'");
        assertError("a,y\n1,\"x\"z\n", CsvOptions.of("y"), 2, 2,
                "unexpected 'z' after a closing quote; expected ',' or the end of the line");
        assertError("a,y\n1,k\n2,k\n", CsvOptions.of("y"), 2, 2,
                "target column 'y' has only one class [k]; classification needs at least 2");
        assertError("a,y\n1,p\n2,q\n3,r\n", CsvOptions.of("y").withTask(TaskKind.BINARY), 2, 2,
                "target column 'y' has 3 classes [p, q, r] but task BINARY needs exactly 2");
        assertError("a,y\n1,p\n2,\n", CsvOptions.of("y"), 3, 2, "missing class label (target column 'y')");
    }

    /** 200 rows "x,y" with y = 0.5 i, the numeric target column of a regression. */
    private static StringBuilder numericRows() {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) csv.append(i).append(',').append(i * 0.5).append('\n');
        return csv;
    }

    @Test
    void aTypoOrNaNInANumericTargetIsNamedNotTurnedIntoClasses() throws IOException {
        String typo = numericRows().toString().replace("\n16,8.0\n", "\n16,8.o\n");
        assertError(typo, CsvOptions.of("y"), 18, 2, "target column 'y' holds numbers except in 1 of 200 rows (line 18"
                + " '8.o'); expected a finite number in every row (regression), or set task: classification to read every"
                + " value as a class label");
        String twoBad = numericRows().toString().replace("\n3,1.5\n", "\n3,NaN\n").replace("\n150,75.0\n", "\n150,\n");
        assertError(twoBad, CsvOptions.of("y"), 5, 2, "target column 'y' holds numbers except in 2 of 200 rows (line 5"
                + " 'NaN', line 152 ''); expected a finite number in every row (regression), or set task: classification"
                + " to read every value as a class label");
        StringBuilder many = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) many.append(i).append(',').append(i % 10 == 0 ? "n/a" : Integer.toString(i % 3)).append('\n');
        assertError(many.toString(), CsvOptions.of("y"), 2, 2, "target column 'y' holds numbers except in 10 of 100 rows"
                + " (line 2 'n/a', line 12 'n/a', line 22 'n/a', line 32 'n/a', line 42 'n/a' and 5 more); expected a"
                + " finite number in every row (regression), or set task: classification to read every value as a class label");
        // one more (11%) is more than a few: class labels (0, 1, 2, n/a)
        assertEquals(4, CsvDatasets.read(write("mixed.csv", many.toString().replace("\n5,2\n", "\n5,n/a\n")),
                CsvOptions.of("y")).outputSize());
        // asked for classification, the same column is read as classes
        assertEquals(200, CsvDatasets.read(write("typo.csv", typo), CsvOptions.of("y").withTask(TaskKind.MULTICLASS))
                .classLabels().size());
    }

    @Test
    void aLabelColumnWithAboutOneRowPerValueIsNotTakenForClasses() throws IOException {
        StringBuilder ids = new StringBuilder("x,id\n");
        for (int i = 0; i < 40; i++) ids.append(i).append(",row-").append(i % 30).append('\n');
        assertError(ids.toString(), CsvOptions.of("id"), 2, 2, "target column 'id' has 30 distinct values in 40 rows, too"
                + " many to be classes (task auto reads a column that is not all numbers as class labels); expected class"
                + " labels that repeat (at most 19 distinct values here) or numbers in every row (regression); set task:"
                + " classification if these really are classes");
        StringBuilder classes = new StringBuilder("x,label\n");
        for (int i = 0; i < 40; i++) classes.append(i).append(",c").append(i % 20).append('\n');
        assertEquals(20, CsvDatasets.read(write("classes.csv", classes.toString()), CsvOptions.of("label")).outputSize());
    }

    @Test
    void encodingByteOrderMarkAndProgress() throws IOException {
        Path bom = write("bom.csv", "\uFEFFa,y\n1,2\n3,4\n");
        assertEquals(List.of("a"), CsvDatasets.read(bom, CsvOptions.of("y")).featureNames());
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'});
        DataFileException e = assertThrows(DataFileException.class, () -> CsvDatasets.read(latin1, CsvOptions.of("y")));
        assertEquals(latin1 + ": the file is not valid UTF-8 (Input length = 1); save it as UTF-8", e.getMessage());
        // a file of 3 MiB reports its bytes about once per MiB, then the total
        StringBuilder big = new StringBuilder("a,b,y\n");
        while (big.length() < 3 << 20) big.append("0.123456,1.234567,2.5\n");
        Path file = write("big.csv", big.toString());
        List<long[]> calls = new java.util.ArrayList<>();
        Dataset d = CsvDatasets.read(file, CsvOptions.of("y"), (done, total) -> calls.add(new long[] {done, total}));
        assertEquals(big.length() / 22, d.size());
        assertTrue(calls.size() >= 3 && calls.size() <= 5, "calls: " + calls.size());
        assertArrayEquals(new long[] {Files.size(file), Files.size(file)}, calls.get(calls.size() - 1));
    }

    @Test
    void optionsValidation() {
        assertEquals("target column must not be blank but was ' '.",
                assertThrows(IllegalArgumentException.class, () -> CsvOptions.of(" ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvOptions.of("y").withSeparator('"'));
    }
}
