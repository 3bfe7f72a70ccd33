package io.gradforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.IntRangeGene;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingLength;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gradforge tabulate, and gradforge search --table on what it made. */
class TabulateCommandTest {
    @TempDir
    Path tmp;

    /** The quickstart space narrowed to 1-2 blocks, relu/tanh, one init, no norm or clipping: 24 combinations. */
    Path tinySpace() throws Exception {
        SearchSpec s = SpecReader.readSearch(Path.of("..", "specs", "quickstart.yaml"));
        var sp = s.space();
        SearchSpec tiny = s.withSpace(sp.withDepth(IntRangeGene.of(1, 2)).withWidth(ChoiceGene.of(List.of(8)))
                        .withActivation(ChoiceGene.of(List.of(sp.activation().choices().get(1),
                                sp.activation().choices().get(2))))
                        .withInit(ChoiceGene.of(List.of(sp.init().choices().get(1))))
                        .withNormalization(ChoiceGene.of(List.of(sp.normalization().choices().get(0))))
                        .withClipping(ChoiceGene.of(List.of(sp.clipping().choices().get(0)))))
                .withTraining(s.training().withLength(TrainingLength.steps(20)))
                .withBudget(new BudgetSpec(10, null, true, false)).withParallelism(2);
        Path file = tmp.resolve("tiny.yaml");
        SpecWriter.write(tiny, file);
        return file;
    }

    @Test
    void tabulateThenSearchTheTableWithoutTraining() throws Exception {
        Path spec = tinySpace();
        Path table = tmp.resolve("table");
        var made = SearchCommandTest.gradforge("tabulate", spec.toString(), "--out", table.toString(),
                "--learning-rates", "2", "--quiet");
        assertEquals(0, made.code(), made.err());
        List<String> rows = Files.readAllLines(table.resolve("table.csv"));
        // depth 2 x activation 2 x skip 2 x learning rate 2, of which depth 1 with a residual skip repeats depth 1
        assertEquals(1 + 16, rows.size());
        assertTrue(rows.get(1).startsWith("1,8,tanh,he_normal,none,none,none,0.001,"), rows.get(1));
        assertTrue(Files.readString(table.resolve("search.yaml")).contains("steps: 2"));

        var searched = SearchCommandTest.gradforge("search", "--table", table.toString(), "--out",
                tmp.resolve("s").toString(), "--seed", "4", "--json", "--quiet");
        assertEquals(0, searched.code(), searched.err());
        assertTrue(searched.out().contains("\"evaluations\" : 10"),
                searched.out());
        var again = SearchCommandTest.gradforge("search", spec.toString(), "--table", table.toString(), "--out",
                tmp.resolve("s2").toString(), "--seed", "4", "--json", "--quiet");
        assertEquals(0, again.code(), again.err());
        assertEquals(Files.readString(tmp.resolve("s/front.csv")), Files.readString(tmp.resolve("s2/front.csv")),
                "the spec the table was made from searches it as the table's own spec does");
    }

    @Test
    void badUseIsAOneLineErrorWithExit2() throws Exception {
        var perLayer = tmp.resolve("per-layer.yaml");
        Files.writeString(perLayer, Files.readString(Path.of("..", "specs", "spirals-search.yaml")));
        var r = SearchCommandTest.gradforge("tabulate", perLayer.toString(), "--out", tmp.resolve("t").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("a table needs one choice per network, but width is per_layer: true in search "
                + "'spirals-search'; set per_layer: false to tabulate it"), r.err());
        var noTable = SearchCommandTest.gradforge("search", "--table", tmp.resolve("missing").toString());
        assertEquals(2, noTable.code(), noTable.err());
        assertTrue(noTable.err().contains("not a finished table"), noTable.err());
        var other = SearchCommandTest.gradforge("tabulate", tinySpace().toString(), "--out",
                tmp.resolve("t2").toString(), "--learning-rates", "2", "--quiet");
        assertEquals(0, other.code(), other.err());
        var mismatch = SearchCommandTest.gradforge("search", "../specs/quickstart.yaml", "--table",
                tmp.resolve("t2").toString());
        assertEquals(2, mismatch.code(), mismatch.err());
        assertTrue(mismatch.err().contains("cannot search table") && mismatch.err().contains("its space differs"),
                mismatch.err());
    }
}
