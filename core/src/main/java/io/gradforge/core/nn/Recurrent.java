package io.gradforge.core.nn;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * One recurrent layer (a tanh or relu RNN, an LSTM or a GRU) over sequences of a fixed length T, computing what
 * PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU} compute from a zero initial state, with the same
 * parameters: "weight_ih" [G*H x F], "weight_hh" [G*H x H], "bias_ih" and "bias_hh" [1 x G*H], the G gate
 * blocks stacked in PyTorch's order (i, f, g, o for the LSTM; r, z, n for the GRU; see {@link CellKind} and
 * docs/recurrent.md). Stack layers by chaining them: each returns the whole sequence or only its last step.
 *
 * <p>Layout: the engine's batches are 2-D, so a batch of sequences is {@code batch x (T*F)}, each row one
 * sequence with step t's F features at columns t*F .. t*F+F-1 (PyTorch's batch_first tensor, flattened). The
 * output is {@code batch x (T*H)} in the same layout, or {@code batch x H} (h_T) for the last step only, so a
 * dense head can follow either. Inside, the layer works time-major: the input projection for all T steps is one
 * product over T*batch rows, each step adds one packed product h_{t-1} W_hh^T for all gates, and backward
 * forms the weight gradients as one product over all steps, leaving only dL/dh_{t-1} = dG_t W_hh sequential.
 *
 * {@snippet :
 * RandomGenerator rng = Network.random(42);
 * // sequences of 100 steps of 2 features, 128 LSTM units, the last step to a dense head
 * Network net = Network.builder(100 * 2, Precision.FLOAT64, rng)
 *     .add(Recurrent.of(CellKind.LSTM, 200, 2, 128, false, Precision.FLOAT64, rng))
 *     .dense(1, Activation.identity(), Initializer.xavierUniform())
 *     .build();
 * }
 *
 * <p>Initialization: each gate block of weight_ih is drawn by the input initializer with fans (F, H), each gate
 * block of weight_hh by the recurrent one with fans (H, H) (so an orthogonal or identity recurrent weight is
 * orthogonal or the identity per gate), biases are zero except the LSTM's forget-gate block of bias_ih, which
 * starts at the forget bias (1 by default, Jozefowicz et al. 2015).
 *
 * @implNote Not thread-safe. A forward and backward allocate nothing while the batch size is unchanged.
 */
public final class Recurrent extends LayerBase implements Layer {
    /** The LSTM forget-gate bias used when none is given (Jozefowicz et al. 2015). */
    public static final double DEFAULT_FORGET_BIAS = 1.0;

    private final CellKind cell;
    private final int steps;
    private final int features;
    private final int hidden;
    private final int gateWidth;
    private final boolean sequences;
    private final Initializer recurrentInit;
    /** TBPTT(k1, k2), or null for full backpropagation through time. */
    private final @Nullable Truncation truncation;
    private final Tensor weightIh;
    private final Tensor weightIhGrad;
    private final Tensor weightHh;
    private final Tensor weightHhGrad;
    private final Tensor biasIh;
    private final Tensor biasIhGrad;
    private final Tensor biasHh;
    private final Tensor biasHhGrad;

    private final RecurrentBuffers buffers;
    private @Nullable Tensor input;

    private Recurrent(CellKind cell, int width, int features, int hidden, boolean sequences, Initializer inputInit,
                      Initializer recurrentInit, double forgetBias, @Nullable Truncation truncation,
                      Precision precision, RandomGenerator rng) {
        super(precision);
        this.cell = Objects.requireNonNull(cell, "cell");
        TensorOps.checkWidth("recurrent input width", width);
        TensorOps.checkWidth("recurrent features per step", features);
        TensorOps.checkWidth("recurrent units", hidden);
        if (width % features != 0) {
            throw new IllegalArgumentException("a recurrent layer's input width must be a whole number of steps of "
                    + features + " features but was " + width + ".");
        }
        if (!Double.isFinite(forgetBias)) {
            throw new IllegalArgumentException("forget bias must be finite but was " + forgetBias + ".");
        }
        Objects.requireNonNull(inputInit, "inputInit");
        this.recurrentInit = Objects.requireNonNull(recurrentInit, "recurrentInit");
        Objects.requireNonNull(rng, "rng");
        this.steps = width / features;
        this.features = features;
        this.hidden = hidden;
        this.gateWidth = cell.gates() * hidden;
        this.sequences = sequences;
        if (truncation != null && truncation.k2() > steps) {
            throw new IllegalArgumentException("truncation k2 must be at most the layer's " + steps
                    + " steps but was " + truncation.k2() + ".");
        }
        this.truncation = truncation;
        weightIh = Tensor.zeros(precision, gateWidth, features);
        weightIhGrad = Tensor.zeros(precision, gateWidth, features);
        weightHh = Tensor.zeros(precision, gateWidth, hidden);
        weightHhGrad = Tensor.zeros(precision, gateWidth, hidden);
        biasIh = Tensor.zeros(precision, 1, gateWidth);
        biasIhGrad = Tensor.zeros(precision, 1, gateWidth);
        biasHh = Tensor.zeros(precision, 1, gateWidth);
        biasHhGrad = Tensor.zeros(precision, 1, gateWidth);
        initializePerGate(weightIh, inputInit, features, rng);
        initializePerGate(weightHh, recurrentInit, hidden, rng);
        if (cell == CellKind.LSTM) {
            for (int j = hidden; j < 2 * hidden; j++) biasIh.set(j, forgetBias);
        }
        buffers = new RecurrentBuffers(cell, steps, features, hidden, precision);
    }

