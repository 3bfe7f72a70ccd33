package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A residual block y = skip(x) + s * branch(x) (He et al. 2016). skip is the identity when the widths are
 * equal and no projection is given, else the given learned linear {@code projection} (a {@link Dense} with
 * identity activation). s is a {@link BranchScale}: fixed, or a learned 1x1 parameter "alpha" (ReZero).
 * Child names: "&lt;name&gt;.branch.&lt;i&gt;" and "&lt;name&gt;.projection".
 *
 * {@snippet :
 * var rng = Network.random(7);
 * Residual block = Residual.of(List.of(
 *         Dense.of(64, 64, Activation.relu(), Initializer.heNormal(), Precision.FLOAT64, rng),
 *         Dense.of(64, 64, Activation.identity(), Initializer.heNormal(), Precision.FLOAT64, rng)),
 *     null, BranchScale.rezero());
 * }
 */
public final class Residual extends LayerBase implements Layer {
    private final int in;
    private final int out;
    private final List<Layer> branch;
    private final @Nullable Dense projection;
    private final BranchScale scale;
    private final @Nullable Tensor alpha;
    private final @Nullable Tensor alphaGrad;

    private Tensor y = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor branchGrad = y;
    private Tensor gradInput = y;
    private @Nullable Tensor branchOut;

    private Residual(List<Layer> branch, @Nullable Dense projection, BranchScale scale) {
        super(Objects.requireNonNull(branch, "branch").isEmpty() ? Precision.FLOAT64 : branch.get(0).precision());
        Objects.requireNonNull(scale, "scale");
        if (branch.isEmpty()) throw new IllegalArgumentException("residual branch must contain at least one layer but was empty.");
        this.in = branch.get(0).inputSize();
        this.branch = Branches.validate("residual branch", in, branch, precision);
        this.out = Branches.outputSize(this.branch);
        if (projection == null && in != out) {
            throw new IllegalArgumentException("residual branch maps " + in + " to " + out
                    + " features, so the skip needs a projection " + in + "->" + out + " but none was given.");
        }
        if (projection != null) {
            if (projection.inputSize() != in || projection.outputSize() != out) {
                throw new IllegalArgumentException("residual projection must map " + in + "->" + out + " but was "
                        + projection.inputSize() + "->" + projection.outputSize() + ".");
            }
            if (projection.activation().kind() != ActivationKind.IDENTITY) {
                throw new IllegalArgumentException("residual projection must be linear (identity activation) but was "
                        + projection.activation().yamlName() + ".");
            }
            if (projection.precision() != precision) {
                throw new IllegalArgumentException("residual projection is " + projection.precision() + " but expected "
                        + precision + ".");
            }
        }
        this.projection = projection;
        this.scale = scale;
        if (scale.learned()) {
            alpha = Tensor.zeros(precision, 1, 1);
            alpha.set(0, scale.initial());
            alphaGrad = Tensor.zeros(precision, 1, 1);
        } else {
            alpha = null;
            alphaGrad = null;
        }
    }

    /** A residual block; {@code projection} may be null only when the branch keeps the width. */
    public static Residual of(List<Layer> branch, @Nullable Dense projection, BranchScale scale) {
        return new Residual(branch, projection, scale);
    }

    /** A plain residual block: identity skip (widths must match) and s = 1. */
    public static Residual of(List<Layer> branch) {
        return new Residual(branch, null, BranchScale.none());
    }

    /**
     * A residual block whose branch's last {@link Dense} weight (and bias) starts at zero, so the block
     * starts as its skip (Fixup, Zhang et al. 2019, zero-initializes the last layer of each branch) when
     * {@code zeroInitLastDense} is true.
     */
    public static Residual of(List<Layer> branch, @Nullable Dense projection, BranchScale scale,
                              boolean zeroInitLastDense) {
        Residual r = new Residual(branch, projection, scale);
        if (zeroInitLastDense) {
            Dense last = null;
            for (Layer l : r.branch) if (l instanceof Dense d) last = d;
            if (last == null) {
                throw new IllegalArgumentException("zero-init of the last dense layer asked for, but the branch "
                        + r.branch + " has no dense layer.");
            }
            last.weight().fill(0);
            Tensor b = last.bias();
            if (b != null) b.fill(0);
        }
        return r;
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return out; }
    public List<Layer> branch() { return branch; }
    public @Nullable Dense projection() { return projection; }
    public BranchScale scale() { return scale; }

    /** The current branch scale s (the learned alpha when learned). */
    public double currentScale() {
        return alpha != null ? alpha.get(0) : scale.initial();
    }

    @Override
    List<Parameter> createParameters(String prefix) {
        List<Parameter> ps = new ArrayList<>(Branches.parameters(branch));
        if (projection != null) ps.addAll(projection.parameters());
        if (alpha != null && alphaGrad != null) ps.add(new Parameter(prefix + "alpha", alpha, alphaGrad));
        return ps;
    }

    @Override
    void bindChildren(String newName) {
        Branches.bind(branch, newName + ".branch.");
        if (projection != null) LayerBase.base(projection).bind(newName + ".projection");
    }

    @Override
    void allocateChildren(int batchSize) {
        Branches.allocate(branch, batchSize);
        if (projection != null) projection.allocate(batchSize);
    }

    @Override
    void allocateBuffers(int batchSize) {
        y = Tensor.zeros(precision, batchSize, out);
        branchGrad = Tensor.zeros(precision, batchSize, out);
        gradInput = Tensor.zeros(precision, batchSize, in);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        Tensor b = Branches.forward(branch, input, training);
        branchOut = b;
        Tensor skip = projection != null ? projection.forward(input, training) : input;
        y.copyFrom(skip);
        TensorOps.axpy(currentScale(), b, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Tensor b = branchOut;
        if (b == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        if (alphaGrad != null) alphaGrad.set(0, TensorOps.dot(gradOutput, b));
        TensorOps.scaled(currentScale(), gradOutput, branchGrad);
        Tensor gBranch = Branches.backward(branch, branchGrad);
        gradInput.copyFrom(gBranch);
        Tensor gSkip = projection != null ? projection.backward(gradOutput) : gradOutput;
        TensorOps.axpy(1, gSkip, gradInput);
        return gradInput;
    }

    @Override
    public String toString() {
        return "Residual[" + name() + " " + in + "->" + out + " " + branch.size() + " layers"
                + (projection != null ? ", projection" : "") + ", " + scale + "]";
    }
}
