package io.gradforge.cli.report;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rank correlations of paired samples, as {@code scipy.stats.spearmanr} and {@code kendalltau} (tau-b) compute
 * them: ties get the mean of their ranks (Spearman) and are corrected for (Kendall's tau-b). NaN when fewer than
 * three pairs, or when either sample is constant.
 */
final class RankCorrelation {
    private RankCorrelation() {}

    /** Spearman's rho: the Pearson correlation of the mid-ranks. */
    static double spearman(double[] x, double[] y) {
        check(x, y);
        if (x.length < 3) return Double.NaN;
        return pearson(ranks(x), ranks(y));
    }

    /** Kendall's tau-b: {@code (concordant - discordant) / sqrt((n0 - ties_x) (n0 - ties_y))}, O(n^2). */
    static double kendall(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        if (n < 3) return Double.NaN;
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int a = Double.compare(x[i], x[j]);
                int b = Double.compare(y[i], y[j]);
                if (a == 0 && b == 0) {
                    tiesX++;
                    tiesY++;
                } else if (a == 0) {
                    tiesX++;
                } else if (b == 0) {
                    tiesY++;
                } else if (a == b) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiesX) * (pairs - tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** 1-based mid-ranks: tied values share the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Double.compare(v[order[j + 1]], v[order[i]]) == 0) j++;
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mid;
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples must have the same size but had " + x.length + " and "
                    + y.length + ".");
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("rank correlation of NaN at pair " + i + ".");
            }
        }
    }
}
