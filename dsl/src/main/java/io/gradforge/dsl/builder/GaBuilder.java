package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.GaSpec.Selector;
import java.util.Objects;

/** Genetic-algorithm settings; starts at {@link GaSpec#standard()}. */
@GradforgeDsl
public final class GaBuilder {

    private int population;
    private int generations;
    private Selector selector;
    private int tournamentSize;
    private double crossoverRate;
    private double mutationRate;
    private int elitism;
    private int proposals;

    GaBuilder() {
        GaSpec s = GaSpec.standard();
        population = s.population();
        generations = s.generations();
        selector = s.selector();
        tournamentSize = s.tournamentSize();
        crossoverRate = s.crossoverRate();
        mutationRate = s.mutationRate();
        elitism = s.elitism();
        proposals = s.proposals();
    }

    /** The number of candidates per generation. */
    public int getPopulation() {
        return population;
    }

    /**
     * The number of candidates per generation, in [2, 100000] (default 16), at least the tournament size and
     * above the elitism.
     */
    public void setPopulation(int population) {
        this.population = population;
    }

    /** The number of generations bred after the first. */
    public int getGenerations() {
        return generations;
    }

    /** The number of generations bred after the first, in [1, 1000000] (default 8). */
    public void setGenerations(int generations) {
        this.generations = generations;
    }

    /** How parents are selected. */
    public Selector getSelector() {
        return selector;
    }

    /** How parents are selected: {@code TOURNAMENT} (default), {@code ROULETTE} or {@code RANK}. */
    public void setSelector(Selector selector) {
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    /** The candidates in each tournament. */
    public int getTournamentSize() {
        return tournamentSize;
    }

    /** The candidates in each tournament, 1 to the population (default 3). */
    public void setTournamentSize(int tournamentSize) {
        this.tournamentSize = tournamentSize;
    }

    /** The probability of crossover. */
    public double getCrossoverRate() {
        return crossoverRate;
    }

    /** The probability that two parents cross over, in [0, 1] (default 0.7). */
    public void setCrossoverRate(double crossoverRate) {
        this.crossoverRate = crossoverRate;
    }

    /** The probability of mutating a gene. */
    public double getMutationRate() {
        return mutationRate;
    }

    /** The probability that a gene mutates, in [0, 1] (default 0.15). */
    public void setMutationRate(double mutationRate) {
        this.mutationRate = mutationRate;
    }

    /** The best candidates carried over unchanged. */
    public int getElitism() {
        return elitism;
    }

    /** The best candidates carried into the next generation unchanged, below the population (default 2). */
    public void setElitism(int elitism) {
        this.elitism = elitism;
    }

    /** Children proposed per offspring, of which the search's model of good candidates keeps one. */
    public int getProposals() {
        return proposals;
    }

    /**
     * Children proposed per offspring, in [1, 1000] (default 8): the search's model of which gene values go with good
     * candidates keeps the most promising one; 1 turns the model off.
     */
    public void setProposals(int proposals) {
        this.proposals = proposals;
    }

    GaSpec build() {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism,
                proposals);
    }
}
