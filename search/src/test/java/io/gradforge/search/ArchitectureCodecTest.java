package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.core.nn.FanMode;
import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.util.RandomRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArchitectureCodecTest {
    static final Path SPECS = Path.of("..", "specs");

    static SearchSpec spec(String file) throws Exception {
        return SpecReader.readSearch(SPECS.resolve(file));
    }

    /** Everything a space offers at once: per-layer genes, all skips and normalizations, clipping. */
    static SearchSpec wideOpen() throws Exception {
        SearchSpec q = spec("quickstart.yaml");
        SearchSpace s = q.space();
        SearchSpace open = s.withWidth(s.width().withPerLayer(true))
                .withActivation(s.activation().withPerLayer(true))
                .withInit(s.init().withPerLayer(true))
                .withSkip(ChoiceGene.of(SkipChoice.NONE, SkipChoice.RESIDUAL, SkipChoice.DENSE))
                .withNormalization(ChoiceGene.of(NormalizationChoice.NONE, NormalizationChoice.BATCH_NORM,
                        NormalizationChoice.LAYER_NORM))
                .withClipping(ChoiceGene.of(ClippingSpec.none(), ClippingSpec.norm(1.0), ClippingSpec.value(0.5)));
        return q.withDescription(null).withSpace(open).withParallelism(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart.yaml", "vanishing-search.yaml", "spirals-search.yaml", "parity-search.yaml", ""})
    void thousandsOfRandomGenotypesDecodeToValidSpecsThatRoundTrip(String file) throws Exception {
        SearchSpec spec = file.isEmpty() ? wideOpen() : spec(file);
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        Set<String> skips = new HashSet<>();
        Set<Integer> depths = new HashSet<>();
        RandomRegistry.using(RandomGeneratorFactory.of("L64X128MixRandom").create(7), r -> {
            for (int i = 0; i < 2000; i++) {
                Genotype<DoubleGene> g = codec.encoding().newInstance();
                Candidate c = codec.decode(g);
                // valid: the records validated on construction; the text reads back to the same experiment
                String yaml = SpecWriter.write(c.experiment());
                ExperimentSpec back;
                try {
                    back = SpecReader.experimentFromString(yaml, "candidate");
                } catch (Exception e) {
                    throw new AssertionError("candidate " + i + " does not read back: " + e.getMessage() + "\n" + yaml, e);
                }
                assertEquals(c.experiment(), back);
                assertSame(c, codec.decode(g), "decoding is a function, served from the codec's memory");
                // the remembered candidate is the one computed afresh: the same canonical text and id
                assertEquals(c, Candidate.of(spec.name(), back), "identity survives the round trip");
                CandidateTraits t = CandidateTraits.of(c);
                assertTrue(t.depth() >= spec.space().depth().min() && t.depth() <= spec.space().depth().max());
                assertTrue(spec.space().learningRate().min() <= t.learningRate()
                        && t.learningRate() <= spec.space().learningRate().max(), "lr " + t.learningRate());
                skips.add(t.skip());
                depths.add(t.depth());
            }
        });
        assertEquals(spec.space().depth().max() - spec.space().depth().min() + 1, depths.size(), "every depth reached");
        assertEquals(spec.space().skip().choices().size(), skips.size(), "every skip choice reached: " + skips);
    }

    /**
     * A space may offer variance-scaled initializers beside named ones: every choice is reached, candidates carry it
     * into their layers, read back equal, and two modes of the same scale are two candidates.
     */
    @Test
    void varianceScaledInitializersAreGeneValues() throws Exception {
        SearchSpec q = spec("quickstart.yaml");
        List<InitSpec> choices = List.of(InitSpec.of("he_normal"), InitSpec.varianceScaled("normal", 1.0, FanMode.FAN_IN),
                InitSpec.varianceScaled("normal", 1.0, FanMode.FAN_AVG), InitSpec.varianceScaled("uniform", 2.0, FanMode.FAN_OUT));
        SearchSpec spec = q.withSpace(q.space().withInit(new ChoiceGene<>(choices, true)));
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        Set<InitSpec> seen = new HashSet<>();
        RandomRegistry.using(RandomGeneratorFactory.of("L64X128MixRandom").create(3), r -> {
            for (int i = 0; i < 200; i++) {
                Candidate c = codec.decode(codec.encoding().newInstance());
                for (LayerSpec l : c.experiment().network().resolvedLayers()) {
                    collectInits(l, seen);
                }
                try {
                    assertEquals(c, Candidate.of(spec.name(),
                            SpecReader.experimentFromString(SpecWriter.write(c.experiment()), "candidate")));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertTrue(seen.containsAll(choices), "every choice reached: " + seen);
        double[] keys = new double[codec.length()];
        Candidate fanIn = codec.decode(keys);
        Arrays.fill(keys, 0.3); // the second of four choices everywhere
        Candidate second = codec.decode(keys);
        Arrays.fill(keys, 0.6);
        Candidate third = codec.decode(keys);
        assertTrue(SpecWriter.write(second.experiment()).contains("init: {name: normal, variance_scale: 1.0, mode: fan_in}"));
        assertTrue(SpecWriter.write(third.experiment()).contains("init: {name: normal, variance_scale: 1.0, mode: fan_avg}"));
        assertNotEquals(second.id(), third.id());
        assertNotEquals(fanIn.id(), second.id());
    }

    private static void collectInits(LayerSpec layer, Set<InitSpec> into) {
        switch (layer) {
            case io.gradforge.dsl.spec.DenseSpec d -> { if (d.init() != null) into.add(d.init()); }
            case io.gradforge.dsl.spec.ResidualSpec r -> r.layers().forEach(l -> collectInits(l, into));
            case io.gradforge.dsl.spec.DenseSkipSpec s -> s.layers().forEach(l -> collectInits(l, into));
            default -> { }
        }
    }

    @Test
    void extremeKeysDecodeToTheEndsOfEachRange() throws Exception {
        SearchSpec spec = wideOpen();
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        double[] low = new double[codec.length()];
        double[] high = new double[codec.length()];
        Arrays.fill(high, 0.999999);
        CandidateTraits lo = CandidateTraits.of(codec.decode(low));
        CandidateTraits hi = CandidateTraits.of(codec.decode(high));
        assertEquals(spec.space().depth().min(), lo.depth());
        assertEquals(spec.space().depth().max(), hi.depth());
        assertEquals(1.0e-3, lo.learningRate());
        assertEquals(0.1, hi.learningRate(), 1e-12);
        assertEquals("dense", hi.skip());
        assertEquals("layer_norm", hi.normalization());
        assertEquals(List.of(16, 16), lo.widths());
        assertNotEquals(codec.decode(low).id(), codec.decode(high).id());
    }

    @Test
    void theSeedOfACandidateDependsOnRunSeedAndSpecOnly() {
        assertEquals(Candidate.seed(42, "a"), Candidate.seed(42, "a"));
        assertNotEquals(Candidate.seed(42, "a"), Candidate.seed(43, "a"));
        assertNotEquals(Candidate.seed(42, "a"), Candidate.seed(42, "b"));
    }

    /**
     * A recurrent space appends cell, recurrent init and truncation genes after the dense ones; every genotype
     * decodes to a stack of its cell (sequences between layers, the last step to the output), round-trips, and
     * names the new genes in its traits and CSV row.
     */
    @Test
    void recurrentSpacesDecodeToStacksOfTheChosenCell() throws Exception {
        SearchSpec spec = spec("adding-search.yaml");
        ArchitectureCodec codec = ArchitectureCodec.of(spec);
        SearchSpace dense = spec.space().withRecurrent(null).withInit(ChoiceGene.of(InitSpec.of("he_normal")));
        assertEquals(ArchitectureCodec.of(spec.withSpace(dense)).length() + 3, codec.length(),
                "three genes more than the same space without recurrent genes");
        int[] n = codec.cardinalities();
        assertEquals(List.of(4, 2, 2), List.of(n[n.length - 3], n[n.length - 2], n[n.length - 1]));
        Set<String> cells = new HashSet<>();
        Set<String> truncations = new HashSet<>();
        RandomRegistry.using(RandomGeneratorFactory.of("L64X128MixRandom").create(3), r -> {
            for (int i = 0; i < 500; i++) {
                Candidate c = codec.decode(codec.encoding().newInstance());
                List<LayerSpec> layers = c.experiment().network().layers();
                for (int l = 0; l < layers.size(); l++) {
                    RecurrentSpec rec = (RecurrentSpec) layers.get(l);
                    assertEquals(l < layers.size() - 1, rec.sequences(), "only the last layer returns its last step");
                    assertEquals(50, rec.steps());
                    assertEquals(((RecurrentSpec) layers.get(0)).cell(), rec.cell(), "one cell a network");
                    assertEquals(((RecurrentSpec) layers.get(0)).truncation(), rec.truncation());
                }
                try {
                    assertEquals(c.experiment(), SpecReader.experimentFromString(SpecWriter.write(c.experiment()), "c"));
                } catch (Exception e) {
                    throw new AssertionError("candidate " + i + " does not read back", e);
                }
                CandidateTraits t = CandidateTraits.of(c);
                cells.add(t.activationText());
                truncations.add(t.truncation());
            }
        });
        assertEquals(Set.of("rnn_tanh", "rnn_relu", "lstm", "gru"), cells);
        assertEquals(Set.of("full", "10"), truncations);
        // the keys at the bins' centres pick exactly those values
        double[] u = new double[codec.length()];
        Arrays.fill(u, 0.0);
        u[0] = ArchitectureCodec.key(1, 2); // depth 2
        u[codec.length() - 3] = ArchitectureCodec.key(2, 4); // lstm
        u[codec.length() - 2] = ArchitectureCodec.key(1, 2); // identity
        u[codec.length() - 1] = ArchitectureCodec.key(1, 2); // truncation 10
        Candidate c = codec.decode(u);
        RecurrentSpec first = (RecurrentSpec) c.experiment().network().layers().get(0);
        assertEquals(RecurrentSpec.Cell.LSTM, first.cell());
        assertEquals("identity", first.recurrentInit().name());
        assertEquals(TruncationSpec.of(10), first.truncation());
        assertEquals(2, c.experiment().network().layers().size());
        String csv = RunOutputs.csv(List.of(new Evaluation(0, 0, c, 1L, 0,
                Outcome.failed(new IllegalStateException("x"), 0), new double[] {0, 0}, 0)), List.of("convergence", "health"), false);
        assertTrue(csv.startsWith("generation,index,candidate,rung,status,depth,widths,activations,inits,skip,"
                + "normalization,clipping,truncation,learning_rate,"), csv);
        assertTrue(csv.contains(",lstm,identity,none,none,none,10,"), csv);
    }
}
