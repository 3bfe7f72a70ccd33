package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.CellChoice;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.IntRangeGene;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.OutputSpec;
import io.gradforge.dsl.spec.RealRangeGene;
import io.gradforge.dsl.spec.RecurrentGenes;
import io.gradforge.dsl.spec.RecurrentSpec;
import io.gradforge.dsl.spec.Rules;
import io.gradforge.dsl.spec.PretrainingChoice;
import io.gradforge.dsl.spec.SearchSpace;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.TruncationChoice;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The networks a search may try, as YAML's {@code space:}. input, output, depth and width are required;
 * the other genes default to one choice (relu, he_normal, no skip, no normalization, no clipping) and,
 * without {@code learningRate}, every candidate uses the training optimizer's rate. The varargs forms make
 * one choice for the whole network; pass {@link Genes#perLayer} for a choice per hidden block.
 *
 * <p>Kotlin cannot pass named arguments to Java, so the log-scale range has its own name:
 * {@code logLearningRate(1e-4, 1e-1)} is YAML's {@code learning_rate: {min: 1e-4, max: 1e-1, log: true}}.
 */
@GradforgeDsl
public final class SpaceBuilder {

    private int input;
    private @Nullable OutputSpec output;
    private @Nullable IntRangeGene depth;
    private @Nullable ChoiceGene<Integer> width;
    private ChoiceGene<ActivationSpec> activations = ChoiceGene.of(Activations.RELU);
    private ChoiceGene<InitSpec> inits = ChoiceGene.of(Inits.HE_NORMAL);
    private ChoiceGene<SkipChoice> skip = ChoiceGene.of(SkipChoice.NONE);
    private ChoiceGene<NormalizationChoice> normalization = ChoiceGene.of(NormalizationChoice.NONE);
    private ChoiceGene<ClippingSpec> clipping = ChoiceGene.of(ClippingSpec.none());
    private ChoiceGene<PretrainingChoice> pretraining = SearchSpace.NO_PRETRAINING;
    private @Nullable RealRangeGene learningRate;
    private boolean initsSet;
    private int steps;
    private @Nullable ChoiceGene<CellChoice> cells;
    private @Nullable ChoiceGene<InitSpec> recurrentInits;
    private @Nullable ChoiceGene<TruncationChoice> truncations;

    SpaceBuilder() {}

    /**
     * A recurrent space (YAML's {@code cell} and {@code steps}): each candidate is {@code depth} stacked layers
     * of one of {@code cells} over sequences of {@code steps} steps, {@code width} units each; {@code inits}
     * (default xavier_uniform) are their input initializers.
     * {@snippet lang=kotlin :
     * cells(100, CellChoice.RNN_TANH, CellChoice.LSTM, CellChoice.GRU)
     * truncations(TruncationChoice.NONE, TruncationChoice.of(TruncationSpec.of(20)))
     * }
     */
    public SpaceBuilder cells(int steps, CellChoice... choices) {
        Rules.SEQUENCE_STEPS.check(steps);
        this.steps = steps;
        cells = new ChoiceGene<>(List.of(choices), false);
        return this;
    }

    /** A recurrent space's recurrent initializer choices (default orthogonal). */
    public SpaceBuilder recurrentInits(InitSpec... choices) {
        recurrentInits = new ChoiceGene<>(List.of(choices), false);
        return this;
    }

    /** A recurrent space's truncation choices (default {@link TruncationChoice#NONE}, full BPTT). */
    public SpaceBuilder truncations(TruncationChoice... choices) {
        truncations = new ChoiceGene<>(List.of(choices), false);
        return this;
    }

    /** The width of the input, in [1, 100000] (required). */
    public SpaceBuilder input(int width) {
        Rules.INPUT.check(width);
        this.input = width;
        return this;
    }

    /** An output layer of {@code units}: identity, xavier_uniform, with bias (required). */
    public SpaceBuilder output(int units) {
        output = OutputSpec.of(units);
        return this;
    }

    /** An output layer configured by {@code block} (required). */
    public SpaceBuilder output(int units, Action<? super OutputBuilder> block) {
        OutputBuilder o = new OutputBuilder(units);
        block.execute(o);
        output = o.build();
        return this;
    }

    /** Between {@code min} and {@code max} hidden blocks, inclusive. */
    public SpaceBuilder depth(int min, int max) {
        Rules.DEPTH.check(min);
        Rules.DEPTH.check(max);
        if (min > max) {
            throw new IllegalArgumentException(Rules.minAboveMax("depth", Integer.toString(min), Integer.toString(max)));
        }
        depth = IntRangeGene.of(min, max);
        return this;
    }

    /** The widths a hidden block may have, one choice for the whole network (required). */
    public SpaceBuilder width(int... choices) {
        return width(new ChoiceGene<>(Arrays.stream(choices).boxed().toList(), false));
    }

    /** The widths a hidden block may have, each in [1, 100000]; {@code Genes.perLayer(...)} lets every block choose. */
    public SpaceBuilder width(ChoiceGene<Integer> gene) {
        gene.choices().forEach(Rules.UNITS::check);
        width = gene;
        return this;
    }

    /** The activations candidates choose from, one for the whole network (default relu only). */
    public SpaceBuilder activations(ActivationSpec... choices) {
        return activations(new ChoiceGene<>(List.of(choices), false));
    }

    /** The activations candidates choose from, as a gene (per layer or not). */
    public SpaceBuilder activations(ChoiceGene<ActivationSpec> gene) {
        activations = Objects.requireNonNull(gene, "activations");
        return this;
    }

    /** The weight inits candidates choose from, one for the whole network (default he_normal only). */
    public SpaceBuilder inits(InitSpec... choices) {
        return inits(new ChoiceGene<>(List.of(choices), false));
    }

    /** The weight inits candidates choose from, as a gene (per layer or not). */
    public SpaceBuilder inits(ChoiceGene<InitSpec> gene) {
        inits = Objects.requireNonNull(gene, "inits");
        initsSet = true;
        return this;
    }

    /** How hidden blocks connect: {@code NONE}, {@code RESIDUAL} or {@code DENSE} (default none only). */
    public SpaceBuilder skip(SkipChoice... choices) {
        return skip(new ChoiceGene<>(List.of(choices), false));
    }

    /** How hidden blocks connect, as a gene. */
    public SpaceBuilder skip(ChoiceGene<SkipChoice> gene) {
        skip = Objects.requireNonNull(gene, "skip");
        return this;
    }

    /**
     * Normalization in each hidden block: {@code NONE}, {@code BATCH_NORM} or {@code LAYER_NORM} (default none only).
     */
    public SpaceBuilder normalization(NormalizationChoice... choices) {
        return normalization(new ChoiceGene<>(List.of(choices), false));
    }

    /** Normalization in each hidden block, as a gene. */
    public SpaceBuilder normalization(ChoiceGene<NormalizationChoice> gene) {
        normalization = Objects.requireNonNull(gene, "normalization");
        return this;
    }

    /** Clipping choices: {@code clipping(ClippingSpec.none(), ClippingSpec.norm(1.0))}. */
    public SpaceBuilder clipping(ClippingSpec... choices) {
        return clipping(new ChoiceGene<>(List.of(choices), false));
    }

    /**
     * Pretraining choices: {@code pretraining(PretrainingChoice.NONE, PretrainingChoice.of(PretrainingSpec.denoising(100)))};
     * a space that offers more than none gets a pretraining gene.
     */
    public SpaceBuilder pretraining(PretrainingChoice... choices) {
        pretraining = new ChoiceGene<>(List.of(choices), false);
        return this;
    }

    /** Gradient clipping choices, as a gene. */
    public SpaceBuilder clipping(ChoiceGene<ClippingSpec> gene) {
        clipping = Objects.requireNonNull(gene, "clipping");
        return this;
    }

    /** A learning rate searched on a linear scale in [min, max]. */
    public SpaceBuilder learningRate(double min, double max) {
        return learningRate(min, max, false);
    }

    /** A learning rate searched on a log scale in [min, max]. */
    public SpaceBuilder logLearningRate(double min, double max) {
        return learningRate(min, max, true);
    }

    private SpaceBuilder learningRate(double min, double max, boolean log) {
        Rules.LEARNING_RATE.check(min);
        Rules.LEARNING_RATE.check(max);
        learningRate = RealRangeGene.of(min, max, log);
        return this;
    }

    SearchSpace build(double optimizerLearningRate) {
        if (input == 0) {
            throw new IllegalArgumentException("missing required key 'input' in space");
        }
        if (output == null) {
            throw new IllegalArgumentException("missing required key 'output' in space");
        }
        if (depth == null) {
            throw new IllegalArgumentException("missing required key 'depth' in space");
        }
        if (width == null) {
            throw new IllegalArgumentException("missing required key 'width' in space");
        }
        // As the reader: without a searched rate, every candidate uses the optimizer's.
        RealRangeGene lr = learningRate != null ? learningRate
                : new RealRangeGene(optimizerLearningRate, optimizerLearningRate, true);
        if (cells == null) {
            if (recurrentInits != null || truncations != null) {
                throw new IllegalArgumentException("recurrentInits and truncations apply to a recurrent space only; "
                        + "call cells(steps, ...) first");
            }
            return new SearchSpace(input, output, depth, width, activations, inits, skip, normalization, clipping, lr,
                    pretraining);
        }
        RecurrentGenes recurrent = new RecurrentGenes(steps, cells,
                recurrentInits != null ? recurrentInits : ChoiceGene.of(RecurrentSpec.DEFAULT_RECURRENT_INIT),
                truncations != null ? truncations : ChoiceGene.of(TruncationChoice.NONE));
        return new SearchSpace(input, output, depth, width, activations,
                initsSet ? inits : ChoiceGene.of(RecurrentSpec.DEFAULT_INIT), skip, normalization, clipping, lr,
                pretraining, recurrent);
    }
}
