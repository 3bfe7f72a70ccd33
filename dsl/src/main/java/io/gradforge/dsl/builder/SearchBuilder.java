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

    public String getName() {
        return name;
    }

    public @Nullable String getDescription() {
        return description;
    }

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

    public SearchBuilder training(Action<? super TrainingBuilder> block) {
        TrainingBuilder t = new TrainingBuilder();
        block.execute(t);
        training = t.build();
        return this;
    }

    public @Nullable TrainingSpec getTraining() {
        return training;
    }

    public void setTraining(@Nullable TrainingSpec training) {
        this.training = training;
    }

    public SearchBuilder objectives(Action<? super ObjectivesBuilder> block) {
        ObjectivesBuilder o = new ObjectivesBuilder();
        block.execute(o);
        objectives = o.build();
        return this;
    }

    public SearchBuilder budget(Action<? super BudgetBuilder> block) {
        BudgetBuilder b = new BudgetBuilder();
        block.execute(b);
        budget = b.build();
        return this;
    }

    public SearchBuilder ga(Action<? super GaBuilder> block) {
        GaBuilder g = new GaBuilder();
        block.execute(g);
        ga = g.build();
        return this;
    }

    public int getParallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        this.parallelism = parallelism;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

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
