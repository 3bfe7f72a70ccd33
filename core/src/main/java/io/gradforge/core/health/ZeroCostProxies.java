package io.gradforge.core.health;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.nn.ActivationKind;
import io.gradforge.core.nn.ActivationLayer;
import io.gradforge.core.nn.BatchNorm;
import io.gradforge.core.nn.ConcatSkip;
import io.gradforge.core.nn.Dense;
import io.gradforge.core.nn.Layer;
import io.gradforge.core.nn.LayerNorm;
import io.gradforge.core.nn.Network;
import io.gradforge.core.nn.Parameter;
import io.gradforge.core.nn.Recurrent;
import io.gradforge.core.nn.Residual;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Zero-cost proxies: scores computed at initialization on one batch that predict how well an architecture
 * will train, without training it (Abdelfattah et al. 2021, "Zero-Cost Proxies for Lightweight NAS").
 *
 * <ul>
 *   <li>{@code gradNorm}: sum over the weight tensors W of every {@link Dense} layer of the L2 norm
 *       ||dL/dW||_2 (one norm per tensor, then summed: the convention of Abdelfattah et al.'s code, which
 *       scores Linear/Conv weights only; biases, norm gains and PReLU slopes are not scored).</li>
 *   <li>{@code snip}: sum |dL/dW ⊙ W| over the same weights (Lee et al. 2019, connection sensitivity).</li>
 *   <li>{@code synflow}: sum over the same weights of dR/dW ⊙ W with every parameter replaced by its absolute
 *       value, an all-ones input row and R = sum of the outputs (Tanaka et al. 2020). The forward runs with
 *       {@code training == false}, so {@link BatchNorm} uses its running statistics (eval mode, as in the
 *       paper's code; at init these are mean 0, variance 1). {@code synflowPerLayer} holds the same sum per
 *       Dense weight, in {@link Network#denseLayers()} order. Arithmetic is the network's own (float64 by
 *       default; a float32 network overflows much earlier), sums are accumulated in float64.</li>
 *   <li>{@code logSynflow}: ln(synflow) when that is finite and positive. When the raw score overflows and the
 *       network is a plain chain of Dense layers with positively homogeneous activations (identity, relu,
 *       leaky relu, prelu), it is recomputed in log scale: each |W_l| is divided by its largest row sum s_l
 *       and each |b_l| by P_l = s_1...s_l, which divides every per-weight score by P_L exactly, so
 *       ln(synflow) = ln(rescaled score) + sum ln s_l. Otherwise it is ln of the raw value (+Infinity on
 *       overflow, NaN when the raw score is negative, which non-monotone activations such as GELU allow).</li>
 *   <li>{@code naswot}: ln|det K| with K_ij = N_A - Hamming(c_i, c_j) = sum over units of
 *       c_i c_j + (1 - c_i)(1 - c_j), where c_i is the binary code of batch row i (Mellor et al. 2021). The
 *       code of a unit is (h &gt; 0) for its pre-activation h; for relu-family units that is "active", for
 *       others (tanh, sigmoid, ...) it is sign(h), the same test. Units are those of every Dense layer with a
 *       non-identity activation; when there are none, every Dense layer's units are used. The log-determinant
 *       comes from an EJML LU decomposition (the slogdet of numpy); a singular K gives -Infinity.</li>
 *   <li>{@code jacobCov}: with J the [batch x input] matrix of per-example input gradients of the summed
 *       output (one backward with ones), the correlation matrix C of J's rows (numpy's corrcoef), its
 *       eigenvalues lambda and k = 1e-5: -sum(ln(lambda + k) + 1/(lambda + k)) (Mellor et al. 2021, v1).
 *       NaN when a row of J is constant (its correlation is undefined), and when the input has fewer than
 *       rows + 1 features: each centered row then lies in a space of dimension features - 1, so C has at least
 *       rows - features + 1 zero eigenvalues, each adding about -1/k = -1e5, and the score is the same large negative
 *       number for every network (with 2 features, every row of the centered J is +-(1, -1), C is all +-1 and
 *       nothing about the network is left). Mellor et al. measured images: 3072 features, 128 rows.</li>
 * </ul>
 *
 * The network is observed, never changed: {@link #measure} restores every parameter value and gradient and
 * every BatchNorm running statistic bit for bit. Only the layers' forward/backward scratch buffers (and the
 * batch size they are allocated for) change, as after any forward.
 *
 * {@snippet :
 * ZeroCostProxies z = ZeroCostProxies.measure(net, Loss.SOFTMAX_CROSS_ENTROPY, xBatch, yBatch);
 * double score = z.naswot();
 * }
 *
 * @param gradNorm        sum of per-weight-tensor gradient L2 norms, &ge; 0 (or NaN if the loss is NaN)
 * @param snip            sum |g ⊙ W|, &ge; 0 (or NaN)
 * @param synflow         the raw synflow score (may be +Infinity on overflow)
 * @param logSynflow      ln(synflow), see above
 * @param synflowPerLayer per-Dense-weight synflow sums (copied)
 * @param naswot          ln|det K| (may be -Infinity)
 * @param jacobCov        the Jacobian-covariance score (may be NaN, see above)
 */
