/**
 * The engine: layers, activations, initializers, losses, optimizers, the training loop, datasets,
 * gradient-health measurement, the gradient check and the fast kernels. Knows nothing of YAML, Jenetics or
 * the command line.
 *
 * <p>Every package is API. Inside {@code io.gradforge.core.kernel} only the {@code Kernels} interface is
 * public; its two implementations (Vector API and plain Java) are package-private.
 */
module io.gradforge.core {
    // EJML ships no module descriptor and no Automatic-Module-Name: these are the names derived from its jar
    // files. core depends on ejml-core and ejml-ddense rather than ejml-all, whose stub jar holds package
    // org.ejml too (a split package on the module path). DMatrixRMaj is in the API (JacobianSpectrum).
    requires transitive ejml.core;
    requires ejml.ddense;
    // Optional: the kernels fall back to plain Java when the Vector API module is absent at run time.
    requires static jdk.incubator.vector;
    requires static transitive org.jspecify;

    exports io.gradforge.core.check;
    exports io.gradforge.core.data;
    exports io.gradforge.core.health;
    exports io.gradforge.core.health.meanfield;
    exports io.gradforge.core.kernel;
    exports io.gradforge.core.loss;
    exports io.gradforge.core.nn;
    exports io.gradforge.core.optim;
    exports io.gradforge.core.tensor;
    exports io.gradforge.core.train;
}
