package io.gradforge.search;

import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.jenetics.DoubleGene;
import io.jenetics.LinearRankSelector;
import io.jenetics.RouletteWheelSelector;
import io.jenetics.Selector;
import io.jenetics.TournamentSelector;
import io.jenetics.TruncationSelector;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.ext.moea.Vec;
import java.util.Arrays;

/**
 * How scores become a Jenetics fitness and which selectors rank it: in pareto mode a {@link Vec}, parents by
 * NSGA-II style unique-fitness tournament and survivors by NSGA-II truncation (rank, then crowding distance); in
 * weighted mode the weighted sum, parents by the spec's selector and survivors by truncation. Scores are finite by construction ({@link Objectives}); this is checked again here because
 * under maximization a NaN or infinite fitness would rank best.
 */
sealed interface FitnessMode<C extends Comparable<? super C>> {
    C fitness(double[] scores);

    Selector<DoubleGene, C> offspringSelector();

    /** The scores behind {@code fitness}, higher better: the objectives, or the weighted sum alone. */
    double[] scores(C fitness);

    /** Survivors by truncation: the best, by Pareto rank and crowding or by weighted score. */
    Selector<DoubleGene, C> survivorsSelector();

    static FitnessMode<?> of(ObjectivesSpec objectives, Objectives scoring, GaSpec ga) {
        return objectives.mode() == ObjectivesSpec.Mode.PARETO ? new Pareto() : new Weighted(scoring, ga);
    }

    static double[] checked(double[] scores) {
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("a non-finite score reached the fitness: "
                        + Arrays.toString(scores));
            }
        }
        return scores;
    }

    record Pareto() implements FitnessMode<Vec<double[]>> {
        @Override
        public Vec<double[]> fitness(double[] scores) {
            return Vec.of(checked(scores).clone());
        }

        @Override
        public double[] scores(Vec<double[]> fitness) {
            return fitness.data().clone();
        }

        @Override
        public Selector<DoubleGene, Vec<double[]>> offspringSelector() {
            return UFTournamentSelector.ofVec();
        }

        @Override
        public Selector<DoubleGene, Vec<double[]>> survivorsSelector() {
            return NSGA2Selector.ofVec();
        }
    }

    record Weighted(Objectives scoring, GaSpec ga) implements FitnessMode<Double> {
        @Override
        public Double fitness(double[] scores) {
            return scoring.weighted(checked(scores));
        }

        @Override
        public double[] scores(Double fitness) {
            return new double[] {fitness};
        }

        @Override
        public Selector<DoubleGene, Double> offspringSelector() {
            return switch (ga.selector()) {
                case TOURNAMENT -> new TournamentSelector<>(ga.tournamentSize());
                case ROULETTE -> new RouletteWheelSelector<>();
                case RANK -> new LinearRankSelector<>();
            };
        }

        @Override
        public Selector<DoubleGene, Double> survivorsSelector() {
            return new TruncationSelector<>();
        }
    }
}
