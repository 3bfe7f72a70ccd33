package io.gradforge.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A cheap model of which gene values go with good candidates, learnt from every evaluation of the search so far,
 * used to choose among several possible children the one most likely to be good (surrogate-assisted pre-selection).
 *
 * <p>The evaluations are split into the better {@code GAMMA} share (by the number of evaluations that dominate
 * them, then by the sum of their scores; one score in weighted mode) and the rest. For every gene that shapes a
 * candidate, the share of each value among the good and among the rest is counted with a uniform prior; a child's
 * score is the sum over its genes of {@code log(p_good(value) / p_rest(value))}, the density ratio of the
 * tree-structured Parzen estimator (Bergstra et al. 2011) with genes taken as independent. Genes that do not shape a
 * candidate (a per-layer gene beyond the depth) count neither in the model nor in a score.
 *
 * @implNote Not thread-safe; used on the evolution thread only.
 */
final class Surrogate {
    /**
     * The share of evaluations modelled as good. Over bench/search-quality's three tables (100 seeds, budgets
     * 25-200) 0.15 did better than 0.25 and 0.4 nearly everywhere, and than 0.1 on two tables of three.
     */
    static final double GAMMA = 0.15;
    /** The weight of the uniform prior, in evaluations. */
    static final double PRIOR = 1;
    /** Bins of a continuous gene. */
    static final int BINS = 10;

    private final ArchitectureCodec codec;
    private final int[] sizes;
    private final List<int[]> levels = new ArrayList<>();
    private final List<double[]> scores = new ArrayList<>();
    /** For each evaluation, how many others dominate it; kept up to date as evaluations arrive. */
    private int[] dominatedBy = new int[16];
    private double[][] logRatio = new double[0][];
    private int fitted = -1;

    Surrogate(ArchitectureCodec codec) {
        this.codec = codec;
        int[] n = codec.cardinalities();
        this.sizes = new int[n.length];
        for (int g = 0; g < n.length; g++) sizes[g] = n[g] == 0 ? BINS : n[g];
    }

    /** Records an evaluated candidate: its random keys and its scores (higher is better). */
    void observe(double[] keys, double[] scores) {
        int n = levels.size();
        if (n == dominatedBy.length) dominatedBy = Arrays.copyOf(dominatedBy, 2 * n);
        dominatedBy[n] = 0;
        for (int i = 0; i < n; i++) {
            double[] other = this.scores.get(i);
            if (Objectives.dominates(other, scores)) dominatedBy[n]++;
            else if (Objectives.dominates(scores, other)) dominatedBy[i]++;
        }
        levels.add(codec.levels(keys, BINS));
        this.scores.add(scores.clone());
    }

    /** The evaluations observed so far. */
    int size() {
        return levels.size();
    }

    /** How strongly the model expects the candidate of the random keys {@code u} to be good (higher is better). */
    double score(double[] u) {
        if (fitted != levels.size()) fit();
        int[] l = codec.levels(u, BINS);
        double s = 0;
        for (int g = 0; g < l.length; g++) {
            if (l[g] >= 0) s += logRatio[g][l[g]];
        }
        return s;
    }

    private void fit() {
        int n = levels.size();
        Integer[] order = new Integer[n];
        double[] sum = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            for (double v : scores.get(i)) sum[i] += v;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> dominatedBy[i]).thenComparing(i -> -sum[i]));
        int good = Math.max(1, (int) Math.ceil(GAMMA * n));
        double[][] countGood = new double[sizes.length][];
        double[][] countRest = new double[sizes.length][];
        double[] totalGood = new double[sizes.length];
        double[] totalRest = new double[sizes.length];
        for (int g = 0; g < sizes.length; g++) {
            countGood[g] = new double[sizes[g]];
            countRest[g] = new double[sizes[g]];
        }
        for (int r = 0; r < n; r++) {
            int[] l = levels.get(order[r]);
            boolean isGood = r < good;
            for (int g = 0; g < l.length; g++) {
                if (l[g] < 0) continue;
                if (isGood) {
                    countGood[g][l[g]]++;
                    totalGood[g]++;
                } else {
                    countRest[g][l[g]]++;
                    totalRest[g]++;
                }
            }
        }
        logRatio = new double[sizes.length][];
        for (int g = 0; g < sizes.length; g++) {
            logRatio[g] = new double[sizes[g]];
            double prior = PRIOR / sizes[g];
            for (int v = 0; v < sizes[g]; v++) {
                double pGood = (countGood[g][v] + prior) / (totalGood[g] + PRIOR);
                double pRest = (countRest[g][v] + prior) / (totalRest[g] + PRIOR);
                logRatio[g][v] = Math.log(pGood / pRest);
            }
        }
        fitted = n;
    }
}
