package io.gradforge.dsl.spec;

import java.util.Objects;

/**
 * Genetic-algorithm settings. {@code population} and {@code generations} may be {@link #AUTO}: the population is
 * then sized from the evaluation budget ({@link #populationFor(long)}) and the search runs generations until the
 * budget of distinct evaluations is spent. A number of generations, when given, is a cap.
 *
 * <p>Each generation breeds a quarter of the population ({@link #offspringFor(int)}), which replaces the worst
 * members (by Pareto rank and crowding, or by weighted score; at least {@code elitism} members survive); two
 * generations are evaluated at once, each bred from the last population whose evaluations are all in. Parents are
 * chosen by {@code selector}, children are made by uniform crossover
 * ({@code crossover_rate}) and mutation ({@code mutation_rate} per gene, always to a different value), and every
 * child is a candidate not evaluated before. With {@code proposals > 1} each child is the one of {@code proposals}
 * children of the same parents that a model of all evaluations so far expects most to be good. The defaults are the
 * settings that did best in {@code bench/search-quality} on three tabulated spaces (bench/README.md).
 */
public record GaSpec(int population, int generations, Selector selector, int tournamentSize,
        double crossoverRate, double mutationRate, int elitism, int proposals) {

    /** The value of {@code population} or {@code generations} that means "chosen from the budget". */
    public static final int AUTO = 0;
    /** The smallest population {@link #AUTO} chooses. */
    public static final int MIN_AUTO_POPULATION = 6;
    /** The largest population {@link #AUTO} chooses. */
    public static final int MAX_AUTO_POPULATION = 32;

    public enum Selector { TOURNAMENT, ROULETTE, RANK }

    public GaSpec {
        if (population != AUTO) Rules.POPULATION.check(population);
        if (generations != AUTO) Rules.GENERATIONS.check(generations);
        Objects.requireNonNull(selector, "selector");
        Rules.TOURNAMENT_SIZE.check(tournamentSize);
        Rules.CROSSOVER_RATE.check(crossoverRate);
        Rules.MUTATION_RATE.check(mutationRate);
        Rules.ELITISM.check(elitism);
        Rules.PROPOSALS.check(proposals);
        int smallest = population == AUTO ? MIN_AUTO_POPULATION : population;
        if (tournamentSize > smallest) {
            throw new IllegalArgumentException("tournament_size " + tournamentSize + " exceeds population "
                    + (population == AUTO ? "auto (at least " + smallest + ")" : population));
        }
        if (elitism >= smallest) {
            throw new IllegalArgumentException("elitism " + elitism + " must be below population "
                    + (population == AUTO ? "auto (at least " + smallest + ")" : population));
        }
    }

    /**
     * The defaults: population and generations auto, tournament of 3, crossover 0.7, mutation 0.15 per gene,
     * elitism 2, 8 proposals per child.
     */
    public static GaSpec standard() {
        return new GaSpec(AUTO, AUTO, Selector.TOURNAMENT, 3, 0.7, 0.15, 2, 8);
    }

    /**
     * The population for a budget of {@code maxEvaluations} distinct evaluations: {@code round(0.8 sqrt(budget))}
     * within [{@value #MIN_AUTO_POPULATION}, {@value #MAX_AUTO_POPULATION}] (6 for 25 or 50 evaluations, 8 for 100,
     * 11 for 200), or the fixed population. Small populations exploit sooner, which pays at the budgets a search of
     * trained candidates can afford.
     */
    public int populationFor(long maxEvaluations) {
        if (population != AUTO) return population;
        long p = Math.round(0.8 * Math.sqrt((double) maxEvaluations));
        return (int) Math.max(MIN_AUTO_POPULATION, Math.min(MAX_AUTO_POPULATION, p));
    }

    /**
     * The children each generation breeds in a population of {@code population}: a quarter of it, rounded up, and
     * no more than leaves {@code elitism} members.
     */
    public int offspringFor(int population) {
        return Math.max(1, Math.min((population + 3) / 4, population - elitism));
    }

    /** This GA with {@code population} replaced. */
    public GaSpec withPopulation(int population) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code generations} replaced. */
    public GaSpec withGenerations(int generations) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code selector} replaced. */
    public GaSpec withSelector(Selector selector) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code tournamentSize} replaced. */
    public GaSpec withTournamentSize(int tournamentSize) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code crossoverRate} replaced. */
    public GaSpec withCrossoverRate(double crossoverRate) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code mutationRate} replaced. */
    public GaSpec withMutationRate(double mutationRate) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code proposals} replaced. */
    public GaSpec withProposals(int proposals) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }

    /** This GA with {@code elitism} replaced. */
    public GaSpec withElitism(int elitism) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }
}
