package io.gradforge.search;

import io.jenetics.AltererResult;
import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The search's mutation, made for a random-key genome whose genes are mostly categorical, and the guarantee that
 * every offspring is a candidate never seen before, so that no evaluation of the budget is spent on a repeat.
 * <ul>
 *   <li>A categorical gene (of {@code n >= 2} values, {@link ArchitectureCodec#cardinalities()}) mutates, with
 *       probability {@code rate}, to a <em>different</em> value, each other value equally likely; a uniform
 *       re-draw of the key would keep the value with probability {@code 1/n} and waste the mutation. A
 *       continuous gene moves by a Gaussian step of {@value #SIGMA} in key space.</li>
 *   <li>An offspring that decodes to a candidate already evaluated, to one of its own batch, or that no operator
 *       changed, mutates one more gene at a time until it decodes to a new candidate (at most
 *       {@value #MAX_TRIES} tries; a nearly exhausted space may leave it a repeat, which the cache then answers
 *       without spending budget).</li>
 *   <li>Once the {@link Surrogate} model has seen evaluations, each offspring is chosen among {@code proposals}
 *       children made this way from the same crossover child: the one the model expects most to be good
 *       (surrogate-assisted pre-selection). Mutation still explores; the model only decides which of its
 *       results is spent budget on.</li>
 * </ul>
 * Random numbers come from Jenetics' {@link RandomRegistry}, which the search seeds: the same seed gives the same
 * offspring.
 *
 * @implNote Not thread-safe; used on the evolution thread only.
 */
final class DistinctMutator<C extends Comparable<? super C>> implements io.jenetics.Alterer<DoubleGene, C> {
    /** The Gaussian step of a continuous gene, in key space. */
    static final double SIGMA = 0.15;
    /** The most extra single-gene mutations spent on making one offspring new. */
    static final int MAX_TRIES = 64;

    private final ArchitectureCodec codec;
    private final int[] cardinalities;
    private final int[] mutable;
    private final double rate;
    private final Predicate<String> evaluated;
    private final int proposals;
    private final Surrogate model;

    /**
     * @param codec     decodes genotypes (candidates are compared by canonical form)
     * @param rate      the probability that one gene mutates
     * @param evaluated whether a canonical form was evaluated already
     * @param proposals children proposed per offspring once {@code model} has seen an evaluation (1: no model)
     * @param model     the model of good gene values that chooses among the proposals
     */
    DistinctMutator(ArchitectureCodec codec, double rate, Predicate<String> evaluated, int proposals,
            Surrogate model) {
        this.proposals = proposals;
        this.model = model;
        this.codec = codec;
        this.cardinalities = codec.cardinalities();
        List<Integer> m = new ArrayList<>();
        for (int i = 0; i < cardinalities.length; i++) if (cardinalities[i] != 1) m.add(i);
        this.mutable = m.stream().mapToInt(Integer::intValue).toArray();
        this.rate = rate;
        this.evaluated = evaluated;
    }

    @Override
    public AltererResult<DoubleGene, C> alter(Seq<Phenotype<DoubleGene, C>> population, long generation) {
        RandomGenerator random = RandomRegistry.random();
        Set<String> batch = new HashSet<>();
        List<Phenotype<DoubleGene, C>> out = new ArrayList<>(population.size());
        int alterations = 0;
        int proposals = model.size() == 0 ? 1 : this.proposals;
        for (Phenotype<DoubleGene, C> p : population) {
            double[] parent = ArchitectureCodec.keys(p.genotype());
            boolean crossed = p.nonEvaluated(); // a crossover child; an evaluated one is a copy of its parent
            double[] best = null;
            String bestCanonical = null;
            boolean bestChanged = false;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < proposals; k++) {
                double[] u = parent.clone();
                boolean changed = crossed;
                for (int g : mutable) {
                    if (random.nextDouble() < rate) {
                        mutate(u, g, random);
                        changed = true;
                    }
                }
                String canonical = codec.decode(u).canonical();
                for (int tries = 0; mutable.length > 0 && tries < MAX_TRIES
                        && (!changed || evaluated.test(canonical) || batch.contains(canonical)); tries++) {
                    mutate(u, mutable[random.nextInt(mutable.length)], random);
                    changed = true;
                    canonical = codec.decode(u).canonical();
                }
                double score = proposals == 1 ? 0 : model.score(u);
                if (best == null || score > bestScore) {
                    best = u;
                    bestCanonical = canonical;
                    bestChanged = changed;
                    bestScore = score;
                }
            }
            batch.add(bestCanonical);
            if (bestChanged) {
                out.add(Phenotype.of(ArchitectureCodec.genotype(best), generation));
                alterations++;
            } else {
                out.add(p);
            }
        }
        return new AltererResult<>(ISeq.of(out), alterations);
    }

    private void mutate(double[] u, int gene, RandomGenerator random) {
        int n = cardinalities[gene];
        if (n == 0) {
            double v = u[gene] + SIGMA * random.nextGaussian();
            u[gene] = Math.max(0, Math.min(Math.nextDown(1.0), v));
            return;
        }
        int current = ArchitectureCodec.pick(u[gene], n);
        int other = (current + 1 + random.nextInt(n - 1)) % n;
        u[gene] = StratifiedStart.key(other, n, random);
    }
}
