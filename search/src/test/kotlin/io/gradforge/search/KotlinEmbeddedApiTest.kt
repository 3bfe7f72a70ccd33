// Gradforge embedded in a Kotlin program: specs built with the DSL, then trained, diagnosed, checkpointed,
// written and searched through the Java entry points (Experiment, Diagnostics, Checkpoint, SpecReader/SpecWriter,
// Search). Compiles only with the sam-with-receiver plugin (search/pom.xml), as the DSL's blocks need it.
// The snippets in docs/kotlin-and-java.md ("Running things from code") are taken from here.
package io.gradforge.search

import io.gradforge.core.health.HealthFlag
import io.gradforge.core.nn.Network
import io.gradforge.core.tensor.Tensor
import io.gradforge.core.train.TrainingProbe
import io.gradforge.dsl.SpecReader
import io.gradforge.dsl.SpecWriter
import io.gradforge.dsl.builder.Activations.IDENTITY
import io.gradforge.dsl.builder.Activations.RELU
import io.gradforge.dsl.builder.Activations.SIGMOID
import io.gradforge.dsl.builder.Activations.TANH
import io.gradforge.dsl.builder.DataSources.twoSpirals
import io.gradforge.dsl.builder.Gradforge.experiment
import io.gradforge.dsl.builder.Gradforge.search
import io.gradforge.dsl.builder.Inits.HE_NORMAL
import io.gradforge.dsl.builder.Inits.XAVIER_NORMAL
import io.gradforge.dsl.builder.Losses.BINARY_CROSS_ENTROPY
import io.gradforge.dsl.builder.Optimizers.adam
import io.gradforge.dsl.builder.Optimizers.sgd
import io.gradforge.run.checkpoint.Checkpoint
import io.gradforge.run.Diagnostics
import io.gradforge.run.Experiment
import io.gradforge.dsl.spec.ExperimentSpec
import io.gradforge.dsl.spec.SearchSpec
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

class KotlinEmbeddedApiTest {

    @TempDir
    lateinit var tmp: Path

    private val spirals = experiment("spirals") {
        network {
            input(2)
            defaults { activation = RELU; init = HE_NORMAL }
            repeat(3) { dense(16) }
            output(1)
        }
        training {
            data = twoSpirals(256, 0.05)
            loss = BINARY_CROSS_ENTROPY
            optimizer = adam(0.01)
            steps = 200
        }
    }

    /** 50 sigmoid layers with Xavier init (specs/deep-sigmoid.yaml): the textbook vanishing gradient. */
    private val deepSigmoid = experiment("deep-sigmoid") {
        network {
            input(2)
            defaults { activation = SIGMOID; init = XAVIER_NORMAL }
            repeat(50) { dense(32) }
            output(1) { activation = IDENTITY }
        }
        training { data = twoSpirals(256, 0.1); loss = BINARY_CROSS_ENTROPY; optimizer = sgd(0.1); steps = 1000 }
    }

    /** A search small enough for a unit test: 6 candidates, 2 generations of offspring, 40 steps each. */
    private fun tinySearch(name: String): SearchSpec = search(name) {
        space {
            input(2); output(1)
            depth(2, 4)
            width(8, 16)
            activations(TANH, RELU)
            logLearningRate(1e-3, 1e-1)
        }
        training { data = twoSpirals(128, 0.1); loss = BINARY_CROSS_ENTROPY; batchSize = 32; steps = 40 }
        ga { population = 6; generations = 2; proposals = 4 }
        budget { maxEvaluations = 30 }
    }

    @Test
    fun trainAnExperimentBuiltInKotlin() {
        val run = Experiment.run(spirals, null)

        val curve = run.result().lossCurve()
        assertEquals(200, curve.size)
        // mini-batch losses are noisy: compare the means of the first and last 20 steps
        val first = curve.take(20).average()
        val last = curve.takeLast(20).average()
        assertTrue(last < 0.9 * first, "loss $first -> $last")
        val health = assertNotNull(run.health(), "a run that took steps has a health report")
        assertFalse(health.has(HealthFlag.VANISHING), health.verdict().toString())
    }

