package io.gradforge.dsl.builder;

import static io.gradforge.dsl.builder.Activations.IDENTITY;
import static io.gradforge.dsl.builder.Activations.RELU;
import static io.gradforge.dsl.builder.Activations.SELU;
import static io.gradforge.dsl.builder.Activations.SIGMOID;
import static io.gradforge.dsl.builder.Activations.TANH;
import static io.gradforge.dsl.builder.Activations.ELU;
import static io.gradforge.dsl.builder.Activations.GELU;
import static io.gradforge.dsl.builder.Activations.LEAKY_RELU;
import static io.gradforge.dsl.builder.Activations.SWISH;
import static io.gradforge.dsl.builder.DataSources.circles;
import static io.gradforge.dsl.builder.DataSources.sine;
import static io.gradforge.dsl.builder.DataSources.twoSpirals;
import static io.gradforge.dsl.builder.Inits.HE_NORMAL;
import static io.gradforge.dsl.builder.Inits.LECUN_NORMAL;
import static io.gradforge.dsl.builder.Inits.ORTHOGONAL;
import static io.gradforge.dsl.builder.Inits.XAVIER_NORMAL;
import static io.gradforge.dsl.builder.Inits.XAVIER_UNIFORM;
import static io.gradforge.dsl.builder.Inits.normal;
import static io.gradforge.dsl.builder.Losses.BINARY_CROSS_ENTROPY;
import static io.gradforge.dsl.builder.Losses.MSE;
import static io.gradforge.dsl.builder.Optimizers.adam;
import static io.gradforge.dsl.builder.Optimizers.momentum;
import static io.gradforge.dsl.builder.Optimizers.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.Spec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builders from Java: equal to the YAML reader's specs, round-trip through the writer, same messages. */
class JavaBuilderTest {

    @Test
    void javaChainAndLambdasGiveTheSpecReadFromYaml() {
        ExperimentSpec fromYaml = Fixtures.experimentFromYaml(Fixtures.SPIRALS_YAML);
        assertEquals(fromYaml, Fixtures.spiralsInJava());
        assertEquals(fromYaml.network(), Fixtures.spiralsNetworkInJava());
    }

    @Test
    void builtSpecsRoundTripThroughTheWriter() throws Exception {
        for (Spec spec : List.<Spec>of(Fixtures.spiralsInJava(), quickstartSearch(), spiralsSearch(), batchnormInit())) {
            assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"), spec.name());
        }
    }

    @Test
    void repeatOfOneLayerIsTheRepeatField() {
        NetworkSpec n = Gradforge.network().input(2).repeat(3, l -> l.repeat(4, m -> m.dense(8))).output(1).build();
        assertEquals(List.of(DenseSpec.of(8).withRepeat(12)), n.layers());
    }

    @Test
    void repeatOfSeveralLayersOrOfALayerWithoutRepeatExpands() {
        NetworkSpec n = Gradforge.network().input(2)
                .repeat(2, l -> l.dense(8).activation(TANH))
                .repeat(2, LayerList::layerNorm)
                .output(1).build();
        var tanh = new ActivationLayerSpec(TANH);
        var ln = n.layers().get(4);
        assertEquals(List.of(DenseSpec.of(8), tanh, DenseSpec.of(8), tanh, ln, ln), n.layers());
    }

    @Test
    void denseSkipGivesTheDenseSkipReadFromYaml() {
        ExperimentSpec fromYaml = Fixtures.experimentFromYaml(Fixtures.SPIRALS_YAML.replace(
                "    - residual:\n        layers: [{dense: 64}, {dense: {units: 64, init: zeros}}]\n",
                "    - dense_skip:\n        layers: [{dense: 16}, {activation: tanh}]\n"));
        NetworkSpec built = Gradforge.network().input(2)
                .defaults(d -> {
                    d.setActivation(RELU);
                    d.setInit(HE_NORMAL);
                })
                .repeat(6, l -> l.dense(64))
                .denseSkip(s -> s.dense(16).activation(TANH))
                .output(1, o -> o.setActivation(SIGMOID))
                .build();
        assertEquals(fromYaml.network(), built);
        assertEquals(new DenseSkipSpec(List.of(DenseSpec.of(16), new ActivationLayerSpec(TANH)), 1),
                built.layers().get(1));
    }

    @Test
    void rebuildsQuickstartTrain() {
        ExperimentSpec built = Gradforge.experiment("quickstart-train", e -> {
            e.setDescription("Two spirals with 4 tanh layers of 32: trains in seconds");
            e.network(n -> n.input(2)
                    .defaults(d -> {
                        d.setActivation(TANH);
                        d.setInit(XAVIER_NORMAL);
                    })
                    .repeat(4, l -> l.dense(32))
                    .output(1, o -> {
                        o.setActivation(IDENTITY);
                        o.setInit(XAVIER_UNIFORM);
                    }));
            e.training(t -> {
                t.setData(twoSpirals(512, 0.05));
                t.setLoss(BINARY_CROSS_ENTROPY);
                t.setOptimizer(adam(0.01));
                t.setBatchSize(64);
                t.setSteps(2000);
                t.setValidationSplit(0.2);
                t.setTargetLoss(0.05);
                t.setSeed(42);
            });
        });
        assertEquals(Fixtures.readExperiment("quickstart-train.yaml"), built);
    }

