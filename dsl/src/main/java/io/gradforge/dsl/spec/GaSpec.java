package io.gradforge.dsl.spec;

import java.util.Objects;

/** Genetic-algorithm settings. */
public record GaSpec(int population, int generations, Selector selector, int tournamentSize,
        double crossoverRate, double mutationRate, int elitism) {

    public enum Selector { TOURNAMENT, ROULETTE, RANK }

    public GaSpec {
        Rules.POPULATION.check(population);
        Rules.GENERATIONS.check(generations);
        Objects.requireNonNull(selector, "selector");
        Rules.TOURNAMENT_SIZE.check(tournamentSize);
        Rules.CROSSOVER_RATE.check(crossoverRate);
        Rules.MUTATION_RATE.check(mutationRate);
        Rules.ELITISM.check(elitism);
        if (tournamentSize > population) {
            throw new IllegalArgumentException("tournament_size " + tournamentSize + " exceeds population " + population);
        }
        if (elitism >= population) {
            throw new IllegalArgumentException("elitism " + elitism + " must be below population " + population);
        }
    }

    /** population 16, 8 generations, tournament of 3, crossover 0.7, mutation 0.15, elitism 2. */
    public static GaSpec standard() {
        return new GaSpec(16, 8, Selector.TOURNAMENT, 3, 0.7, 0.15, 2);
    }

    /** This GA with {@code population} replaced. */
    public GaSpec withPopulation(int population) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code generations} replaced. */
    public GaSpec withGenerations(int generations) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code selector} replaced. */
    public GaSpec withSelector(Selector selector) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code tournamentSize} replaced. */
    public GaSpec withTournamentSize(int tournamentSize) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code crossoverRate} replaced. */
    public GaSpec withCrossoverRate(double crossoverRate) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code mutationRate} replaced. */
    public GaSpec withMutationRate(double mutationRate) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }

    /** This GA with {@code elitism} replaced. */
    public GaSpec withElitism(int elitism) {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }
}
