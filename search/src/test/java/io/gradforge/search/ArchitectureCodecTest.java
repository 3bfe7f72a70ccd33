package io.gradforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradforge.dsl.SpecReader;
import io.gradforge.dsl.SpecWriter;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
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
                assertEquals(c, codec.decode(g), "decoding is a function");
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
}
