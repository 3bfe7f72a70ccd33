package io.gradforge.search;

import io.gradforge.dsl.spec.ActivationLayerSpec;
import io.gradforge.dsl.spec.ActivationSpec;
import io.gradforge.dsl.spec.BatchNormSpec;
import io.gradforge.dsl.spec.BranchScaleSpec;
import io.gradforge.dsl.spec.CellChoice;
import io.gradforge.dsl.spec.ChoiceGene;
import io.gradforge.dsl.spec.ClippingSpec;
import io.gradforge.dsl.spec.DenseSkipSpec;
import io.gradforge.dsl.spec.DenseSpec;
import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.InitSpec;
import io.gradforge.dsl.spec.LayerNormSpec;
import io.gradforge.dsl.spec.LayerSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.NormalizationChoice;
import io.gradforge.dsl.spec.PretrainingSpec;
import io.gradforge.dsl.spec.Projection;
import io.gradforge.dsl.spec.RealRangeGene;
import io.gradforge.dsl.spec.RecurrentGenes;
import io.gradforge.dsl.spec.ResidualSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.SkipChoice;
import io.gradforge.dsl.spec.TrainingSpec;
import io.gradforge.dsl.spec.TruncationSpec;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.engine.Codec;
import io.jenetics.util.Factory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a {@link io.gradforge.dsl.spec.SearchSpace} as one chromosome of random keys (doubles in [0, 1)) and
 * decodes any genotype to a valid {@link Candidate}. One chromosome keeps crossover meaningful across all
 * genes; random keys make every genotype decodable, whatever the sizes of the choice lists.
 *
 * <p>Gene layout, in order: depth; width (one gene, or {@code depth.max} genes when {@code per_layer}, block
 * {@code i} reading gene {@code i}); activation and init likewise; skip; normalization; clipping; learning rate;
 * pretraining, only in a space that offers it ({@link io.gradforge.dsl.spec.SearchSpace#searchesPretraining()}), so a
 * space without it keeps its genotype and its same-seed searches; then, only in a recurrent space
 * ({@link io.gradforge.dsl.spec.SearchSpace#recurrent()}), cell, recurrent init and truncation, so dense spaces
 * keep theirs too.
 * A key {@code u} chooses index {@code floor(u * n)} of {@code n} choices; the learning rate is
 * {@link RealRangeGene#valueAt}: {@code min * (max/min)^u} on a log range (else linear), rounded to 3 significant
 * digits so that the canonical YAML stays readable and nearby rates share a cache entry, or the grid value of its
 * bin when the range has {@code steps}.
 *
 * <p>The decoded network is {@code depth} hidden blocks then the output layer:
 * <ul>
 *   <li>a block is {@code dense(width, activation, init)}; with normalization it is
 *       {@code dense(width, identity, init) -> batch_norm|layer_norm -> activation} (normalize the
 *       pre-activations, as Ioffe &amp; Szegedy 2015 place batch norm);</li>
 *   <li>{@code residual}: the first block is a plain stem (it changes the width from the input's), every later
 *       block is wrapped as {@code x + block(x)}, identity skip when the widths agree and a learned projection
 *       otherwise ({@link Projection#AUTO});</li>
 *   <li>{@code dense}: every later block is a concatenating skip {@code [x, block(x)]} while the concatenated
 *       width stays at most {@link #MAX_DENSE_WIDTH}; a block that would exceed it is plain, which restarts
 *       the concatenation from its own width.</li>
 * </ul>
 * Pretraining (the gene's choice, or {@code training.pretraining} when the space has no gene) applies to plain
 * stacks of dense blocks only: a candidate with a skip or normalization is decoded without it, as pretraining
 * cannot train those layers as autoencoders; the gene then does not shape the candidate ({@link #levels}).
 *
 * @implNote Thread-safe: immutable but for a bounded memory of the candidates decoded lately (synchronized).
 */
public final class ArchitectureCodec implements Codec<Candidate, DoubleGene> {
    /** The widest concatenation a {@code dense} skip may build before a plain block restarts it. */
    public static final int MAX_DENSE_WIDTH = 1024;

    private final SearchSpec search;
    private final int maxDepth;
    private final int widthAt;
    private final int activationAt;
    private final int initAt;
    private final int skipAt;
    private final int normalizationAt;
    private final int clippingAt;
    private final int learningRateAt;
    /** The pretraining gene's index, or -1 when the space does not search pretraining. */
    private final int pretrainingAt;
    /** A recurrent space's cell, recurrent init and truncation genes; -1 in a dense space. */
    private final int cellAt;
    private final int recurrentInitAt;
    private final int truncationAt;
    private final int length;
    private final int[] cardinalities;
    /**
     * The candidates decoded last, by experiment: a candidate's identity is its canonical YAML and a hash of it,
     * which cost more than decoding (the evolution decodes every proposal of every child, and the parents again),
     * so a spec decoded before is not written again. Bounded: the most recently decoded {@value #REMEMBERED}.
     */
    private final Map<ExperimentSpec, Candidate> decoded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ExperimentSpec, Candidate> eldest) {
            return size() > REMEMBERED;
        }
    };
    private static final int REMEMBERED = 4096;

    private ArchitectureCodec(SearchSpec search) {
        this.search = Objects.requireNonNull(search, "search");
        var space = search.space();
        this.maxDepth = space.depth().max();
        int at = 1;
        widthAt = at;
        at += genes(space.width());
        activationAt = at;
        at += genes(space.activation());
        initAt = at;
        at += genes(space.init());
        skipAt = at++;
        normalizationAt = at++;
        clippingAt = at++;
        learningRateAt = at++;
        pretrainingAt = space.searchesPretraining() ? at++ : -1;
        boolean recurrent = space.recurrent() != null;
        cellAt = recurrent ? at++ : -1;
        recurrentInitAt = recurrent ? at++ : -1;
        truncationAt = recurrent ? at++ : -1;
        length = at;
        cardinalities = countValues();
    }

    public static ArchitectureCodec of(SearchSpec search) {
        return new ArchitectureCodec(search);
    }

    /** The number of genes of a genotype. */
    public int length() {
        return length;
    }

    private int genes(ChoiceGene<?> gene) {
        return gene.perLayer() ? maxDepth : 1;
    }

    @Override
    public Factory<Genotype<DoubleGene>> encoding() {
        return Genotype.of(DoubleChromosome.of(0, 1, length));
    }

    @Override
    public Function<Genotype<DoubleGene>, Candidate> decoder() {
        return this::decode;
    }

    /** The candidate of {@code genotype}; never fails for a genotype of {@link #encoding()}. */
    @Override
    public Candidate decode(Genotype<DoubleGene> genotype) {
        var chromosome = genotype.chromosome();
        if (chromosome.length() != length) {
            throw new IllegalArgumentException("a genotype of this space has " + length + " genes but was given "
                    + chromosome.length() + ".");
        }
        return decode(keys(genotype));
    }

    /** The random keys of {@code genotype}, in gene order. */
    static double[] keys(Genotype<DoubleGene> genotype) {
        var chromosome = genotype.chromosome();
        double[] u = new double[chromosome.length()];
        for (int i = 0; i < u.length; i++) u[i] = chromosome.get(i).doubleValue();
        return u;
    }

    /** The genotype of the random keys {@code u} (each in [0, 1)). */
    static Genotype<DoubleGene> genotype(double[] u) {
        DoubleGene[] genes = new DoubleGene[u.length];
        for (int i = 0; i < u.length; i++) genes[i] = DoubleGene.of(u[i], 0, 1);
        return Genotype.of(DoubleChromosome.of(genes));
    }

    /** The candidate of the random keys {@code u} (each in [0, 1); values outside are clamped). */
    public Candidate decode(double[] u) {
        if (u.length != length) {
            throw new IllegalArgumentException("a genotype of this space has " + length + " genes but was given "
                    + u.length + ".");
        }
        var space = search.space();
        int depth = space.depth().min() + pick(u[0], space.depth().max() - space.depth().min() + 1);
        if (space.recurrent() != null) {
            return decodeRecurrent(u, depth, space.recurrent());
        }
        SkipChoice skip = choose(space.skip(), u, skipAt, 0);
        NormalizationChoice norm = choose(space.normalization(), u, normalizationAt, 0);
        List<LayerSpec> layers = new ArrayList<>(depth);
        int width = space.input();
        for (int i = 0; i < depth; i++) {
            int units = choose(space.width(), u, widthAt, i);
            List<LayerSpec> block = block(units, choose(space.activation(), u, activationAt, i),
                    choose(space.init(), u, initAt, i), norm);
            if (i == 0 || skip == SkipChoice.NONE) {
                layers.addAll(block);
                width = units;
            } else if (skip == SkipChoice.RESIDUAL) {
                layers.add(new ResidualSpec(block, BranchScaleSpec.one(), false, Projection.AUTO, 1));
                width = units;
            } else if ((long) width + units <= MAX_DENSE_WIDTH) {
                layers.add(DenseSkipSpec.of(block));
                width += units;
            } else {
                layers.addAll(block);
                width = units;
            }
        }
        NetworkSpec network = NetworkSpec.of(space.input(), layers, space.output());
        ClippingSpec clipping = choose(space.clipping(), u, clippingAt, 0);
        double lr = space.learningRate().valueAt(u[learningRateAt]);
        TrainingSpec base = search.training();
        PretrainingSpec pretraining = plain(skip, norm) ? pretraining(u) : null;
        TrainingSpec training = base.withOptimizer(base.optimizer().withLearningRate(lr)).withClipping(clipping)
                .withPretraining(pretraining);
        return candidate(ExperimentSpec.of(search.name(), network, training));
    }

    /** The candidate of {@code experiment}, from {@link #decoded} when it was decoded lately. */
    private Candidate candidate(ExperimentSpec experiment) {
        synchronized (decoded) {
            Candidate c = decoded.get(experiment);
            if (c != null) return c;
        }
        Candidate c = Candidate.of(search.name(), experiment);
        synchronized (decoded) {
            decoded.put(experiment, c);
        }
        return c;
    }

    /**
     * A recurrent space's candidate: {@code depth} layers of the chosen cell over the space's steps, each but
     * the last returning its sequence, the last its last step to the output layer; width and init per block
     * (per layer when the space says so); recurrent init and truncation for all; no pretraining.
     */
    private Candidate decodeRecurrent(double[] u, int depth, RecurrentGenes rec) {
        var space = search.space();
        CellChoice cell = choose(rec.cell(), u, cellAt, 0);
        InitSpec recurrentInit = choose(rec.recurrentInit(), u, recurrentInitAt, 0);
        TruncationSpec truncation = choose(rec.truncation(), u, truncationAt, 0).truncation();
        List<LayerSpec> layers = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            layers.add(cell.layer(choose(space.width(), u, widthAt, i), rec.steps()).withSequences(i < depth - 1)
                    .withInit(choose(space.init(), u, initAt, i)).withRecurrentInit(recurrentInit)
                    .withTruncation(truncation));
        }
        NetworkSpec network = NetworkSpec.of(space.input(), layers, space.output());
        double lr = space.learningRate().valueAt(u[learningRateAt]);
        TrainingSpec base = search.training();
        TrainingSpec training = base.withOptimizer(base.optimizer().withLearningRate(lr))
                .withClipping(choose(space.clipping(), u, clippingAt, 0)).withPretraining(null);
        return candidate(ExperimentSpec.of(search.name(), network, training));
    }

    /** Whether candidates with this skip and normalization are plain stacks of dense blocks (pretrainable). */
    private static boolean plain(SkipChoice skip, NormalizationChoice norm) {
        return skip == SkipChoice.NONE && norm == NormalizationChoice.NONE;
    }

    /** The pretraining of the keys {@code u}: the gene's choice, or the training's when the space has no gene. */
    private @Nullable PretrainingSpec pretraining(double[] u) {
        return pretrainingAt < 0 ? search.training().pretraining()
                : choose(search.space().pretraining(), u, pretrainingAt, 0).pretraining();
    }

    private static List<LayerSpec> block(int units, ActivationSpec activation, InitSpec init,
            NormalizationChoice norm) {
        DenseSpec dense = DenseSpec.of(units).withInit(init);
        return switch (norm) {
            case NONE -> List.of(dense.withActivation(activation));
            case BATCH_NORM -> List.of(dense.withActivation(ActivationSpec.of("identity")), BatchNormSpec.of(),
                    new ActivationLayerSpec(activation));
            case LAYER_NORM -> List.of(dense.withActivation(ActivationSpec.of("identity")), LayerNormSpec.of(),
                    new ActivationLayerSpec(activation));
        };
    }

    private static <T> T choose(ChoiceGene<T> gene, double[] u, int at, int block) {
        return gene.choices().get(pick(u[gene.perLayer() ? at + block : at], gene.choices().size()));
    }

    static int pick(double u, int n) {
        double c = Double.isNaN(u) ? 0 : Math.max(0, Math.min(u, 1));
        return Math.min(n - 1, (int) (c * n));
    }

    /**
     * How many values each gene decodes to, in gene order: the number of choices (or depths) of a categorical
     * gene, the grid size of a discretized learning rate, 1 for a fixed one and 0 for a continuous one.
     */
    public int[] cardinalities() {
        return cardinalities.clone();
    }

    private int[] countValues() {
        var space = search.space();
        int[] n = new int[length];
        n[0] = space.depth().max() - space.depth().min() + 1;
        fill(n, widthAt, space.width());
        fill(n, activationAt, space.activation());
        fill(n, initAt, space.init());
        n[skipAt] = space.skip().choices().size();
        n[normalizationAt] = space.normalization().choices().size();
        n[clippingAt] = space.clipping().choices().size();
        RealRangeGene lr = space.learningRate();
        n[learningRateAt] = lr.min() == lr.max() ? 1 : lr.steps();
        if (pretrainingAt >= 0) n[pretrainingAt] = space.pretraining().choices().size();
        RecurrentGenes rec = space.recurrent();
        if (rec != null) {
            n[cellAt] = rec.cell().choices().size();
            n[recurrentInitAt] = rec.recurrentInit().choices().size();
            n[truncationAt] = rec.truncation().choices().size();
        }
        return n;
    }

    /**
     * What each gene of the random keys {@code u} decodes to, in gene order: the index of its value among
     * {@link #cardinalities()}' count, the bin of {@code bins} equal bins for a continuous gene, and -1 for a
     * gene that does not shape the candidate (a fixed gene, or a per-layer gene beyond the depth).
     */
    int[] levels(double[] u, int bins) {
        int[] n = cardinalities;
        int depth = search.space().depth().min() + pick(u[0], n[0]);
        int[] levels = new int[length];
        for (int g = 0; g < length; g++) {
            levels[g] = n[g] == 1 || beyondDepth(g, depth) ? -1 : pick(u[g], n[g] == 0 ? bins : n[g]);
        }
        if (pretrainingAt >= 0 && !plain(choose(search.space().skip(), u, skipAt, 0),
                choose(search.space().normalization(), u, normalizationAt, 0))) {
            levels[pretrainingAt] = -1;
        }
        return levels;
    }

    private boolean beyondDepth(int gene, int depth) {
        var space = search.space();
        return layerOf(gene, widthAt, space.width()) >= depth
                || layerOf(gene, activationAt, space.activation()) >= depth
                || layerOf(gene, initAt, space.init()) >= depth;
    }

    /** The layer of {@code gene} if it is one of {@code choice}'s per-layer genes starting at {@code at}, else -1. */
    private int layerOf(int gene, int at, ChoiceGene<?> choice) {
        return choice.perLayer() && gene >= at && gene < at + maxDepth ? gene - at : -1;
    }

    private void fill(int[] n, int at, ChoiceGene<?> gene) {
        for (int i = 0; i < genes(gene); i++) n[at + i] = gene.choices().size();
    }

    /** The random key at the centre of bin {@code index} of {@code n}: it decodes to that index. */
    static double key(int index, int n) {
        return (index + 0.5) / n;
    }}
