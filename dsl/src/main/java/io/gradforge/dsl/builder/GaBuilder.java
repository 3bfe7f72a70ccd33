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

    GaBuilder() {
        GaSpec s = GaSpec.standard();
        population = s.population();
        generations = s.generations();
        selector = s.selector();
        tournamentSize = s.tournamentSize();
        crossoverRate = s.crossoverRate();
        mutationRate = s.mutationRate();
        elitism = s.elitism();
    }

    public int getPopulation() {
        return population;
    }

    public void setPopulation(int population) {
        this.population = population;
    }

    public int getGenerations() {
        return generations;
    }

    public void setGenerations(int generations) {
        this.generations = generations;
    }

    public Selector getSelector() {
        return selector;
    }

    public void setSelector(Selector selector) {
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    public int getTournamentSize() {
        return tournamentSize;
    }

    public void setTournamentSize(int tournamentSize) {
        this.tournamentSize = tournamentSize;
    }

    public double getCrossoverRate() {
        return crossoverRate;
    }

    public void setCrossoverRate(double crossoverRate) {
        this.crossoverRate = crossoverRate;
    }

    public double getMutationRate() {
        return mutationRate;
    }

    public void setMutationRate(double mutationRate) {
        this.mutationRate = mutationRate;
    }

    public int getElitism() {
        return elitism;
    }

    public void setElitism(int elitism) {
        this.elitism = elitism;
    }

    GaSpec build() {
        return new GaSpec(population, generations, selector, tournamentSize, crossoverRate, mutationRate, elitism);
    }
}
