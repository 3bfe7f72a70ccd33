package io.gradforge.dsl.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The networks a search may try: a stack of {@code depth} hidden blocks between a fixed input and
 * output, each block a dense layer of a chosen width, activation and initializer, optionally
 * normalized and wrapped in a skip; plus per-candidate clipping, learning rate and greedy layer-wise pretraining
 * (a gene only when the space offers more than {@code none}, see {@link #searchesPretraining()}).
 *
 * <p>With {@code recurrent} genes (YAML {@code space.cell}, {@code steps}, ...) the blocks are recurrent layers
 * instead: {@code depth} of them, {@code width} units each, {@code init} their input initializer, the cell,
 * recurrent initializer and truncation chosen by the {@link RecurrentGenes}; activation, skip, normalization and
 * pretraining do not apply.
 */
public record SearchSpace(int input, OutputSpec output, IntRangeGene depth, ChoiceGene<Integer> width,
        ChoiceGene<ActivationSpec> activation, ChoiceGene<InitSpec> init, ChoiceGene<SkipChoice> skip,
        ChoiceGene<NormalizationChoice> normalization, ChoiceGene<ClippingSpec> clipping,
        RealRangeGene learningRate, ChoiceGene<PretrainingChoice> pretraining, @Nullable RecurrentGenes recurrent) {

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
        if (recurrent != null) {
            if (input % recurrent.steps() != 0) {
                throw new IllegalArgumentException("steps " + recurrent.steps() + " must divide the input width "
                        + input + " (steps x features per step)");
            }
            if (!skip.choices().equals(List.of(SkipChoice.NONE))
                    || !normalization.choices().equals(List.of(NormalizationChoice.NONE))
                    || !pretraining.equals(NO_PRETRAINING)) {
                throw new IllegalArgumentException("a recurrent space (cell) takes no skip, normalization or "
                        + "pretraining choices");
            }
        }
    }

    /** A dense space with a pretraining gene. */
    public SearchSpace(int input, OutputSpec output, IntRangeGene depth, ChoiceGene<Integer> width,
            ChoiceGene<ActivationSpec> activation, ChoiceGene<InitSpec> init, ChoiceGene<SkipChoice> skip,
            ChoiceGene<NormalizationChoice> normalization, ChoiceGene<ClippingSpec> clipping,
            RealRangeGene learningRate, ChoiceGene<PretrainingChoice> pretraining) {
        this(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining,
                null);
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

    /** Whether the candidates are recurrent ({@link #recurrent()} genes given). */
    public boolean isRecurrent() {
        return recurrent != null;
    }

    /**
     * The largest network in the space (deepest, widest, with dense skips if offered; for a recurrent space,
     * the deepest and widest stack of its cell with the most gates), for memory checks.
     */
    public NetworkSpec largestCandidate() {
        int w = width.choices().stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (recurrent != null) {
            CellChoice widest = recurrent.cell().choices().stream()
                    .max(Comparator.comparingInt(c -> c.layer(1, 1).gates())).orElseThrow();
            List<LayerSpec> stack = new ArrayList<>();
            for (int i = 0; i < depth.max(); i++) {
                stack.add(widest.layer(w, recurrent.steps()).withSequences(i < depth.max() - 1));
            }
            return NetworkSpec.of(input, stack, output);
        }
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
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code output} replaced. */
    public SearchSpace withOutput(OutputSpec output) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code depth} replaced. */
    public SearchSpace withDepth(IntRangeGene depth) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code width} replaced. */
    public SearchSpace withWidth(ChoiceGene<Integer> width) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code activation} replaced. */
    public SearchSpace withActivation(ChoiceGene<ActivationSpec> activation) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code init} replaced. */
    public SearchSpace withInit(ChoiceGene<InitSpec> init) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code skip} replaced. */
    public SearchSpace withSkip(ChoiceGene<SkipChoice> skip) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code normalization} replaced. */
    public SearchSpace withNormalization(ChoiceGene<NormalizationChoice> normalization) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code clipping} replaced. */
    public SearchSpace withClipping(ChoiceGene<ClippingSpec> clipping) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code learningRate} replaced. */
    public SearchSpace withLearningRate(RealRangeGene learningRate) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code pretraining} replaced. */
    public SearchSpace withPretraining(ChoiceGene<PretrainingChoice> pretraining) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }

    /** This space with {@code recurrent} genes (null: a dense space). */
    public SearchSpace withRecurrent(@Nullable RecurrentGenes recurrent) {
        return new SearchSpace(input, output, depth, width, activation, init, skip, normalization, clipping, learningRate, pretraining, recurrent);
    }
}
