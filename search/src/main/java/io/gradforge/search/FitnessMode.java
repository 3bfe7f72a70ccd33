package io.gradforge.search;

import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.LinearRankSelector;
import io.jenetics.RouletteWheelSelector;
import io.jenetics.Selector;
import io.jenetics.TournamentSelector;
import io.jenetics.ext.moea.UFTournamentSelector;
import io.jenetics.ext.moea.Vec;
import java.util.Arrays;

/**
 * How scores become a Jenetics fitness and which selectors rank it: a {@link Vec} with NSGA-II style
 * unique-fitness tournament selection in pareto mode, the weighted sum with the spec's selector (and elitism)
 * in weighted mode. Scores are finite by construction ({@link Objectives}); this is checked again here because
 * under maximization a NaN or infinite fitness would rank best.
 */
sealed interface FitnessMode<C extends Comparable<? super C>> {
    C fitness(double[] scores);

    Selector<DoubleGene, C> offspringSelector();

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
        public Selector<DoubleGene, Vec<double[]>> offspringSelector() {
            return UFTournamentSelector.ofVec();
        }

        @Override
        public Selector<DoubleGene, Vec<double[]>> survivorsSelector() {
            return UFTournamentSelector.ofVec();
        }
    }

    record Weighted(Objectives scoring, GaSpec ga) implements FitnessMode<Double> {
        @Override
        public Double fitness(double[] scores) {
            return scoring.weighted(checked(scores));
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
            return ga.elitism() > 0 ? new EliteSelector<>(ga.elitism(), offspringSelector()) : offspringSelector();
        }
    }
}
