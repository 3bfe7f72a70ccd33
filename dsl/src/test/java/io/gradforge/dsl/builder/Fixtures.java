package io.gradforge.dsl.builder;

import static io.gradforge.dsl.builder.Activations.RELU;
import static io.gradforge.dsl.builder.Activations.SIGMOID;
import static io.gradforge.dsl.builder.DataSources.twoSpirals;
import static io.gradforge.dsl.builder.Inits.HE_NORMAL;
import static io.gradforge.dsl.builder.Inits.ZEROS;
import static io.gradforge.dsl.builder.Losses.MSE;
import static io.gradforge.dsl.builder.Optimizers.adam;

import io.gradforge.dsl.SpecException;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.SearchSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Specs shared by the Java and the Kotlin builder tests: YAML text, readers, and the Java-built forms. */
public final class Fixtures {

    private Fixtures() {}

    /** The examples directory, relative to the dsl module (where surefire runs). */
    public static final Path SPECS = Path.of("..", "specs");

    public static final String SPIRALS_YAML = """
            version: 1
            name: spirals
            network:
              input: 2
              defaults: {activation: relu, init: he_normal}
              layers:
                - dense: {units: 64, repeat: 6}
                - residual:
                    layers: [{dense: 64}, {dense: {units: 64, init: zeros}}]
              output: {units: 1, activation: sigmoid}
            training:
              data: {generator: two_spirals, samples: 512, noise: 0.1}
              loss: mse
              optimizer: {name: adam, learning_rate: 0.01}
              steps: 2000
            """;

    public static ExperimentSpec experimentFromYaml(String yaml) {
        try {
            return SpecReader.experimentFromString(yaml, "test.yaml");
        } catch (SpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static ExperimentSpec readExperiment(String file) {
        try {
            return SpecReader.readExperiment(SPECS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SearchSpec readSearch(String file) {
        try {
            return SpecReader.readSearch(SPECS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of the first problem the reader finds in {@code yaml} (no file, line or column). */
    public static String yamlProblem(String yaml) {
        try {
            SpecReader.fromString(yaml, "bad.yaml");
        } catch (SpecException e) {
            return e.problems().get(0).message();
        }
        throw new AssertionError("expected a problem in\n" + yaml);
    }

    /** The spirals network, built with the Java chain. */
    public static NetworkSpec spiralsNetworkInJava() {
        return Gradforge.network()
                .input(2)
                .defaults(d -> {
                    d.setActivation(RELU);
                    d.setInit(HE_NORMAL);
                })
                .repeat(6, l -> l.dense(64))
                .residual(r -> r.dense(64).dense(64, d -> d.setInit(ZEROS)))
                .output(1, o -> o.setActivation(SIGMOID))
                .build();
    }

    /** An LSTM returning its sequence under a GRU, built with Java lambdas (KotlinDslTest builds the same). */
    public static NetworkSpec recurrentNetworkInJava() {
        return Gradforge.network()
                .input(200)
                .lstm(32, 100, l -> {
                    l.setSequences(true);
                    l.setForgetBias(2.0);
                    l.truncation(25);
                })
                .gru(16, 100, g -> {
                    g.setRecurrentInit(Inits.orthogonal(0.9));
                    g.truncation(10, 20);
                })
                .output(1, o -> o.setActivation(Activations.IDENTITY))
                .build();
    }

    /** The spirals experiment, built with Java lambdas. */
    public static ExperimentSpec spiralsInJava() {
        return Gradforge.experiment("spirals", e -> e
                .network(n -> n
                        .input(2)
                        .defaults(d -> {
                            d.setActivation(RELU);
                            d.setInit(HE_NORMAL);
                        })
                        .repeat(6, l -> l.dense(64))
                        .residual(r -> r.dense(64).dense(64, d -> d.setInit(ZEROS)))
                        .output(1, o -> o.setActivation(SIGMOID)))
                .training(t -> {
                    t.setData(twoSpirals(512, 0.1));
                    t.setLoss(MSE);
                    t.setOptimizer(adam(0.01));
                    t.setSteps(2000);
                }));
    }
}
