package io.gradforge.dsl.builder;

import io.gradforge.core.train.Trainer;
import io.gradforge.dsl.spec.BudgetSpec;
import io.gradforge.dsl.spec.GaSpec;
import io.gradforge.dsl.spec.ObjectivesSpec;
import io.gradforge.dsl.spec.SearchSpec;
import io.gradforge.dsl.spec.TrainingSpec;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A search, as a YAML file with {@code kind: search}: space and training are required; objectives,
 * budget and GA start at the reader's defaults; parallelism 1, seed 42.
 *
 * {@snippet lang=kotlin :
 * val spec = search("quickstart") {
 *     space { input(2); output(1); depth(2, 8); width(16, 32, 64) }
 *     training { data = twoSpirals(256, 0.1); loss = BINARY_CROSS_ENTROPY; steps = 150 }
 *     ga { population = 12; generations = 5 }
 * }
 * }
 *
 * In Java:
 *
 * {@snippet :
 * SearchSpec spec = Gradforge.search("quickstart", s -> {
 *     s.space(sp -> sp.input(2).output(1).depth(2, 8).width(16, 32, 64).activations(TANH, RELU));
 *     s.training(t -> {
 *         t.setData(twoSpirals(256, 0.1));
 *         t.setLoss(BINARY_CROSS_ENTROPY);
 *         t.setSteps(150);
 *     });
 *     s.ga(g -> { g.setPopulation(12); g.setGenerations(5); });
 * });
 * }
 */
@GradforgeDsl
public final class SearchBuilder {

    private final String name;
    private @Nullable String description;
    private @Nullable SpaceBuilder space;
    private @Nullable TrainingSpec training;
    private ObjectivesSpec objectives = ObjectivesSpec.standard();
    private BudgetSpec budget = BudgetSpec.of(BudgetSpec.DEFAULT_MAX_EVALUATIONS);
    private GaSpec ga = GaSpec.standard();
    private int parallelism = 1;
    private long seed = Trainer.DEFAULT_SEED;

    SearchBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The search's name, given to {@link Gradforge#search(String)}. */
    public String getName() {
        return name;
    }

    /** The free-text description, or null. */
    public @Nullable String getDescription() {
        return description;
    }

    /** A free-text description, written to YAML as {@code description:} (default none). */
    public void setDescription(@Nullable String description) {
        this.description = description;
    }

    /**
     * Declares the space (replacing one declared before). It is built with the search, since its default
     * learning rate is the training optimizer's.
     */
    public SearchBuilder space(Action<? super SpaceBuilder> block) {
        SpaceBuilder s = new SpaceBuilder();
        block.execute(s);
        space = s;
        return this;
    }

    /** Declares how each candidate trains (required; replaces what was set before). */
    public SearchBuilder training(Action<? super TrainingBuilder> block) {
        TrainingBuilder t = new TrainingBuilder();
        block.execute(t);
        training = t.build();
        return this;
    }

    /** The training declared or attached so far, or null. */
    public @Nullable TrainingSpec getTraining() {
        return training;
    }

    /** Attaches a training built before (nullable as its getter, so that Kotlin sees a {@code var}). */
    public void setTraining(@Nullable TrainingSpec training) {
        this.training = training;
    }

    /** Declares what the search optimizes (default pareto over convergence and health). */
    public SearchBuilder objectives(Action<? super ObjectivesBuilder> block) {
        ObjectivesBuilder o = new ObjectivesBuilder();
        block.execute(o);
        objectives = o.build();
        return this;
    }

    /** Declares how much the search may spend (default 200 evaluations, no time limit). */
    public SearchBuilder budget(Action<? super BudgetBuilder> block) {
        BudgetBuilder b = new BudgetBuilder();
        block.execute(b);
        budget = b.build();
        return this;
    }

    /** Declares the genetic algorithm's settings (default population 16, 8 generations). */
    public SearchBuilder ga(Action<? super GaBuilder> block) {
        GaBuilder g = new GaBuilder();
        block.execute(g);
        ga = g.build();
        return this;
    }

    /** The number of candidates trained at once. */
    public int getParallelism() {
        return parallelism;
    }

    /** The number of candidates trained at once, in [1, 4096] (default 1); results do not depend on it. */
    public void setParallelism(int parallelism) {
        this.parallelism = parallelism;
    }

    /** The run seed. */
    public long getSeed() {
        return seed;
    }

    /** The run seed, from which every candidate's training seed derives (default {@link Trainer#DEFAULT_SEED}, 42). */
    public void setSeed(long seed) {
        this.seed = seed;
    }

    /** The search; fails with the reader's message when space or training is missing or anything is invalid. */
    public SearchSpec build() {
        if (space == null) {
            throw new IllegalArgumentException("missing required key 'space' in search " + name);
        }
        if (training == null) {
            throw new IllegalArgumentException("missing required key 'training' in search " + name);
        }
        return new SearchSpec(name, description, space.build(training.optimizer().learningRate()), training,
                objectives, budget, ga, parallelism, seed);
    }
}
