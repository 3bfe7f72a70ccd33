package io.gradforge.dsl.spec;

import io.gradforge.core.train.Trainer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A search: a space of networks, how each candidate trains, what is optimized, the budget and the GA. */
public record SearchSpec(String name, @Nullable String description, SearchSpace space, TrainingSpec training,
        ObjectivesSpec objectives, BudgetSpec budget, GaSpec ga, int parallelism, long seed) implements Spec {
    public SearchSpec {
        Objects.requireNonNull(name, "name");
        Rules.check(Rules.nameProblem(name));
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(objectives, "objectives");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(ga, "ga");
        Rules.PARALLELISM.check(parallelism);
        Rules.check(Rules.outputLossProblem(space.output().activation().name(), training.loss()));
        if (objectives.convergenceMeasure() == ObjectivesSpec.Measure.STEPS_TO_TARGET && training.targetLoss() == null) {
            throw new IllegalArgumentException(
                    "convergence measure steps_to_target needs training.target_loss; add one or use measure: auc");
        }
        Rules.check(pretrainingProblem(space, training));
        String memory = ExperimentSpec.memoryProblem(space.largestCandidate(), training.batchSize());
        if (memory != null) {
            throw new IllegalArgumentException("the largest candidate of the space: " + memory);
        }
    }

    /**
     * Why the pretraining of a search's candidates cannot run, or null: it is given once (in training or as a
     * space gene), and with a step budget every choice leaves the deepest candidate a step to fine-tune.
     */
    private static @Nullable String pretrainingProblem(SearchSpace space, TrainingSpec training) {
        if (training.pretraining() != null && space.searchesPretraining()) {
            return "pretraining is given both in training and as a space gene; keep one (the gene searches it)";
        }
        java.util.List<PretrainingSpec> choices = new java.util.ArrayList<>();
        if (training.pretraining() != null) choices.add(training.pretraining());
        for (PretrainingChoice c : space.pretraining().choices()) {
            if (c.pretraining() != null) choices.add(c.pretraining());
        }
        if (training.length().unit() != TrainingLength.Unit.STEPS) return null;
        for (PretrainingSpec p : choices) {
            String problem = Rules.pretrainingBudgetProblem(p.stepsPerLayer() * space.depth().max(), training.length().count());
            if (problem != null) return "the deepest candidate (" + space.depth().max() + " hidden layers): " + problem;
        }
        return null;
    }

    public static SearchSpec of(String name, SearchSpace space, TrainingSpec training) {
        return new SearchSpec(name, null, space, training, ObjectivesSpec.standard(),
                BudgetSpec.of(BudgetSpec.DEFAULT_MAX_EVALUATIONS), GaSpec.standard(), 1, Trainer.DEFAULT_SEED);
    }

    /** This search with {@code description} replaced. */
    public SearchSpec withDescription(@Nullable String description) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code space} replaced. */
    public SearchSpec withSpace(SearchSpace space) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code training} replaced. */
    public SearchSpec withTraining(TrainingSpec training) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code objectives} replaced. */
    public SearchSpec withObjectives(ObjectivesSpec objectives) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code budget} replaced. */
    public SearchSpec withBudget(BudgetSpec budget) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code ga} replaced. */
    public SearchSpec withGa(GaSpec ga) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code parallelism} replaced. */
    public SearchSpec withParallelism(int parallelism) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }

    /** This search with {@code seed} replaced. */
    public SearchSpec withSeed(long seed) {
        return new SearchSpec(name, description, space, training, objectives, budget, ga, parallelism, seed);
    }
}
