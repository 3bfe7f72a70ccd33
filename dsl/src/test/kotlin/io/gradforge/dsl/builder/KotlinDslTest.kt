// These tests are the acceptance test that the DSL reads naturally from Kotlin. They compile only with the
// sam-with-receiver compiler plugin configured for io.gradforge.dsl.builder.HasImplicitReceiver (dsl/pom.xml
// passes -P plugin:org.jetbrains.kotlin.samWithReceiver:annotation=...): without it a block's builder is `it`,
// not `this`, and `dense(64)` or `activation = RELU` inside a block would not resolve.
//
// @DslMarker (GradforgeDsl) is a compile-time property and cannot be asserted at run time: for example
//     network { defaults { dense(64) } }
// does not compile ("'fun dense(p0: Int): NetworkBuilder' cannot be called in this context with an implicit
// receiver"; checked by hand with kotlinc 2.4.21), because the outer NetworkBuilder is not an implicit receiver
// inside defaults { }. Likewise output(1) inside residual { }.
package io.gradforge.dsl.builder

import io.gradforge.dsl.SpecReader
import io.gradforge.dsl.SpecWriter
import io.gradforge.dsl.builder.Activations.*
import io.gradforge.dsl.builder.DataSources.teacher
import io.gradforge.dsl.builder.DataSources.twoSpirals
import io.gradforge.dsl.builder.Gradforge.experiment
import io.gradforge.dsl.builder.Gradforge.network
import io.gradforge.dsl.builder.Gradforge.search
import io.gradforge.dsl.builder.Inits.*
import io.gradforge.dsl.builder.Losses.BINARY_CROSS_ENTROPY
import io.gradforge.dsl.builder.Losses.MSE
import io.gradforge.dsl.builder.Optimizers.adam
import io.gradforge.dsl.builder.Schedules.cosine
import io.gradforge.dsl.builder.Schedules.warmup
import io.gradforge.dsl.spec.BranchScaleSpec
import io.gradforge.dsl.spec.CellChoice
import io.gradforge.dsl.spec.TruncationChoice
import io.gradforge.dsl.spec.ClippingSpec
import io.gradforge.dsl.spec.DenseSpec
import io.gradforge.dsl.spec.NormalizationChoice
import io.gradforge.dsl.spec.ObjectivesSpec.Measure.STEPS_TO_TARGET
import io.gradforge.dsl.spec.RecurrentSpec
import io.gradforge.dsl.spec.TruncationSpec
import io.gradforge.dsl.spec.SkipChoice
import io.gradforge.core.train.Pretraining.Method.AUTOENCODER
import io.gradforge.dsl.spec.PretrainingChoice
import io.gradforge.dsl.spec.PretrainingSpec
import io.gradforge.dsl.builder.Optimizers.sgd
import java.time.Duration
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class KotlinDslTest {

    private val spirals = network {
        input(2)
        defaults { activation = RELU; init = HE_NORMAL }
        repeat(6) { dense(64) }
        residual { dense(64); dense(64) { init = ZEROS } }
        output(1) { activation = SIGMOID }
    }

    @Test
    fun networkEqualsTheJavaBuiltAndTheYamlRead() {
        assertEquals(Fixtures.spiralsNetworkInJava(), spirals)
        assertEquals(Fixtures.experimentFromYaml(Fixtures.SPIRALS_YAML).network(), spirals)
    }

    @Test
    fun repeatIsTheBuildersRepeatNotKotlinsStdlibRepeat() {
        // A member of the implicit receiver wins over kotlin.repeat: one layer with repeat 6, not six layers.
        assertEquals(DenseSpec.of(64).withRepeat(6), spirals.layers()[0])
        assertEquals(2, spirals.layers().size)
    }

    @Test
    fun experimentEqualsTheJavaBuiltAndTheYamlRead() {
        val spec = experiment("spirals") {
            network {
                input(2)
                defaults { activation = RELU; init = HE_NORMAL }
                repeat(6) { dense(64) }
                residual { dense(64); dense(64) { init = ZEROS } }
                output(1) { activation = SIGMOID }
            }
            training {
                data = twoSpirals(512, 0.1)
                loss = MSE
                optimizer = adam(0.01)
                steps = 2000
            }
        }
        assertEquals(Fixtures.spiralsInJava(), spec)
        assertEquals(Fixtures.experimentFromYaml(Fixtures.SPIRALS_YAML), spec)
        assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"))
    }

    @Test
    fun aBuiltNetworkCanBeAttachedToAnExperiment() {
        val spec = experiment("spirals") {
            network = spirals
            training { data = twoSpirals(512, 0.1); loss = MSE; steps = 2000 }
        }
        assertEquals(Fixtures.spiralsInJava(), spec)
    }

    @Test
    fun rebuildsResidual64() {
        val spec = experiment("residual64") {
            description = "64 relu layers as 32 residual blocks with branch scale starting at 0"
            network {
                input(2)
                dense(32)
                repeat(32) {
                    residual {
                        dense(32); dense(32)
                        branchScale = BranchScaleSpec.learned(0.0)
                    }
                }
                output(1)
            }
            training {
                data = twoSpirals(512, 0.1)
                loss = BINARY_CROSS_ENTROPY
                optimizer = adam(0.001)
                batchSize = 64
                steps = 2000
            }
        }
        assertEquals(Fixtures.readExperiment("residual64.yaml"), spec)
    }

    @Test
    fun searchEqualsTheJavaBuiltAndTheYamlRead() {
        val spec = search("spirals-search") {
            space {
                input(2)
                output(1)
                depth(2, 16)
                width(Genes.perLayer(16, 32, 64, 128))
                activations(TANH, RELU, LEAKY_RELU, ELU, SELU, SWISH, GELU)
                inits(XAVIER_UNIFORM, XAVIER_NORMAL, HE_NORMAL, LECUN_NORMAL, ORTHOGONAL)
                skip(SkipChoice.NONE, SkipChoice.RESIDUAL, SkipChoice.DENSE)
                normalization(NormalizationChoice.NONE, NormalizationChoice.BATCH_NORM, NormalizationChoice.LAYER_NORM)
                clipping(ClippingSpec.none(), ClippingSpec.norm(1.0), ClippingSpec.norm(5.0))
                logLearningRate(1e-4, 1e-1)
            }
            training {
                data = twoSpirals(1024, 0.1)
                loss = BINARY_CROSS_ENTROPY
                optimizer = adam(0.01)
                schedule = warmup(50, cosine())
                batchSize = 64
                steps = 400
                validationSplit = 0.2
                targetLoss = 0.1
            }
            objectives { convergenceMeasure = STEPS_TO_TARGET; sizeWeight = 0.1 }
            budget {
                maxEvaluations = 400
                maxTime = Duration.ofMinutes(30)
                screenAtInit = true
                successiveHalving = true
            }
            parallelism = 4
            seed = 7
        }
        assertEquals(JavaBuilderTest.spiralsSearch(), spec)
        assertEquals(Fixtures.readSearch("spirals-search.yaml"), spec)
    }

    @Test
    fun searchWithDefaultsUsesTheOptimizersLearningRate() {
        val spec = search("small") {
            space { input(2); output(1); depth(2, 4); width(16, 32) }
            training { data = twoSpirals(256, 0.1); loss = BINARY_CROSS_ENTROPY; optimizer = adam(0.003); steps = 100 }
        }
        val yaml = """
            version: 1
            kind: search
            name: small
            space: {input: 2, output: 1, depth: {min: 2, max: 4}, width: [16, 32]}
            training:
              data: {generator: two_spirals, samples: 256, noise: 0.1}
              loss: binary_cross_entropy
              optimizer: {name: adam, learning_rate: 0.003}
              steps: 100
        """.trimIndent()
        assertEquals(SpecReader.searchFromString(yaml, "small.yaml"), spec)
    }

    @Test
    fun invalidValuesFailWithTheReadersMessages() {
        val units = assertFailsWith<IllegalArgumentException> { network { input(2); dense(0); output(1) } }
        assertEquals("units must be in [1, 100000] but was 0", units.message)
        val unknown = assertFailsWith<IllegalArgumentException> {
            network { input(2); dense(8) { activation = activationNamed("rleu") }; output(1) }
        }
        assertEquals(Fixtures.yamlProblem(Fixtures.SPIRALS_YAML.replace("activation: relu", "activation: rleu")),
                unknown.message)
        val lr = assertFailsWith<IllegalArgumentException> {
            experiment("x") { network = spirals; training { optimizer = adam(-0.1) } }
        }
        assertEquals("learning_rate must be in [1.0E-12, 100] but was -0.1", lr.message)
    }

    /** sigma_w^2 written as a variance, as mean-field experiments think of it: the same spec as the YAML form. */
    @Test
    fun varianceScaledInitializersReadAsTheYamlDoes() {
        val edgeOfChaos = network {
            input(16)
            defaults { activation = TANH; init = varianceScaledNormal(1.0); bias = false }
            repeat(10) { dense(64) }
            dense(32) { init = varianceScaledUniform(2.0, FAN_AVG) }
            output(1) { init = varianceScaledNormal(0.5, FAN_OUT) }
        }
        val yaml = """
            input: 16
            defaults: {activation: tanh, init: {name: normal, variance_scale: 1.0}, bias: false}
            layers:
              - dense: {units: 64, repeat: 10}
              - dense: {units: 32, init: {name: uniform, variance_scale: 2, mode: fan_avg}}
            output: {units: 1, init: {name: normal, variance_scale: 0.5, mode: fan_out}}
        """.trimIndent()
        assertEquals(SpecReader.networkFromString(yaml, "edge.yaml"), edgeOfChaos)
        assertEquals(edgeOfChaos, SpecReader.networkFromString(SpecWriter.write(edgeOfChaos), "written.yaml"))
        assertTrue(SpecWriter.write(edgeOfChaos).contains("init: {name: normal, variance_scale: 1.0, mode: fan_in}"))

        // a search space offers them as it offers any initializer
        val spec = search("scales") {
            space {
                input(2); output(1); depth(2, 4); width(16, 32)
                inits(HE_NORMAL, varianceScaledNormal(1.0), varianceScaledNormal(2.0, FAN_AVG))
            }
            training { data = twoSpirals(256, 0.1); loss = BINARY_CROSS_ENTROPY; optimizer = adam(0.003); steps = 100 }
        }
        assertEquals(SpecReader.searchFromString("""
            version: 1
            kind: search
            name: scales
            space:
              input: 2
              output: 1
              depth: {min: 2, max: 4}
              width: [16, 32]
              init: [he_normal, {name: normal, variance_scale: 1}, {name: normal, variance_scale: 2, mode: fan_avg}]
            training:
              data: {generator: two_spirals, samples: 256, noise: 0.1}
              loss: binary_cross_entropy
              optimizer: {name: adam, learning_rate: 0.003}
              steps: 100
        """.trimIndent(), "scales.yaml"), spec)

        val bad = assertFailsWith<IllegalArgumentException> { varianceScaledNormal(0.0) }
        assertEquals("variance_scale of normal must be in (0, 1000000] but was 0", bad.message)
    }

    @Test
    fun pretrainingReadsAsTheYamlDoes() {
        val spec = experiment("deep-sigmoid") {
            network {
                input(2)
                defaults { activation = SIGMOID; init = XAVIER_NORMAL }
                repeat(8) { dense(16) }
                output(1)
            }
            training {
                data = twoSpirals(512, 0.1)
                loss = BINARY_CROSS_ENTROPY
                steps = 2000
                pretraining { stepsPerLayer = 100; noise = 0.3; tiedWeights = false; optimizer = sgd(0.1) }
            }
        }
        val yaml = """
            version: 1
            name: deep-sigmoid
            network:
              input: 2
              defaults: {activation: sigmoid, init: xavier_normal}
              layers: [{dense: {units: 16, repeat: 8}}]
              output: 1
            training:
              data: {generator: two_spirals, samples: 512, noise: 0.1}
              loss: binary_cross_entropy
              steps: 2000
              pretraining:
                method: denoising
                steps_per_layer: 100
                noise: 0.3
                tied_weights: false
                optimizer: {name: sgd, learning_rate: 0.1}
        """.trimIndent()
        assertEquals(SpecReader.experimentFromString(yaml, "deep-sigmoid.yaml"), spec)
        assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"))
    }

    @Test
    fun aRecurrentSpaceEqualsTheExampleSpecs() {
        val spec = search("adding-search") {
            space {
                input(100); output(1); depth(1, 2); width(16, 32)
                cells(50, CellChoice.RNN_TANH, CellChoice.RNN_RELU, CellChoice.LSTM, CellChoice.GRU)
                recurrentInits(orthogonal(1.0), identity(1.0))
                truncations(TruncationChoice.NONE, TruncationChoice.of(TruncationSpec.of(10)))
                clipping(ClippingSpec.none(), ClippingSpec.norm(1.0))
            }
            training { data = twoSpirals(256, 0.1); loss = MSE; optimizer = adam(0.01); steps = 100 }
        }
        val yaml = SpecReader.readSearch(java.nio.file.Path.of("..", "specs", "adding-search.yaml"))
        assertEquals(yaml.space(), spec.space())
        assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"))
        val outside = assertFailsWith<IllegalArgumentException> {
            search("x") {
                space { input(4); output(1); depth(1, 1); width(2); truncations(TruncationChoice.NONE) }
                training { data = twoSpirals(256, 0.1); loss = MSE; steps = 10 }
            }
        }
        assertEquals("recurrentInits and truncations apply to a recurrent space only; call cells(steps, ...) first",
            outside.message)
    }

    @Test
    fun aSpaceOffersPretrainingAsAGene() {
        val spec = search("small") {
            space {
                input(2); output(1); depth(2, 4); width(16)
                pretraining(PretrainingChoice.NONE, PretrainingChoice.of(PretrainingSpec.denoising(20)))
            }
            training { data = twoSpirals(256, 0.1); loss = BINARY_CROSS_ENTROPY; steps = 100 }
        }
        assertEquals(spec.space().pretraining().choices()[1].pretraining(), PretrainingSpec.denoising(20))
        assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"))
        val plain = assertFailsWith<IllegalArgumentException> {
            experiment("x") {
                network = spirals
                training {
                    data = twoSpirals(512, 0.1); loss = BINARY_CROSS_ENTROPY; steps = 2000
                    pretraining { method = AUTOENCODER; stepsPerLayer = 10; noise = 0.2 }
                }
            }
        }
        assertEquals("noise 0.2 is given but method autoencoder reconstructs uncorrupted inputs; use method: denoising,"
                + " or drop noise", plain.message)
    }

    @Test
    fun teacherDataWithInputMeanAndVarianceReadsAsTheYamlDoes() {
        val spec = experiment("mf") {
            network { input(8); dense(16); output(1) }
            training { data = teacher(256, 8, 1, 16, 2, 0.5, 4.0); loss = MSE; steps = 10 }
        }
        val yaml = """
            version: 1
            name: mf
            network: {input: 8, layers: [{dense: 16}], output: 1}
            training:
              data: {generator: teacher, samples: 256, inputs: 8, variance: 4.0, mean: 0.5}
              loss: mse
              steps: 10
        """.trimIndent()
        assertEquals(SpecReader.experimentFromString(yaml, "mf.yaml"), spec)
        assertEquals(spec, SpecReader.fromString(SpecWriter.write(spec), "written.yaml"))
        val bad = assertFailsWith<IllegalArgumentException> {
            experiment("mf") { network { input(8); output(1) }; training { data = teacher(256, 8, 1, 16, 2, 0.0, 0.0) } }
        }
        assertEquals("variance of teacher must be in (0, 1000000] but was 0", bad.message)
    }

    @Test
    fun recurrentLayersEqualTheJavaBuiltAndTheYamlRead() {
        val kotlin = network {
            input(200)
            lstm(32, 100) { sequences = true; forgetBias = 2.0; truncation(25) }
            gru(16, 100) { recurrentInit = orthogonal(0.9); truncation(10, 20) }
            output(1) { activation = IDENTITY }
        }
        val irnn = network {
            input(200)
            rnn(64, 100) { activation = RELU; recurrentInit = identity(1.0); init = normal(0.001) }
            output(1) { activation = IDENTITY }
        }
        assertEquals(Fixtures.recurrentNetworkInJava(), kotlin)
        val yaml = """
            input: 200
            layers:
              - lstm: {units: 32, steps: 100, sequences: true, forget_bias: 2, truncation: 25}
              - gru: {units: 16, steps: 100, recurrent_init: {name: orthogonal, gain: 0.9}, truncation: {k1: 10, k2: 20}}
            output: {units: 1, activation: identity}
        """.trimIndent()
        assertEquals(SpecReader.networkFromString(yaml, "recurrent.yaml"), kotlin)
        val irnnYaml = """
            input: 200
            layers:
              - rnn: {units: 64, steps: 100, activation: relu, recurrent_init: identity, init: {name: normal, std: 0.001}}
            output: {units: 1, activation: identity}
        """.trimIndent()
        assertEquals(SpecReader.networkFromString(irnnYaml, "irnn.yaml"), irnn)
        val gated = assertFailsWith<IllegalArgumentException> { network { input(4); gru(2, 2) { activation = RELU }; output(1) } }
        assertEquals("gru activation must be tanh (its gates fix it) but was relu", gated.message)
        val tooLong = assertFailsWith<IllegalArgumentException> { network { input(8); lstm(2, 4) { truncation(2, 6) }; output(1) } }
        assertEquals("truncation k2 must be at most the layer's steps (4) but was 6", tooLong.message)
        val reversed = assertFailsWith<IllegalArgumentException> { network { input(8); lstm(2, 4) { truncation(3, 2) }; output(1) } }
        assertEquals("truncation k1 must be at most k2 (2) but was 3", reversed.message)
        assertEquals(TruncationSpec.of(10, 20), (kotlin.layers()[1] as RecurrentSpec).truncation())
        val written = SpecWriter.write(kotlin)
        assertTrue(written.contains("truncation: 25") && written.contains("k1: 10"), written)
        assertEquals(kotlin, SpecReader.networkFromString(written, "written.yaml"))
    }
}