    @Test
    fun diagnoseADeepSigmoidNetworkBuiltInKotlin() {
        // 20 training steps instead of the spec's 1000: the verdict at init is what matters here
        val run = Diagnostics.diagnose(deepSigmoid, null, 20, null, TrainingProbe.NONE) { false }

        assertTrue(run.atInit().has(HealthFlag.VANISHING), run.atInit().verdict().toString())
        assertEquals(20, run.training()!!.steps())
    }

    @Test
    fun checkpointSavedAndLoadedGivesTheSameOutputs() {
        val run = Experiment.run(spirals, null)
        val file = tmp.resolve("spirals.checkpoint.json")

        Checkpoint.save(run.spec().network(), run.network(), file)
        val loaded = Checkpoint.load(file)

        assertEquals(spirals.network(), loaded.spec())
        val rows = 32
        val x = Tensor.zeros(run.network().precision(), rows, run.data().inputSize())
        val y = Tensor.zeros(run.network().precision(), rows, run.data().outputSize())
        run.data().copyRows(IntArray(rows) { it }, 0, rows, x, y)
        assertContentEquals(outputs(run.network(), x), outputs(loaded.network(), x))
    }

    /** The network's output for {@code x}, copied out of the layer-owned buffer. */
    private fun outputs(network: Network, x: Tensor): DoubleArray = network.forward(x, false).toDoubleArray()

    @Test
    fun specsWrittenAndReadBackAreEqual() {
        assertEquals(spirals, SpecReader.experimentFromString(SpecWriter.write(spirals), "spirals.yaml"))

        val file = tmp.resolve("spirals.yaml")
        SpecWriter.write(spirals, file)
        assertEquals(spirals, SpecReader.readExperiment(file))

        val searchSpec = tinySearch("kt-tiny")
        assertEquals(4, searchSpec.ga().proposals())
        assertEquals(searchSpec, SpecReader.searchFromString(SpecWriter.write(searchSpec), "kt-tiny.yaml"))
    }

    @Test
    fun searchWithAListener() {
        val evaluations = AtomicInteger()
        val generations = AtomicInteger()
        val dir = tmp.resolve("run")

        val result = Search.builder(tinySearch("kt-tiny"))
            .threads(2)
            .listener(object : SearchListener {
                override fun onEvaluation(evaluation: Evaluation, replayed: Boolean) {
                    evaluations.incrementAndGet()
                }

                override fun onGeneration(summary: GenerationSummary) {
                    generations.incrementAndGet()
                }
            })
            .runDirectory(dir)
            .build()
            .run()

        assertEquals(SearchResult.StopReason.GENERATIONS, result.stop())
        assertTrue(evaluations.get() >= 6, "at least the initial population: ${evaluations.get()}")
        assertEquals(result.evaluations().size, evaluations.get())
        assertEquals(result.generations(), generations.get())
        assertEquals(evaluations.get(), journaledEvaluations(dir))
        val best = assertNotNull(result.best())
        val bestYaml: ExperimentSpec = SpecReader.readExperiment(dir.resolve("best.yaml"))
        assertEquals(best.candidate().experiment().network(), bestYaml.network())
        assertEquals(best.seed(), bestYaml.training().seed())
    }

    @Test
    fun searchCancelledFromTheListenerStopsAfterTheEvaluationsDone() {
        val cancelled = AtomicBoolean()
        val evaluations = AtomicInteger()
        val dir = tmp.resolve("cancelled")

        // One thread, so no second evaluation is already running when the flag is set: exactly one is done.
        val result = Search.builder(tinySearch("kt-cancel"))
            .threads(1)
            .listener(object : SearchListener {
                override fun onEvaluation(evaluation: Evaluation, replayed: Boolean) {
                    evaluations.incrementAndGet()
                    cancelled.set(true)
                }
            })
            .cancellation { cancelled.get() }
            .runDirectory(dir)
            .build()
            .run()

        assertEquals(SearchResult.StopReason.CANCELLED, result.stop())
        assertEquals(1, evaluations.get())
        assertEquals(1, result.evaluations().size)
        assertEquals(1, journaledEvaluations(dir))
    }

    /** Evaluation lines in the run's journal.jsonl. */
    private fun journaledEvaluations(dir: Path): Int =
        Files.readAllLines(dir.resolve("journal.jsonl")).count { it.startsWith("{\"type\":\"evaluation\"") }
}
