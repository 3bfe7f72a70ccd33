package io.gradforge.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradforge.core.tensor.Precision;
import io.gradforge.core.tensor.Tensor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forward output, every parameter gradient and the input gradient of each cell against PyTorch's {@code nn.RNN},
 * {@code nn.LSTM} and {@code nn.GRU} in float64, given the same weights and input: the parameter layout and
 * gate order are PyTorch's, so the tensors are copied over by name. Skipped when {@code python3 -c 'import torch'}
 * fails.
 */
class RecurrentPyTorchTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOLERANCE = 1e-9;
    private static final int T = 6;
    private static final int F = 3;
    private static final int H = 5;
    private static final int BATCH = 4;

    /** Reads "name v v v" lines: the configuration, the tensors; prints the output and the gradients likewise. */
    private static final String SCRIPT = """
            import sys, torch
            torch.set_default_dtype(torch.float64)
            d = {}
            for line in sys.stdin:
                parts = line.split()
                if parts: d[parts[0]] = parts[1:]
            cell, T, F, H, B, seq = d['cell'][0], *(int(v) for v in d['shape'])
            t = lambda name, *shape: torch.tensor([float(v) for v in d[name]]).reshape(*shape)
            G = {'RNN_TANH': 1, 'RNN_RELU': 1, 'LSTM': 4, 'GRU': 3}[cell]
            if cell == 'LSTM': m = torch.nn.LSTM(F, H, batch_first=True)
            elif cell == 'GRU': m = torch.nn.GRU(F, H, batch_first=True)
            else: m = torch.nn.RNN(F, H, nonlinearity=cell[4:].lower(), batch_first=True)
            with torch.no_grad():
                m.weight_ih_l0.copy_(t('weight_ih', G * H, F)); m.weight_hh_l0.copy_(t('weight_hh', G * H, H))
                m.bias_ih_l0.copy_(t('bias_ih', G * H)); m.bias_hh_l0.copy_(t('bias_hh', G * H))
            x = t('x', B, T, F).requires_grad_(True)
            out, _ = m(x)
            out = out.reshape(B, T * H) if seq else out[:, -1, :]
            (out * t('g', *out.shape)).sum().backward()
            show = lambda name, v: print(name, *(repr(float(e)) for e in v.detach().reshape(-1)))
            show('out', out); show('x', x.grad)
            for name in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'): show(name, getattr(m, name + '_l0').grad)
            """;

    @BeforeAll
    static void torchIsInstalled() throws InterruptedException {
        boolean present;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "PyTorch is not installed: python3 -c 'import torch' failed");
    }

    @ParameterizedTest(name = "{0}, sequences {1}")
    @CsvSource({"LSTM, true", "LSTM, false", "GRU, true", "GRU, false", "RNN_TANH, true", "RNN_RELU, false"})
    void matchesPyTorch(CellKind cell, boolean sequences) throws IOException, InterruptedException {
        RandomGenerator rng = Network.random(11);
        Recurrent layer = Recurrent.of(cell, T * F, F, H, sequences, Precision.FLOAT64, rng);
        Network net = Network.of(List.of(layer));
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.value().size(); i++) p.value().set(i, p.value().get(i) + 0.3 * rng.nextGaussian());
        }
        Tensor x = gaussian(BATCH, T * F, rng);
        Tensor g = gaussian(BATCH, layer.outputSize(), rng);
        Tensor out = net.forward(x, true).copy();
        Tensor gradInput = net.backward(g);

        Map<String, double[]> torch = runPyTorch(cell, sequences, net, x, g);
        assertClose("output", torch.get("out"), out);
        assertClose("input gradient", torch.get("x"), gradInput);
        for (Parameter p : net.parameters()) {
            String name = p.name().substring(p.name().lastIndexOf('.') + 1);
            assertClose(name + " gradient", torch.get(name), p.grad());
        }
    }

    private static Map<String, double[]> runPyTorch(CellKind cell, boolean sequences, Network net, Tensor x,
                                                    Tensor g) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
        try (Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write("cell " + cell.name() + "\nshape " + T + " " + F + " " + H + " " + BATCH + " "
                    + (sequences ? 1 : 0) + "\n");
            for (Parameter param : net.parameters()) {
                write(w, param.name().substring(param.name().lastIndexOf('.') + 1), param.value());
            }
            write(w, "x", x);
            write(w, "g", g);
        }
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), stderr);
        Map<String, double[]> out = new HashMap<>();
        for (String line : stdout.split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length < 2) continue;
            double[] v = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) v[i - 1] = Double.parseDouble(parts[i]);
            out.put(parts[0], v);
        }
        return out;
    }

    private static void write(Writer w, String name, Tensor t) throws IOException {
        StringBuilder sb = new StringBuilder(name);
        for (int i = 0; i < t.size(); i++) sb.append(' ').append(t.get(i));
        w.write(sb.append('\n').toString());
    }

    /** Element-wise relative error below 1e-9, with a floor of 1e-6 for elements near 0. */
    private static void assertClose(String what, double[] expected, Tensor actual) {
        assertEquals(expected.length, actual.size(), what + ": size");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double a = actual.get(i);
            double e = expected[i];
            worst = Math.max(worst, Math.abs(a - e) / Math.max(Math.abs(a) + Math.abs(e), 1e-6));
        }
        assertTrue(worst < TOLERANCE, what + ": relative error " + worst);
        assertTrue(Math.sqrt(actual.squaredNorm()) > 1e-3, what + " is not trivially zero");
    }

    private static Tensor gaussian(int rows, int cols, RandomGenerator rng) {
        Tensor t = Tensor.zeros(Precision.FLOAT64, rows, cols);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.nextGaussian());
        return t;
    }
}