    /**
     * A layer with xavier_uniform input weights, orthogonal recurrent weights, zero biases and the LSTM forget
     * bias {@value #DEFAULT_FORGET_BIAS}.
     *
     * @param width the input width, T * features
     * @param features the features of one step (T = width / features)
     * @param hidden the units H
     * @param sequences output every step's h (batch x T*H) or only the last (batch x H)
     */
    public static Recurrent of(CellKind cell, int width, int features, int hidden, boolean sequences,
                               Precision precision, RandomGenerator rng) {
        return of(cell, width, features, hidden, sequences, Initializer.xavierUniform(), Initializer.orthogonal(),
                DEFAULT_FORGET_BIAS, precision, rng);
    }

    /** A layer with the given initializers (see the class comment); {@code forgetBias} matters to an LSTM only. */
    public static Recurrent of(CellKind cell, int width, int features, int hidden, boolean sequences,
                               Initializer inputInit, Initializer recurrentInit, double forgetBias,
                               Precision precision, RandomGenerator rng) {
        return new Recurrent(cell, width, features, hidden, sequences, inputInit, recurrentInit, forgetBias,
                null, precision, rng);
    }

    /**
     * A layer with the given initializers, trained by truncated backpropagation through time when
     * {@code truncation} is given (its k2 at most the steps), else by full BPTT.
     */
    public static Recurrent of(CellKind cell, int width, int features, int hidden, boolean sequences,
                               Initializer inputInit, Initializer recurrentInit, double forgetBias,
                               @Nullable Truncation truncation, Precision precision, RandomGenerator rng) {
        return new Recurrent(cell, width, features, hidden, sequences, inputInit, recurrentInit, forgetBias,
                truncation, precision, rng);
    }

    private void initializePerGate(Tensor weight, Initializer init, int fanIn, RandomGenerator rng) {
        Tensor block = Tensor.zeros(precision, hidden, weight.cols());
        for (int g = 0; g < cell.gates(); g++) {
            init.initialize(block, fanIn, hidden, rng);
            for (int i = 0; i < block.size(); i++) weight.set(g * block.size() + i, block.get(i));
        }
    }

    @Override public int inputSize() { return steps * features; }
    @Override public int outputSize() { return sequences ? steps * hidden : hidden; }
    public CellKind cell() { return cell; }
    /** T, the steps of one sequence. */
    public int steps() { return steps; }
    /** F, the features of one step. */
    public int features() { return features; }
    /** H, the units. */
    public int hidden() { return hidden; }
    /** Whether the output is every step's h (else only the last step's). */
    public boolean returnsSequences() { return sequences; }
    /** The initializer W_hh was drawn with, per gate block. */
    public Initializer recurrentInit() { return recurrentInit; }
    /** The truncation of backpropagation through time, or null for full BPTT. */
    public @Nullable Truncation truncation() { return truncation; }

    /** weight_hh [G*H x H] (live parameter state). */
    public Tensor weightHh() { return weightHh; }
    /** weight_ih [G*H x F] (live parameter state). */
    public Tensor weightIh() { return weightIh; }
    public Tensor biasIh() { return biasIh; }
    public Tensor biasHh() { return biasHh; }

    /**
     * h_0 .. h_T of the last forward, time-major [(T+1)*batch x H]: rows t*batch .. t*batch+batch-1 hold h_t
     * (h_0 = 0). Read-only by convention.
     */
    public Tensor hiddenStates() { return buffers.hs; }

    /**
     * dL/dh_t for t = 1 .. T of the last backward, time-major [T*batch x H] (row block t-1 holds dL/dh_t, every
     * path through later steps included; under truncation, the sum over the windows reaching step t of each
     * window's dL/dh_t, and zero for a step no window reaches). Read-only by convention.
     */
    public Tensor hiddenStateGrads() { return buffers.dhs; }

    /**
     * The gate activations of the last forward of an LSTM or a GRU, time-major [T*batch x G*H]: rows t*batch ..
     * t*batch+batch-1 hold step t+1's gates, each row the G blocks of H values in the weight rows' order (LSTM i, f,
     * g, o; GRU r, z, n). An rnn has no gates: its buffer holds the input side W_ih x_t + b_ih (its states are
     * {@link #hiddenStates()}). Read-only by convention; used by gradient-health measurement.
     */
    public Tensor gateActivations() { return buffers.gates; }