    @Test
    void rebuildsPretrainingSigmoid8() {
        ExperimentSpec file = Fixtures.readExperiment("pretraining-sigmoid8.yaml");
        ExperimentSpec built = Gradforge.experiment("pretraining-sigmoid8")
                .network(n -> n.input(64)
                        .defaults(d -> {
                            d.setActivation(SIGMOID);
                            d.setInit(io.gradforge.dsl.spec.InitSpec.of("glorot_standard"));
                        })
                        .repeat(8, l -> l.dense(64))
                        .output(10, o -> o.setInit(io.gradforge.dsl.spec.InitSpec.of("glorot_standard"))))
                .training(t -> {
                    t.setData(file.training().data());
                    t.setLoss(io.gradforge.dsl.builder.Losses.SOFTMAX_CROSS_ENTROPY);
                    t.setOptimizer(momentum(0.1));
                    t.setValidationSplit(0.2);
                    t.setSteps(4000);
                    t.pretraining(p -> {
                        p.setMethod(io.gradforge.core.train.Pretraining.Method.DENOISING);
                        p.setStepsPerLayer(250);
                        p.setOptimizer(adam(0.01));
                    });
                })
                .build();
        assertEquals(file, built.withDescription(file.description()));
        var missing = assertThrows(IllegalArgumentException.class, () -> Gradforge.experiment("x")
                .network(n -> n.input(2).dense(8).output(1))
                .training(t -> {
                    t.setData(twoSpirals(64, 0.1));
                    t.setLoss(BINARY_CROSS_ENTROPY);
                    t.setSteps(100);
                    t.pretraining(p -> p.setTiedWeights(true));
                })
                .build());
        assertEquals("missing required key 'steps_per_layer' in training.pretraining", missing.getMessage());
    }

    @Test
    void rebuildsResidual64() {
        ExperimentSpec built = Gradforge.experiment("residual64")
                .network(n -> n.input(2)
                        .dense(32)
                        .repeat(32, l -> l.residual(r -> {
                            r.dense(32).dense(32);
                            r.setBranchScale(BranchScaleSpec.learned(0.0));
                        }))
                        .output(1))
                .training(t -> {
                    t.setData(twoSpirals(512, 0.1));
                    t.setLoss(BINARY_CROSS_ENTROPY);
                    t.setOptimizer(adam(0.001));
                    t.setBatchSize(64);
                    t.setSteps(2000);
                })
                .build();
        ExperimentSpec file = Fixtures.readExperiment("residual64.yaml");
        assertEquals(file.network(), built.network());
        assertEquals(file.training(), built.training());
        assertEquals(file.description(), "64 relu layers as 32 residual blocks with branch scale starting at 0");
    }

    @Test
    void rebuildsExplodingClipped() {
        ExperimentSpec built = Gradforge.experiment("exploding-clipped", e -> {
            e.setDescription("The exploding network of exploding.yaml, rescued by clipping the global gradient norm at 1.0");
            e.network(n -> n.input(1)
                    .defaults(d -> {
                        d.setActivation(TANH);
                        d.setInit(normal(0.3));
                    })
                    .repeat(8, l -> l.dense(64))
                    .output(1, o -> o.setInit(normal(0.3))));
            e.training(t -> {
                t.setData(sine(1024, 0.05));
                t.setLoss(MSE);
                t.setOptimizer(sgd(0.05));
                t.setClipping(ClippingSpec.norm(1.0));
                t.setBatchSize(64);
                t.setSteps(1000);
            });
        });
        assertEquals(Fixtures.readExperiment("exploding-clipped.yaml"), built);
    }

    @Test
    void rebuildsBatchnormInit() {
        assertEquals(Fixtures.readExperiment("batchnorm-init.yaml"), batchnormInit());
    }

    @Test
    void rebuildsQuickstartSearch() {
        assertEquals(Fixtures.readSearch("quickstart.yaml"), quickstartSearch());
    }

    @Test
    void rebuildsSpiralsSearch() {
        assertEquals(Fixtures.readSearch("spirals-search.yaml"), spiralsSearch());
    }

