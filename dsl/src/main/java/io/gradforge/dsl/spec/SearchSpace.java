package io.gradforge.dsl.spec;

import java.util.List;
import java.util.Objects;

/**
 * The networks a search may try: a stack of {@code depth} hidden blocks between a fixed input and
 * output, each block a dense layer of a chosen width, activation and initializer, optionally
 * normalized and wrapped in a skip; plus per-candidate clipping, learning rate and greedy layer-wise pretraining
 * (a gene only when the space offers more than {@code none}, see {@link #searchesPretraining()}).
 */
public record SearchSpace(int input, OutputSpec output, IntRangeGene depth, ChoiceGene<Integer> width,
        ChoiceGene<ActivationSpec> activation, ChoiceGene<InitSpec> init, ChoiceGene<SkipChoice> skip,
        ChoiceGene<NormalizationChoice> normalization, ChoiceGene<ClippingSpec> clipping,
        RealRangeGene learningRate, ChoiceGene<PretrainingChoice> pretraining) {

    /** The pretraining gene of a space that does not search pretraining. */
    public static final ChoiceGene<PretrainingChoice> NO_PRETRAINING = ChoiceGene.of(PretrainingChoice.NONE);

    public SearchSpace {
        Rules.INPUT.check(input);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(depth, "depth");
        Rules.DEPTH.check(depth.min());
        Rules.DEPTH.check(depth.max());
        Objects.requireNonNull(width, "width");
        width.choices().forEach(Rules.UNITS::check);
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(skip, "skip");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(clipping, "clipping");
        Objects.requireNonNull(learningRate, "learningRate");
        Rules.LEARNING_RATE.check(learningRate.min());
        Rules.LEARNING_RATE.check(learningRate.max());
        Objects.requireNonNull(pretraining, "pretraining");
        if (pretraining.perLayer()) {
            throw new IllegalArgumentException("pretraining is chosen once per network; it takes no per_layer: true");
        }
    }

    /** A space without a pretraining gene. */
    public SearchSpace(int input, OutputSpec output, IntRangeGene depth, ChoiceGene<Integer> width,
            ChoiceGene<ActivationSpec> activation, ChoiceGene<InitSpec> init, ChoiceGene<SkipChoice> skip,
            ChoiceGene<NormalizationChoice> normalization, ChoiceGene<ClippingSpec> clipping,
            RealRangeGene learningRate) {
        this(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, NO_PRETRAINING);
    }

    /**
     * Whether the space offers pretraining, which makes it a gene of the genotype; a space that does not keeps
     * the genotype it had before pretraining existed (and so its same-seed searches).
     */
    public boolean searchesPretraining() {
        return !pretraining.equals(NO_PRETRAINING);
    }

    /** A small default space around {@code input} and {@code output}. */
    public static SearchSpace of(int input, OutputSpec output) {
        return new SearchSpace(input, output, IntRangeGene.of(2, 8), ChoiceGene.of(List.of(16, 32, 64)),
                ChoiceGene.of(List.of(ActivationSpec.of("tanh"), ActivationSpec.of("relu"))),
                ChoiceGene.of(List.of(InitSpec.of("xavier_uniform"), InitSpec.of("he_normal"))),
                ChoiceGene.of(List.of(SkipChoice.NONE)), ChoiceGene.of(List.of(NormalizationChoice.NONE)),
                ChoiceGene.of(List.of(ClippingSpec.none())), RealRangeGene.of(1e-3, 1e-1, true));
    }

    /** The largest network in the space (deepest, widest, with dense skips if offered), for memory checks. */
    public NetworkSpec largestCandidate() {
        int w = width.choices().stream().mapToInt(Integer::intValue).max().orElseThrow();
        LayerSpec block = DenseSpec.of(w);
        if (skip.choices().contains(SkipChoice.RESIDUAL)) {
            block = new ResidualSpec(List.of(block), BranchScaleSpec.one(), false, Projection.AUTO, depth.max());
        } else {
            block = ((DenseSpec) block).withRepeat(depth.max());
        }
        return NetworkSpec.of(input, List.of(block), output);
    }

    /** This space with {@code input} replaced. */
    public SearchSpace withInput(int input) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code output} replaced. */
    public SearchSpace withOutput(OutputSpec output) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code depth} replaced. */
    public SearchSpace withDepth(IntRangeGene depth) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code width} replaced. */
    public SearchSpace withWidth(ChoiceGene<Integer> width) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code activation} replaced. */
    public SearchSpace withActivation(ChoiceGene<ActivationSpec> activation) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code init} replaced. */
    public SearchSpace withInit(ChoiceGene<InitSpec> init) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code skip} replaced. */
    public SearchSpace withSkip(ChoiceGene<SkipChoice> skip) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code normalization} replaced. */
    public SearchSpace withNormalization(ChoiceGene<NormalizationChoice> normalization) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code clipping} replaced. */
    public SearchSpace withClipping(ChoiceGene<ClippingSpec> clipping) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code learningRate} replaced. */
    public SearchSpace withLearningRate(RealRangeGene learningRate) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }

    /** This space with {@code pretraining} replaced. */
    public SearchSpace withPretraining(ChoiceGene<PretrainingChoice> pretraining) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining);
    }
}