public record ZeroCostProxies(double gradNorm, double snip, double synflow, double logSynflow,
                              double[] synflowPerLayer, double naswot, double jacobCov) {

    /** The k of the jacob_cov score (Mellor et al. 2021). */
    public static final double JACOB_COV_K = 1e-5;

    public ZeroCostProxies {
        if (gradNorm < 0) throw new IllegalArgumentException("gradNorm must be non-negative but was " + gradNorm + ".");
        if (snip < 0) throw new IllegalArgumentException("snip must be non-negative but was " + snip + ".");
        if (naswot == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("naswot is a log-determinant of a finite matrix but was " + naswot + ".");
        }
        Objects.requireNonNull(synflowPerLayer, "synflowPerLayer");
        synflowPerLayer = synflowPerLayer.clone();
    }

    /** The per-Dense-weight synflow sums (a copy). */
    @Override
    public double[] synflowPerLayer() {
        return synflowPerLayer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZeroCostProxies z
                && Double.compare(gradNorm, z.gradNorm) == 0
                && Double.compare(snip, z.snip) == 0
                && Double.compare(synflow, z.synflow) == 0
                && Double.compare(logSynflow, z.logSynflow) == 0
                && Arrays.equals(synflowPerLayer, z.synflowPerLayer)
                && Double.compare(naswot, z.naswot) == 0
                && Double.compare(jacobCov, z.jacobCov) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(gradNorm, snip, synflow, logSynflow, Arrays.hashCode(synflowPerLayer), naswot, jacobCov);
    }

    @Override
    public String toString() {
        return "ZeroCostProxies[gradNorm=" + gradNorm + ", snip=" + snip + ", synflow=" + synflow + ", logSynflow="
                + logSynflow + ", synflowPerLayer=" + Arrays.toString(synflowPerLayer) + ", naswot=" + naswot
                + ", jacobCov=" + jacobCov + "]";
    }

    /**
     * Measures every proxy on one batch at the network's current (initial) weights.
     *
     * @param network the network (Not modified: parameters, gradients and running statistics are restored)
     * @param loss    the training loss
     * @param x       inputs [batch x inputSize] in the network's precision, batch &ge; 1 (Not modified)
     * @param y       targets [batch x outputSize] (Not modified)
     */
    public static ZeroCostProxies measure(Network network, Loss loss, Tensor x, Tensor y) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rows() < 1) throw new IllegalArgumentException("the batch needs at least one row but had " + x.rows() + ".");
        if (x.cols() != network.inputSize()) {
            throw new IllegalArgumentException("network expects " + network.inputSize() + " input features but x has "
                    + x.cols() + ".");
        }
        if (y.rows() != x.rows() || y.cols() != network.outputSize()) {
            throw new IllegalArgumentException("targets must be " + x.rows() + "x" + network.outputSize() + " but were "
                    + y.rows() + "x" + y.cols() + ".");
        }
        Snapshot snapshot = Snapshot.of(network);
        try {
            List<Dense> dense = network.denseLayers();
            // 1. loss gradients (train mode, as in the papers' code): grad_norm and snip; NASWOT codes.
            Tensor out = network.forward(x, true);
            boolean[][] codes = activationCodes(dense, x.rows());
            Tensor grad = Tensor.zeros(network.precision(), out.rows(), out.cols());
            loss.forwardBackward(out, y, grad);
            network.backward(grad);
            double gradNorm = 0;
            double snip = 0;
            for (Dense d : dense) {
                Tensor w = d.weight();
                Tensor g = d.weightGrad();
                gradNorm += Math.sqrt(g.squaredNorm());
                for (int i = 0; i < w.size(); i++) snip += Math.abs(g.get(i) * w.get(i));
            }
            double naswot = logAbsDet(naswotKernel(codes));

            // 2. jacob_cov: per-example input gradients of the summed output.
            snapshot.restoreRunningStatistics();
            out = network.forward(x, true);
            grad.fill(1);
            Tensor jac = network.backward(grad);
            double jacobCov = jacobCov(jac);

            // 3. synflow on |parameters| with one all-ones row, eval mode.
            snapshot.restoreRunningStatistics();
            double[] perLayer = synflowPerLayer(network, null);
            double synflow = 0;
            for (double v : perLayer) synflow += v;
            double logSynflow;
            if (Double.isFinite(synflow) && synflow > 0) {
                logSynflow = Math.log(synflow);
            } else if (!Double.isNaN(synflow) && synflow > 0 && isHomogeneousChain(network)) {
                logSynflow = rescaledLogSynflow(network, snapshot);
            } else {
                logSynflow = Math.log(synflow);
            }
            return new ZeroCostProxies(gradNorm, snip, synflow, logSynflow, perLayer, naswot, jacobCov);
        } finally {
            snapshot.restore();
        }
    }

    /**
     * Sets every parameter to its absolute value (Dense weights divided by {@code rowScale[l]} and biases by the
     * running product when given), runs an all-ones row in eval mode, back-propagates ones and returns the
     * per-Dense-weight sums of dR/dW ⊙ W. Parameters are left modified: the caller restores them.
     */
    private static double[] synflowPerLayer(Network network, double @org.jspecify.annotations.Nullable [] rowScale) {
        for (Parameter p : network.parameters()) {
            Tensor v = p.value();
            for (int i = 0; i < v.size(); i++) v.set(i, Math.abs(v.get(i)));
        }
        List<Dense> dense = network.denseLayers();
        if (rowScale != null) {
            double product = 1;
            for (int l = 0; l < dense.size(); l++) {
                product *= rowScale[l];
                Tensor w = dense.get(l).weight();
                for (int i = 0; i < w.size(); i++) w.set(i, w.get(i) / rowScale[l]);
                Tensor b = dense.get(l).bias();
                if (b != null) for (int i = 0; i < b.size(); i++) b.set(i, b.get(i) / product);
            }
        }
        Tensor ones = Tensor.zeros(network.precision(), 1, network.inputSize());
        ones.fill(1);
        Tensor out = network.forward(ones, false);
        Tensor dOut = Tensor.zeros(network.precision(), out.rows(), out.cols());
        dOut.fill(1);
        network.backward(dOut);
        double[] perLayer = new double[dense.size()];
        for (int l = 0; l < dense.size(); l++) {
            Tensor w = dense.get(l).weight();
            Tensor g = dense.get(l).weightGrad();
            double s = 0;
            for (int i = 0; i < w.size(); i++) s += g.get(i) * w.get(i);
            perLayer[l] = s;
        }
        return perLayer;
    }

    /** ln(synflow) via per-layer rescaling; valid for {@link #isHomogeneousChain} networks only. */
    private static double rescaledLogSynflow(Network network, Snapshot snapshot) {
        snapshot.restore();
        List<Dense> dense = network.denseLayers();
        double[] scale = new double[dense.size()];
        double logProduct = 0;
        for (int l = 0; l < dense.size(); l++) {
            Tensor w = dense.get(l).weight();
            double maxRow = 0;
            for (int r = 0; r < w.rows(); r++) {
                double s = 0;
                for (int c = 0; c < w.cols(); c++) s += Math.abs(w.get(r, c));
                maxRow = Math.max(maxRow, s);
            }
            scale[l] = maxRow > 0 && Double.isFinite(maxRow) ? maxRow : 1;
            logProduct += Math.log(scale[l]);
        }
        double[] perLayer = synflowPerLayer(network, scale);
        double total = 0;
        for (double v : perLayer) total += v;
        return Math.log(total) + logProduct;
    }

    /** A top-level chain of Dense layers with positively homogeneous activations (phi(c h) = c phi(h), c &gt; 0). */
    private static boolean isHomogeneousChain(Network network) {
        for (Layer layer : network.layers()) {
            if (!(layer instanceof Dense d)) return false;
            ActivationKind k = d.activation().kind();
            if (k != ActivationKind.IDENTITY && k != ActivationKind.RELU && k != ActivationKind.LEAKY_RELU
                    && k != ActivationKind.PRELU) {
                return false;
            }
        }
        return true;
    }

    /** Codes (h &gt; 0) of the units of every non-identity Dense layer (all Dense layers when none), per row. */
    private static boolean[][] activationCodes(List<Dense> dense, int rows) {
        List<Dense> coded = new ArrayList<>();
        for (Dense d : dense) if (d.activation().kind() != ActivationKind.IDENTITY) coded.add(d);
        if (coded.isEmpty()) coded.addAll(dense);
        int units = 0;
        for (Dense d : coded) units += d.outputSize();
        boolean[][] codes = new boolean[rows][units];
        int offset = 0;
        for (Dense d : coded) {
            Tensor h = d.preActivation();
            int w = d.outputSize();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < w; j++) codes[i][offset + j] = h.get(i * w + j) > 0;
            }
            offset += w;
        }
        return codes;
    }

    /**
     * The NASWOT kernel K_ij = number of units on which rows i and j agree (both active or both inactive),
     * i.e. N_A - Hamming(c_i, c_j).
     *
     * @param codes binary codes [rows][units], rectangular (Not modified)
     */
    static DMatrixRMaj naswotKernel(boolean[][] codes) {
        int n = codes.length;
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            if (codes[i].length != codes[0].length) {
                throw new IllegalArgumentException("code rows must have equal length but row " + i + " has "
                        + codes[i].length + " instead of " + codes[0].length + ".");
            }
            for (int j = i; j < n; j++) {
                int agree = 0;
                for (int u = 0; u < codes[i].length; u++) if (codes[i][u] == codes[j][u]) agree++;
                k.unsafe_set(i, j, agree);
                k.unsafe_set(j, i, agree);
            }
        }
        return k;
    }

    /** ln|det A| of a square matrix via LU with partial pivoting; -Infinity when singular. (A: Not modified.) */
    static double logAbsDet(DMatrixRMaj a) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException("log-determinant needs a square matrix but was " + a.numRows + "x"
                    + a.numCols + ".");
        }
        int n = a.numRows;
        if (n == 0) return 0;
        LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
        if (!lu.decompose(a.copy())) return Double.NEGATIVE_INFINITY;
        DMatrixRMaj packed = lu.getLU();
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.log(Math.abs(packed.unsafe_get(i, i)));
        return sum;
    }

    /** The jacob_cov score of a [batch x input] Jacobian (rows = examples). (jac: Not modified.) */
    static double jacobCov(Tensor jac) {
        int n = jac.rows();
        int d = jac.cols();
        if (d - 1 < n) return Double.NaN; // C is singular by construction, see the class comment
        double[][] centered = new double[n][d];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += jac.get(i, j);
            mean /= d;
            double ss = 0;
            for (int j = 0; j < d; j++) {
                double v = jac.get(i, j) - mean;
                centered[i][j] = v;
                ss += v * v;
            }
            if (!(ss > 0) || !Double.isFinite(ss)) return Double.NaN;
            double inv = 1 / Math.sqrt(ss);
            for (int j = 0; j < d; j++) centered[i][j] *= inv;
        }
        DMatrixRMaj corr = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) s += centered[i][t] * centered[j][t];
                corr.unsafe_set(i, j, s);
                corr.unsafe_set(j, i, s);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(corr)) return Double.NaN;
        double score = 0;
        for (int i = 0; i < n; i++) {
            // Symmetric PSD: eigenvalues are real; round-off can make the smallest slightly negative.
            double lambda = eig.getEigenvalue(i).real + JACOB_COV_K;
            score -= Math.log(lambda) + 1 / lambda;
        }
        return score;
    }

    /**
     * Copies of everything a measurement may change in a network: parameter values and gradients and the
     * BatchNorm running statistics (buffers, not parameters), restored bit for bit.
     */
    static final class Snapshot {
        private final List<Tensor> live = new ArrayList<>();
        private final List<Tensor> saved = new ArrayList<>();
        private final List<Tensor> liveStats = new ArrayList<>();
        private final List<Tensor> savedStats = new ArrayList<>();

        private Snapshot() { }

        static Snapshot of(Network network) {
            Snapshot s = new Snapshot();
            for (Parameter p : network.parameters()) {
                s.live.add(p.value());
                s.saved.add(p.value().copy());
                s.live.add(p.grad());
                s.saved.add(p.grad().copy());
            }
            collectStatistics(network.layers(), s);
            return s;
        }

        private static void collectStatistics(List<Layer> layers, Snapshot s) {
            for (Layer layer : layers) {
                switch (layer) {
                    case BatchNorm bn -> {
                        s.liveStats.add(bn.runningMean());
                        s.savedStats.add(bn.runningMean().copy());
                        s.liveStats.add(bn.runningVar());
                        s.savedStats.add(bn.runningVar().copy());
                    }
                    case Residual r -> collectStatistics(r.branch(), s);
                    case ConcatSkip c -> collectStatistics(c.branch(), s);
                    case Dense d -> { }
                    case ActivationLayer a -> { }
                    case LayerNorm n -> { }
                    case Recurrent r -> { }
                }
            }
        }

        void restoreRunningStatistics() {
            for (int i = 0; i < liveStats.size(); i++) liveStats.get(i).copyFrom(savedStats.get(i));
        }

        void restore() {
            for (int i = 0; i < live.size(); i++) live.get(i).copyFrom(saved.get(i));
            restoreRunningStatistics();
        }
    }
}
