package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.CsvTask;
import io.gradforge.dsl.spec.DataScale;
import io.gradforge.dsl.spec.IdxData;
import io.gradforge.dsl.spec.NpyData;
import io.gradforge.dsl.spec.SearchSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The IDX and NPY paths a search spec names are made absolute, so search.yaml and best.yaml work anywhere. */
class FileDataPathsTest {
    private static final Path SPEC_FILE = Path.of("/work/specs/mnist-search.yaml");

    @Test
    void idxAndNpyPathsAreResolvedAgainstTheSpecFile() throws Exception {
        SearchSpec q = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        SearchSpec idx = q.withTraining(q.training().withData(new IdxData("data/train-images-idx3-ubyte.gz",
                "/data/train-labels-idx1-ubyte.gz", DataScale.UNIT, 10)));
        assertEquals(new IdxData("/work/specs/data/train-images-idx3-ubyte.gz", "/data/train-labels-idx1-ubyte.gz",
                DataScale.UNIT, 10), Search.withAbsoluteData(idx, SPEC_FILE).training().data());
        SearchSpec npy = q.withTraining(q.training().withData(new NpyData("X.npy", "../y.npy", CsvTask.REGRESSION,
                DataScale.NONE, null)));
        SearchSpec absolute = Search.withAbsoluteData(npy, SPEC_FILE);
        assertEquals(new NpyData("/work/specs/X.npy", "/work/y.npy", CsvTask.REGRESSION, DataScale.NONE, null),
                absolute.training().data());
        // what search.yaml holds reads back the same from anywhere
        assertEquals(absolute, SpecReader.fromString(SpecWriter.write(absolute), "elsewhere/search.yaml"));
        assertSame(absolute, Search.withAbsoluteData(absolute, SPEC_FILE), "already absolute: unchanged");
        assertSame(npy, Search.withAbsoluteData(npy, null), "no spec file: unchanged");
    }
}
