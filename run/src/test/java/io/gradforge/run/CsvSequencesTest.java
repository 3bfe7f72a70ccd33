package io.gradforge.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.data.Dataset;
import io.gradforge.core.train.TrainingResult;
import io.gradforge.core.train.TrainingStatus;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSV sequences end to end (docs/recurrent.md, "CSV sequences"): specs/adding-csv.yaml reads
 * specs/data/adding-sequences.csv, one sequence a row, its feature columns step by step in file order, which is
 * the recurrent layers' input layout; a GRU learns the adding problem (T = 10) from it.
 */
class CsvSequencesTest {
    private static final Path SPEC = Path.of("..", "specs", "adding-csv.yaml");
    private static final Path CSV = Path.of("..", "specs", "data", "adding-sequences.csv");
    private static final double TRIVIAL_MSE = 1.0 / 6;

    @Test
    void aCsvRowIsOneSequenceInTheLayersLayout() throws Exception {
        ExperimentSpec spec = SpecReader.readExperiment(SPEC);
        Dataset data = Experiment.data(spec, SPEC);
        List<String> lines = Files.readAllLines(CSV);
        String[] header = lines.get(0).split(",");
        assertEquals(lines.size() - 1, data.size());
        assertEquals(20, data.inputSize());
        assertEquals(List.of(header).subList(0, 20), data.featureNames(), "features in file order: step by step");
        for (int row : new int[] {0, 1, 511}) {
            String[] cells = lines.get(row + 1).split(",");
            for (int t = 0; t < 10; t++) {
                // step t's 2 features at columns 2t, 2t+1: value and marker, not rescaled (standardize: false)
                assertEquals(Double.parseDouble(cells[2 * t]), data.feature(row, 2 * t), 0.0);
                assertEquals(Double.parseDouble(cells[2 * t + 1]), data.feature(row, 2 * t + 1), 0.0);
            }
            assertEquals(Double.parseDouble(cells[20]), data.target(row, 0), 0.0);
        }
    }

    @Test
    void aGruLearnsTheAddingProblemFromTheCsv() throws Exception {
        ExperimentSpec spec = SpecReader.readExperiment(SPEC);
        TrainingResult r = Experiment.run(spec, SPEC).result();
        assertEquals(TrainingStatus.COMPLETED, r.status(), r.toString());
        assertTrue(r.finalValidationLoss() < TRIVIAL_MSE / 10, "validation MSE " + r.finalValidationLoss());
    }
}
