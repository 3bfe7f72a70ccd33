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

    /**
     * @param codec     decodes genotypes (candidates are compared by canonical form)
     * @param rate      the probability that one gene mutates
     * @param evaluated whether a canonical form was evaluated already
     */
    DistinctMutator(ArchitectureCodec codec, double rate, Predicate<String> evaluated) {
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
        for (Phenotype<DoubleGene, C> p : population) {
            double[] u = ArchitectureCodec.keys(p.genotype());
            boolean changed = p.nonEvaluated(); // a crossover child; an evaluated one is a copy of its parent
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
            batch.add(canonical);
            if (changed) {
                out.add(Phenotype.of(ArchitectureCodec.genotype(u), generation));
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
