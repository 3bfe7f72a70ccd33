package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A DenseNet-style skip (Huang et al. 2017): y = [x, branch(x)] concatenated along features, so
 * outputSize = inputSize + branch output size. Child names: "&lt;name&gt;.branch.&lt;i&gt;".
 */
public final class ConcatSkip extends LayerBase implements Layer {
    private final int in;
    private final int branchOutSize;
    private final List<Layer> branch;

    private Tensor y = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor branchGrad = y;
    private Tensor gradInput = y;
    private @Nullable Tensor input;

    private ConcatSkip(List<Layer> branch) {
        super(Objects.requireNonNull(branch, "branch").isEmpty() ? Precision.FLOAT64 : branch.get(0).precision());
        if (branch.isEmpty()) throw new IllegalArgumentException("concat skip branch must contain at least one layer but was empty.");
        this.in = branch.get(0).inputSize();
        this.branch = Branches.validate("concat skip branch", in, branch, precision);
        this.branchOutSize = Branches.outputSize(this.branch);
    }

    public static ConcatSkip of(List<Layer> branch) {
        return new ConcatSkip(branch);
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return in + branchOutSize; }
    public List<Layer> branch() { return branch; }

    @Override
    List<Parameter> createParameters(String prefix) {
        return Branches.parameters(branch);
    }

    @Override
    void bindChildren(String newName) {
        Branches.bind(branch, newName + ".branch.");
    }

    @Override
    void allocateChildren(int batchSize) {
        Branches.allocate(branch, batchSize);
    }

    @Override
    void allocateBuffers(int batchSize) {
        y = Tensor.zeros(precision, batchSize, in + branchOutSize);
        branchGrad = Tensor.zeros(precision, batchSize, branchOutSize);
        gradInput = Tensor.zeros(precision, batchSize, in);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        Tensor b = Branches.forward(branch, input, training);
        int w = in + branchOutSize;
        if (precision == Precision.FLOAT64) {
            double[] x = input.f64(), bo = b.f64(), out = y.f64();
            for (int i = 0; i < batch(); i++) {
                System.arraycopy(x, i * in, out, i * w, in);
                System.arraycopy(bo, i * branchOutSize, out, i * w + in, branchOutSize);
            }
        } else {
            float[] x = input.f32(), bo = b.f32(), out = y.f32();
            for (int i = 0; i < batch(); i++) {
                System.arraycopy(x, i * in, out, i * w, in);
                System.arraycopy(bo, i * branchOutSize, out, i * w + in, branchOutSize);
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        if (input == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        int w = in + branchOutSize;
        if (precision == Precision.FLOAT64) {
            double[] g = gradOutput.f64(), gb = branchGrad.f64();
            for (int i = 0; i < batch(); i++) System.arraycopy(g, i * w + in, gb, i * branchOutSize, branchOutSize);
            double[] gBranchIn = Branches.backward(branch, branchGrad).f64(), gi = gradInput.f64();
            for (int i = 0; i < batch(); i++) {
                for (int j = 0; j < in; j++) gi[i * in + j] = g[i * w + j] + gBranchIn[i * in + j];
            }
        } else {
            float[] g = gradOutput.f32(), gb = branchGrad.f32();
            for (int i = 0; i < batch(); i++) System.arraycopy(g, i * w + in, gb, i * branchOutSize, branchOutSize);
            float[] gBranchIn = Branches.backward(branch, branchGrad).f32(), gi = gradInput.f32();
            for (int i = 0; i < batch(); i++) {
                for (int j = 0; j < in; j++) gi[i * in + j] = g[i * w + j] + gBranchIn[i * in + j];
            }
        }
        return gradInput;
    }

    @Override
    public String toString() {
        return "ConcatSkip[" + name() + " " + in + "->" + outputSize() + "]";
    }
}
