package io.gradforge.core.kernel;

/**
 * The recurrent cells' pointwise step in plain Java: the reference for the Vector API form ({@link DoubleCells},
 * {@link FloatCells}) and the implementation of {@link ScalarKernels}. The arguments are documented on
 * {@link Kernels#lstmForward(int, int, double[], int, double[], double[], double[], int, int, double[], int, double[], int, double[])}
 * and its neighbours. The bias of the hidden side is added to the hidden product before the input side:
 * {@code gates + (gh + bias)}, the order of the unfused passes this replaced, so float64 results did not move.
 *
 * <p>The float32 half is generated from the float64 half by {@code Float32Twin} (core's tests), as for
 * {@link ScalarKernels}.
 */
final class ScalarCells {
    private ScalarCells() {}

    // ---- float64 half: the float32 half below is generated from it by Float32Twin (core's tests) ----

    static void rnnForward(int n, int hidden, boolean relu, double[] gates, int gatesAt, double[] gh, double[] bias,
            double[] h, int hAt, double[] hPrev) {
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * hidden, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double a = gates[row + j] + (gh[k + j] + bias[j]);
                double y = relu ? Math.max(a, 0) : PointwiseMath.tanh(a);
                h[hAt + k + j] = y;
                hPrev[k + j] = y;
            }
        }
    }

    static void rnnBackward(int size, boolean relu, double[] h, int hAt, double[] dh, double[] dG) {
        for (int i = 0; i < size; i++) {
            double y = h[hAt + i];
            dG[i] = dh[i] * (relu ? (y > 0 ? 1 : 0) : 1 - y * y);
            dh[i] = 0;
        }
    }

    static void lstmForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias, double[] c,
            int cPrevAt, int cNextAt, double[] tanhC, int tanhCAt, double[] h, int hAt, double[] hPrev) {
        int g = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, hRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, i1 = i0 + hidden, i2 = i1 + hidden, i3 = i2 + hidden;
                int h0 = hRow + j, h1 = h0 + hidden, h2 = h1 + hidden, h3 = h2 + hidden;
                double in = PointwiseMath.sigmoid(gates[i0] + (gh[h0] + bias[j]));
                double forget = PointwiseMath.sigmoid(gates[i1] + (gh[h1] + bias[j + hidden]));
                double cand = PointwiseMath.tanh(gates[i2] + (gh[h2] + bias[j + 2 * hidden]));
                double out = PointwiseMath.sigmoid(gates[i3] + (gh[h3] + bias[j + 3 * hidden]));
                double cv = forget * c[cPrevAt + k + j] + in * cand;
                double tc = PointwiseMath.tanh(cv);
                double hv = out * tc;
                gates[i0] = in;
                gates[i1] = forget;
                gates[i2] = cand;
                gates[i3] = out;
                c[cNextAt + k + j] = cv;
                tanhC[tanhCAt + k + j] = tc;
                h[hAt + k + j] = hv;
                hPrev[k + j] = hv;
            }
        }
    }

    static void lstmBackward(int n, int hidden, double[] gates, int gatesAt, double[] c, int cPrevAt, double[] tanhC,
            int tanhCAt, double[] dh, double[] dc, double[] dG) {
        int g = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, s0 = sRow + j;
                double in = gates[i0];
                double forget = gates[i0 + hidden];
                double cand = gates[i0 + 2 * hidden];
                double out = gates[i0 + 3 * hidden];
                double tc = tanhC[tanhCAt + k + j];
                double dhv = dh[k + j];
                double dct = dc[k + j] + dhv * out * (1 - tc * tc);
                dG[s0] = dct * cand * in * (1 - in);
                dG[s0 + hidden] = dct * c[cPrevAt + k + j] * forget * (1 - forget);
                dG[s0 + 2 * hidden] = dct * in * (1 - cand * cand);
                dG[s0 + 3 * hidden] = dhv * tc * out * (1 - out);
                dc[k + j] = dct * forget;
                dh[k + j] = 0;
            }
        }
    }

    static void gruForward(int n, int hidden, double[] gates, int gatesAt, double[] gh, double[] bias,
            double[] hiddenN, int hiddenNAt, double[] h, int hPrevAt, int hNextAt, double[] hPrev) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, hRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, i1 = i0 + hidden, i2 = i1 + hidden;
                int h0 = hRow + j, h1 = h0 + hidden, h2 = h1 + hidden;
                double reset = PointwiseMath.sigmoid(gates[i0] + (gh[h0] + bias[j]));
                double update = PointwiseMath.sigmoid(gates[i1] + (gh[h1] + bias[j + hidden]));
                double hn = gh[h2] + bias[j + 2 * hidden];
                double cand = PointwiseMath.tanh(gates[i2] + reset * hn);
                double hv = (1 - update) * cand + update * h[hPrevAt + k + j];
                gates[i0] = reset;
                gates[i1] = update;
                gates[i2] = cand;
                hiddenN[hiddenNAt + k + j] = hn;
                h[hNextAt + k + j] = hv;
                hPrev[k + j] = hv;
            }
        }
    }

    static void gruBackward(int n, int hidden, double[] gates, int gatesAt, double[] hiddenN, int hiddenNAt,
            double[] h, int hPrevAt, double[] dh, double[] dGi, double[] dGh) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, s0 = sRow + j;
                double reset = gates[i0];
                double update = gates[i0 + hidden];
                double cand = gates[i0 + 2 * hidden];
                double dhv = dh[k + j];
                double dCand = dhv * (1 - update) * (1 - cand * cand);
                double dReset = dCand * hiddenN[hiddenNAt + k + j] * reset * (1 - reset);
                double dUpdate = dhv * (h[hPrevAt + k + j] - cand) * update * (1 - update);
                dGi[i0] = dReset;
                dGi[i0 + hidden] = dUpdate;
                dGi[i0 + 2 * hidden] = dCand; // the input side of n is not scaled by r
                dGh[s0] = dReset;
                dGh[s0 + hidden] = dUpdate;
                dGh[s0 + 2 * hidden] = dCand * reset;
                dh[k + j] = dhv * update;
            }
        }
    }

    // ---- float32 half: generated from the float64 half above by Float32Twin; do not edit ----

    static void rnnForward(int n, int hidden, boolean relu, float[] gates, int gatesAt, float[] gh, float[] bias,
            float[] h, int hAt, float[] hPrev) {
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * hidden, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float a = gates[row + j] + (gh[k + j] + bias[j]);
                float y = relu ? Math.max(a, 0) : PointwiseMath.tanh(a);
                h[hAt + k + j] = y;
                hPrev[k + j] = y;
            }
        }
    }

    static void rnnBackward(int size, boolean relu, float[] h, int hAt, float[] dh, float[] dG) {
        for (int i = 0; i < size; i++) {
            float y = h[hAt + i];
            dG[i] = dh[i] * (relu ? (y > 0 ? 1 : 0) : 1 - y * y);
            dh[i] = 0;
        }
    }

    static void lstmForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias, float[] c,
            int cPrevAt, int cNextAt, float[] tanhC, int tanhCAt, float[] h, int hAt, float[] hPrev) {
        int g = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, hRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, i1 = i0 + hidden, i2 = i1 + hidden, i3 = i2 + hidden;
                int h0 = hRow + j, h1 = h0 + hidden, h2 = h1 + hidden, h3 = h2 + hidden;
                float in = PointwiseMath.sigmoid(gates[i0] + (gh[h0] + bias[j]));
                float forget = PointwiseMath.sigmoid(gates[i1] + (gh[h1] + bias[j + hidden]));
                float cand = PointwiseMath.tanh(gates[i2] + (gh[h2] + bias[j + 2 * hidden]));
                float out = PointwiseMath.sigmoid(gates[i3] + (gh[h3] + bias[j + 3 * hidden]));
                float cv = forget * c[cPrevAt + k + j] + in * cand;
                float tc = PointwiseMath.tanh(cv);
                float hv = out * tc;
                gates[i0] = in;
                gates[i1] = forget;
                gates[i2] = cand;
                gates[i3] = out;
                c[cNextAt + k + j] = cv;
                tanhC[tanhCAt + k + j] = tc;
                h[hAt + k + j] = hv;
                hPrev[k + j] = hv;
            }
        }
    }

    static void lstmBackward(int n, int hidden, float[] gates, int gatesAt, float[] c, int cPrevAt, float[] tanhC,
            int tanhCAt, float[] dh, float[] dc, float[] dG) {
        int g = 4 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, s0 = sRow + j;
                float in = gates[i0];
                float forget = gates[i0 + hidden];
                float cand = gates[i0 + 2 * hidden];
                float out = gates[i0 + 3 * hidden];
                float tc = tanhC[tanhCAt + k + j];
                float dhv = dh[k + j];
                float dct = dc[k + j] + dhv * out * (1 - tc * tc);
                dG[s0] = dct * cand * in * (1 - in);
                dG[s0 + hidden] = dct * c[cPrevAt + k + j] * forget * (1 - forget);
                dG[s0 + 2 * hidden] = dct * in * (1 - cand * cand);
                dG[s0 + 3 * hidden] = dhv * tc * out * (1 - out);
                dc[k + j] = dct * forget;
                dh[k + j] = 0;
            }
        }
    }

    static void gruForward(int n, int hidden, float[] gates, int gatesAt, float[] gh, float[] bias,
            float[] hiddenN, int hiddenNAt, float[] h, int hPrevAt, int hNextAt, float[] hPrev) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, hRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, i1 = i0 + hidden, i2 = i1 + hidden;
                int h0 = hRow + j, h1 = h0 + hidden, h2 = h1 + hidden;
                float reset = PointwiseMath.sigmoid(gates[i0] + (gh[h0] + bias[j]));
                float update = PointwiseMath.sigmoid(gates[i1] + (gh[h1] + bias[j + hidden]));
                float hn = gh[h2] + bias[j + 2 * hidden];
                float cand = PointwiseMath.tanh(gates[i2] + reset * hn);
                float hv = (1 - update) * cand + update * h[hPrevAt + k + j];
                gates[i0] = reset;
                gates[i1] = update;
                gates[i2] = cand;
                hiddenN[hiddenNAt + k + j] = hn;
                h[hNextAt + k + j] = hv;
                hPrev[k + j] = hv;
            }
        }
    }

    static void gruBackward(int n, int hidden, float[] gates, int gatesAt, float[] hiddenN, int hiddenNAt,
            float[] h, int hPrevAt, float[] dh, float[] dGi, float[] dGh) {
        int g = 3 * hidden;
        for (int r = 0; r < n; r++) {
            int row = gatesAt + r * g, sRow = r * g, k = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int i0 = row + j, s0 = sRow + j;
                float reset = gates[i0];
                float update = gates[i0 + hidden];
                float cand = gates[i0 + 2 * hidden];
                float dhv = dh[k + j];
                float dCand = dhv * (1 - update) * (1 - cand * cand);
                float dReset = dCand * hiddenN[hiddenNAt + k + j] * reset * (1 - reset);
                float dUpdate = dhv * (h[hPrevAt + k + j] - cand) * update * (1 - update);
                dGi[i0] = dReset;
                dGi[i0 + hidden] = dUpdate;
                dGi[i0 + 2 * hidden] = dCand; // the input side of n is not scaled by r
                dGh[s0] = dReset;
                dGh[s0 + hidden] = dUpdate;
                dGh[s0 + 2 * hidden] = dCand * reset;
                dh[k + j] = dhv * update;
            }
        }
    }

    // ---- end of the generated float32 half ----
}
