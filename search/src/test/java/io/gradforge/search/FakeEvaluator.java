package io.gradforge.search;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A fast, deterministic stand-in for training: scores follow from the candidate's traits and seed. Deep sigmoid
 * nets without skips are "vanishing"; a learning rate above 0.05 "diverges"; depth 3 with elu throws; depth 4
 * with swish returns NaN measurements (which must still score finitely).
 */
final class FakeEvaluator implements CandidateEvaluator {
    final AtomicInteger calls = new AtomicInteger();
    final long sleepMillis;

    FakeEvaluator(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    @Override
    public Outcome evaluate(Candidate c, long seed, int rung, BooleanSupplier cancelled) throws Exception {
        calls.incrementAndGet();
        if (sleepMillis > 0) Thread.sleep(sleepMillis + Math.floorMod(seed, 7)); // scramble completion order
        CandidateTraits t = CandidateTraits.of(c);
        String act = t.activations().get(0);
        long params = (long) c.experiment().network().shape().parameters();
        if (t.depth() == 3 && act.equals("elu")) throw new IllegalStateException("boom at depth 3");
        if (t.learningRate() > 0.05) {
            return new Outcome(EvaluationStatus.DIVERGED, Double.NaN, -1, 10, 0, List.of("DIVERGED"), Double.NaN,
                    params, "diverged at step 10: loss is NaN");
        }
        if (t.depth() == 4 && act.equals("swish")) {
            return new Outcome(EvaluationStatus.TRAINED, Double.NaN, -1, 100, Double.NaN, List.of(), Double.NaN,
                    params, "odd measurements");
        }
        boolean vanishing = (act.equals("sigmoid") || act.equals("tanh")) && t.skip().equals("none") && t.depth() > 4;
        double health = vanishing ? 0.02 : 1.0 / (1 + 0.05 * t.depth()) * (act.equals("relu") ? 1 : 0.9);
        double noise = (Math.floorMod(seed, 1000) / 1000.0) * 0.05;
        double auc = Math.min(1, 0.3 + Math.abs(Math.log10(t.learningRate()) + 2) * 0.2 + noise
                + (vanishing ? 0.5 : 0) - 0.02 * rung);
        return new Outcome(EvaluationStatus.TRAINED, auc, -1, 100L << rung, health,
                vanishing ? List.of("VANISHING") : List.of(), auc * 0.7, params, "completed");
    }
}