    @Override
    List<Parameter> createParameters(String prefix) {
        return List.of(new Parameter(prefix + "weight_ih", weightIh, weightIhGrad),
                new Parameter(prefix + "weight_hh", weightHh, weightHhGrad),
                new Parameter(prefix + "bias_ih", biasIh, biasIhGrad),
                new Parameter(prefix + "bias_hh", biasHh, biasHhGrad));
    }

    @Override
    void allocateBuffers(int batchSize) {
        buffers.allocate(batchSize, outputSize());
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        prepareForward(input);
        this.input = input;
        RecurrentBuffers b = buffers;
        int n = batch();
        b.toTimeMajor(input);
        b.hPrev.fill(0);
        // the input side of every gate at every step: one product over T*batch rows
        TensorOps.gemmNT(steps * n, gateWidth, features, b.xs, weightIh, b.gates);
        TensorOps.addRowVector(b.gates, biasIh);
        for (int t = 0; t < steps; t++) {
            if (t == 0) b.gh.fill(0); // h_0 = 0
            else TensorOps.gemmNT(n, gateWidth, hidden, b.hPrev, weightHh, b.gh);
            RecurrentSteps.forward(cell, t, n, hidden, biasHh, b); // adds b_hh to the hidden product
        }
        b.writeOutput(sequences);
        return b.output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        backward(gradOutput, true);
        return buffers.gradInput;
    }

    /** Skips dL/dinput (one product over T*batch rows and a transpose). */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    private void backward(Tensor gradOutput, boolean inputGradient) {
        Tensor x = input;
        if (x == null) throw new IllegalStateException("layer '" + name() + "': backward called before forward.");
        TensorOps.checkGrad(this, gradOutput, batch());
        RecurrentBuffers b = buffers;
        int n = batch();
        if (truncation != null) {
            backwardTruncated(gradOutput, truncation);
        } else {
            b.dh.fill(0);
            b.dc.fill(0);
            for (int t = steps - 1; t >= 0; t--) {
                b.addOutputGrad(gradOutput, t, sequences);
                RecurrentSteps.backward(cell, t, n, hidden, b);
                // dL/dh_{t-1} through W_hh (none needed for h_0, a constant)
                if (t > 0) RecurrentSteps.addHiddenProduct(n, gateWidth, hidden, weightHh, b);
            }
        }
        // weight gradients over all steps at once: dW_hh = sum_t dGh_t^T h_{t-1}, dW_ih = sum_t dGi_t^T x_t
        TensorOps.gemmTN(gateWidth, hidden, steps * n, b.dGh, b.hs, weightHhGrad);
        TensorOps.sumRows(b.dGh, biasHhGrad);
        TensorOps.gemmTN(gateWidth, features, steps * n, b.dGi, b.xs, weightIhGrad);
        TensorOps.sumRows(b.dGi, biasIhGrad);
        if (inputGradient) {
            TensorOps.gemmNN(steps * n, features, gateWidth, b.dGi, weightIh, b.dxs);
            b.fromTimeMajor();
        }
    }

    /**
     * The per-step gradients of TBPTT(k1, k2) ({@link Truncation}): windows from the last step back, each
     * starting from a zero dL/dh (the state before it a constant), injecting its own k1 steps' output gradients
     * and running k2 steps. A step reached by an earlier-run window (k2 > k1) adds this window's gradients to
     * the ones it holds; a step no window reaches (a last-step output's steps before T-k2+1) has none.
     */
    private void backwardTruncated(Tensor gradOutput, Truncation tr) {
        RecurrentBuffers b = buffers;
        int n = batch();
        int reached = steps; // steps >= reached hold the gradients of the windows run so far
        for (int end = steps - 1; end >= 0; end -= tr.k1()) {
            int start = Math.max(0, end - tr.k2() + 1);
            int injectFrom = Math.max(0, end - tr.k1() + 1);
            b.dh.fill(0);
            b.dc.fill(0);
            for (int t = end; t >= start; t--) {
                if (t >= injectFrom) b.addOutputGrad(gradOutput, t, sequences);
                boolean again = t >= reached;
                if (again) b.saveStepGrads(t);
                RecurrentSteps.backward(cell, t, n, hidden, b);
                if (again) b.addSavedStepGrads(t);
                if (t > start) RecurrentSteps.addHiddenProduct(n, gateWidth, hidden, weightHh, b);
            }
            reached = start;
            if (!sequences) break; // only the last window has an output gradient to inject
        }
        b.clearStepGrads(reached);
    }

    @Override
    public String toString() {
        return "Recurrent[" + name() + " " + cell.yamlName() + " " + steps + "x" + features + "->" + hidden
                + (sequences ? " sequence" : " last") + (truncation == null ? "" : " " + truncation) + "]";
    }
}
