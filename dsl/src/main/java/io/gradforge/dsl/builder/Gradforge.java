package io.gradforge.dsl.builder;

import io.gradforge.dsl.spec.ExperimentSpec;
import io.gradforge.dsl.spec.NetworkSpec;
import io.gradforge.dsl.spec.SearchSpec;

/**
 * Entry points of the builder DSL. Each comes twice: with a block, returning the built (immutable,
 * validated) spec, for Kotlin and Java lambdas; and without, returning the builder for a Java chain.
 *
 * {@snippet lang=kotlin :
 * import io.gradforge.dsl.builder.Gradforge.network
 * import io.gradforge.dsl.builder.Activations.*
 * import io.gradforge.dsl.builder.Inits.*
 *
 * val spec = network {
 *     input(2)
 *     defaults { activation = RELU; init = HE_NORMAL }
 *     repeat(6) { dense(64) }
 *     residual { dense(64); dense(64) { init = ZEROS } }
 *     output(1) { activation = SIGMOID }
 * }
 * }
 *
 * The same in Java, with static imports of {@link Activations}, {@link Inits}, {@link Datasets},
 * {@link Losses} and {@link Optimizers}, as a whole experiment:
 *
 * {@snippet :
 * ExperimentSpec spec = Gradforge.experiment("spirals", e -> {
 *     e.network(n -> n.input(2)
 *             .defaults(d -> { d.setActivation(RELU); d.setInit(HE_NORMAL); })
 *             .repeat(6, l -> l.dense(64))
 *             .output(1));
 *     e.training(t -> {
 *         t.setData(twoSpirals(512, 0.05));
 *         t.setLoss(BINARY_CROSS_ENTROPY);
 *         t.setOptimizer(adam(0.01));
 *         t.setSteps(2000);
 *     });
 * });
 * }
 *
 * A network has no name of its own (nor has {@link NetworkSpec}); the name belongs to the experiment or
 * search that holds it.
 */
public final class Gradforge {

    private Gradforge() {}

    /** A network builder for a Java chain ending in {@link NetworkBuilder#build()}. */
    public static NetworkBuilder network() {
        return new NetworkBuilder();
    }

    /** The network {@code block} declares. */
    public static NetworkSpec network(Action<? super NetworkBuilder> block) {
        NetworkBuilder b = new NetworkBuilder();
        block.execute(b);
        return b.build();
    }

    /** An experiment builder named {@code name} ([a-z0-9][a-z0-9._-]*). */
    public static ExperimentBuilder experiment(String name) {
        return new ExperimentBuilder(name);
    }

    /** The experiment {@code block} declares. */
    public static ExperimentSpec experiment(String name, Action<? super ExperimentBuilder> block) {
        ExperimentBuilder b = new ExperimentBuilder(name);
        block.execute(b);
        return b.build();
    }

    /** A search builder named {@code name}. */
    public static SearchBuilder search(String name) {
        return new SearchBuilder(name);
    }

    /** The search {@code block} declares. */
    public static SearchSpec search(String name, Action<? super SearchBuilder> block) {
        SearchBuilder b = new SearchBuilder(name);
        block.execute(b);
        return b.build();
    }
}
