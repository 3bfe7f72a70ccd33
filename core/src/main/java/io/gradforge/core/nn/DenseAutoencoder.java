package io.gradforge.core.nn;

import io.gradforge.core.loss.Loss;
import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Dense} layer trained as an autoencoder, the unit of greedy layer-wise pretraining (Hinton et al. 2006,
 * Bengio et al. 2007): the layer encodes {@code c = phi(x~ W^T + b)} and an affine decoder reconstructs
 * {@code r = c W + b'} (tied weights, the decoder is the encoder's transpose) or {@code r = c V^T + b'} (its own
 * {@code V [in x out]}); the loss is the mean squared error between {@code r} and the clean input {@code x}
 * ({@link Loss#MSE}). A denoising autoencoder (Vincent et al. 2008) feeds a corrupted {@code x~} and
 * reconstructs the clean {@code x}; a plain one feeds {@code x~ = x}.
 *
 * <p>The decoder is affine for every layer: the first layer's input is standardized data (real-valued, so a
 * sigmoid decoder would not fit it) and one loss for every layer keeps the phase's losses comparable. Training
 * writes the encoder's own parameters (the network's weights) and the decoder's, which are dropped after
 * pretraining.
 *
 * {@snippet :
 * DenseAutoencoder ae = DenseAutoencoder.of(dense, true, Network.random(7));
 * double loss = ae.forwardBackward(corrupted, clean); // fills every gradient of ae.parameters()
 * optimizer.step(ae.parameters(), 0.01);
 * }
 *
 * @implNote Not thread-safe; buffers are allocated once per batch size, a step allocates nothing after that.
 */
public final class DenseAutoencoder {
    private final Dense encoder;
    private final boolean tied;
    private final @Nullable Tensor decoderWeight;
    private final @Nullable Tensor decoderWeightGrad;
    private final Tensor decoderBias;
    private final Tensor decoderBiasGrad;
    private final List<Parameter> parameters;

    private Tensor reconstruction = Tensor.zeros(Precision.FLOAT64, 0, 0);
    private Tensor reconstructionGrad = reconstruction;
    private Tensor codeGrad = reconstruction;
    private int batch = -1;

    private DenseAutoencoder(Dense encoder, boolean tiedWeights, RandomGenerator rng) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(rng, "rng");
        this.tied = tiedWeights;
        Precision precision = encoder.precision();
        int in = encoder.inputSize(), out = encoder.outputSize();
        if (tiedWeights) {
            decoderWeight = null;
            decoderWeightGrad = null;
        } else {
            decoderWeight = Tensor.zeros(precision, in, out);
            decoderWeightGrad = Tensor.zeros(precision, in, out);
            Initializer.xavierUniform().initialize(decoderWeight, out, in, rng);
        }
        decoderBias = Tensor.zeros(precision, 1, in);
        decoderBiasGrad = Tensor.zeros(precision, 1, in);
        List<Parameter> ps = new ArrayList<>(encoder.parameters());
        if (decoderWeight != null && decoderWeightGrad != null) {
            ps.add(new Parameter("decoder.weight", decoderWeight, decoderWeightGrad));
        }
        ps.add(new Parameter("decoder.bias", decoderBias, decoderBiasGrad));
        this.parameters = List.copyOf(ps);
    }

    /**
     * An autoencoder around {@code encoder}; with {@code tiedWeights} the decoder is {@code W^T}, otherwise its own
     * weight, drawn Xavier-uniform from {@code rng}. The decoder bias starts at zero.
     */
    public static DenseAutoencoder of(Dense encoder, boolean tiedWeights, RandomGenerator rng) {
        return new DenseAutoencoder(encoder, tiedWeights, rng);
    }

    public Dense encoder() { return encoder; }
    public boolean tiedWeights() { return tied; }

    /** The encoder's parameters (live network state) then the decoder's ("decoder.weight" untied, "decoder.bias"). */
    public List<Parameter> parameters() { return parameters; }

    /** The reconstruction of the last forward [batch x in]. Read-only by convention. */
    public Tensor reconstruction() { return reconstruction; }

    private void allocate(int rows) {
        if (rows == batch) return;
        Precision p = encoder.precision();
        reconstruction = Tensor.zeros(p, rows, encoder.inputSize());
        reconstructionGrad = Tensor.zeros(p, rows, encoder.inputSize());
        codeGrad = Tensor.zeros(p, rows, encoder.outputSize());
        batch = rows;
    }

    /** Encodes {@code input} and decodes it; returns the reconstruction buffer. */
    public Tensor forward(Tensor input) {
        int in = encoder.inputSize(), out = encoder.outputSize();
        allocate(input.rows());
        Tensor code = encoder.forward(input, true);
        if (decoderWeight == null) TensorOps.gemmNN(batch, in, out, code, encoder.weight(), reconstruction);
        else TensorOps.gemmNT(batch, in, out, code, decoderWeight, reconstruction);
        TensorOps.addRowVector(reconstruction, decoderBias);
        return reconstruction;
    }

    /** The reconstruction loss of {@code input} against {@code target} (forward only). */
    public double loss(Tensor input, Tensor target) {
        return Loss.MSE.value(forward(input), target);
    }

    /**
     * Reconstructs {@code input} (the corrupted or clean codes, not Modified until the call returns) and returns
     * the mean squared error against {@code target} (the clean codes); fills every gradient of
     * {@link #parameters()}, overwriting.
     */
    public double forwardBackward(Tensor input, Tensor target) {
        int in = encoder.inputSize(), out = encoder.outputSize();
        forward(input);
        double value = Loss.MSE.forwardBackward(reconstruction, target, reconstructionGrad);
        Tensor code = encoder.output();
        TensorOps.sumRows(reconstructionGrad, decoderBiasGrad);
        if (decoderWeight == null) {
            TensorOps.gemmNT(batch, out, in, reconstructionGrad, encoder.weight(), codeGrad);
        } else {
            TensorOps.gemmNN(batch, out, in, reconstructionGrad, decoderWeight, codeGrad);
            TensorOps.gemmTN(in, out, batch, reconstructionGrad, code, Objects.requireNonNull(decoderWeightGrad));
        }
        encoder.backwardParameters(codeGrad);
        // Tied: W is used twice (encoder and decoder), so its gradient is the sum of both uses.
        if (decoderWeight == null) TensorOps.gemmTNAdd(out, in, batch, code, reconstructionGrad, encoder.weightGrad());
        return value;
    }
}