    @Test
    void invalidValuesFailWithTheReadersMessages() {
        String units = assertThrows(IllegalArgumentException.class,
                () -> Gradforge.network().input(2).dense(0)).getMessage();
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("{dense: 64}", "{dense: 0}")), units);
        assertEquals("units must be in [1, 100000] but was 0", units);

        String unknown = assertThrows(IllegalArgumentException.class, () -> Activations.activationNamed("rleu")).getMessage();
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("activation: relu", "activation: rleu")),
                unknown);

        String lr = assertThrows(IllegalArgumentException.class, () -> adam(-0.1)).getMessage();
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("learning_rate: 0.01", "learning_rate: -0.1")),
                lr);

        String std = assertThrows(IllegalArgumentException.class, () -> normal(-1)).getMessage();
        assertEquals("std of normal must be in [0, 1000000] but was -1", std);

        String both = assertThrows(IllegalArgumentException.class, () -> Gradforge.experiment("x", e -> {
            e.setNetwork(Fixtures.spiralsNetworkInJava());
            e.training(t -> {
                t.setData(twoSpirals(512, 0.1));
                t.setLoss(MSE);
                t.setSteps(10);
                t.setEpochs(1);
            });
        })).getMessage();
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("steps: 2000", "steps: 2000\n  epochs: 1")),
                both);

        String name = assertThrows(IllegalArgumentException.class, () -> Gradforge.experiment("Bad Name", e -> {
            e.setNetwork(Fixtures.spiralsNetworkInJava());
            e.setTraining(Fixtures.spiralsInJava().training());
        })).getMessage();
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("name: spirals", "name: Bad Name")), name);

        assertThrows(IllegalArgumentException.class, () -> Gradforge.network().dense(8).output(1).build(),
                "input is required");
    }

    static ExperimentSpec batchnormInit() {
        return Gradforge.experiment("batchnorm-init", e -> {
            e.setDescription("Depth 30 with batch norm before relu and a poor init");
            e.network(n -> n.input(2)
                    .defaults(d -> {
                        d.setActivation(IDENTITY);
                        d.setInit(normal(0.01));
                        d.setBias(false);
                    })
                    .repeat(30, l -> l.dense(32).batchNorm(1e-5, 0.1).activation(RELU))
                    .output(1));
            e.training(t -> {
                t.setData(circles(1024, 0.05, 0.5));
                t.setLoss(BINARY_CROSS_ENTROPY);
                t.setOptimizer(momentum(0.05, 0.9));
                t.setSchedule(Schedules.warmup(100, Schedules.cosine(0.0)));
                t.setBatchSize(64);
                t.setSteps(1500);
            });
        });
    }

    static SearchSpec quickstartSearch() {
        return Gradforge.search("quickstart", s -> {
            s.setDescription("A one-minute architecture search on two spirals");
            s.space(sp -> sp.input(2).output(1).depth(2, 8).width(16, 32, 64)
                    .activations(SIGMOID, TANH, RELU, LEAKY_RELU, ELU, SELU, SWISH)
                    .inits(XAVIER_UNIFORM, HE_NORMAL, LECUN_NORMAL, ORTHOGONAL)
                    .skip(SkipChoice.NONE, SkipChoice.RESIDUAL)
                    .normalization(NormalizationChoice.NONE, NormalizationChoice.LAYER_NORM)
                    .clipping(ClippingSpec.none(), ClippingSpec.norm(1.0))
                    .logLearningRate(1e-3, 1e-1));
            s.training(t -> {
                t.setData(twoSpirals(512, 0.05));
                t.setLoss(BINARY_CROSS_ENTROPY);
                t.setOptimizer(adam());
                t.setBatchSize(64);
                t.setSteps(150);
            });
            s.objectives(o -> o.setMode(ObjectivesSpec.Mode.PARETO));
            s.budget(b -> {
                b.setMaxEvaluations(150);
                b.setMaxTime(Duration.ofMinutes(2));
                b.setScreenAtInit(true);
            });
            s.ga(g -> {
                g.setPopulation(GaSpec.AUTO);
                g.setGenerations(GaSpec.AUTO);
                g.setSelector(GaSpec.Selector.TOURNAMENT);
            });
            s.setParallelism(2);
            s.setSeed(42);
        });
    }

    static SearchSpec spiralsSearch() {
        SearchBuilder search = Gradforge.search("spirals-search")
                .space(sp -> sp.input(2).output(1).depth(2, 16)
                        .width(Genes.perLayer(16, 32, 64, 128))
                        .activations(TANH, RELU, LEAKY_RELU, ELU, SELU, SWISH, GELU)
                        .inits(XAVIER_UNIFORM, XAVIER_NORMAL, HE_NORMAL, LECUN_NORMAL, ORTHOGONAL)
                        .skip(SkipChoice.values())
                        .normalization(NormalizationChoice.values())
                        .clipping(ClippingSpec.none(), ClippingSpec.norm(1.0), ClippingSpec.norm(5.0))
                        .logLearningRate(1e-4, 1e-1))
                .training(t -> {
                    t.setData(twoSpirals(1024, 0.1));
                    t.setLoss(BINARY_CROSS_ENTROPY);
                    t.setOptimizer(adam(0.01));
                    t.setSchedule(Schedules.warmup(50, Schedules.cosine()));
                    t.setBatchSize(64);
                    t.setSteps(400);
                    t.setValidationSplit(0.2);
                    t.setTargetLoss(0.1);
                })
                .objectives(o -> {
                    o.setConvergenceMeasure(ObjectivesSpec.Measure.STEPS_TO_TARGET);
                    o.setSizeWeight(0.1);
                })
                .budget(b -> {
                    b.setMaxEvaluations(400);
                    b.setMaxTime(Duration.ofMinutes(30));
                    b.setScreenAtInit(true);
                    b.setSuccessiveHalving(true);
                });
        search.setParallelism(4);
        search.setSeed(7);
        return search.build();
    }
}
