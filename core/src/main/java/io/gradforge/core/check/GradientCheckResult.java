package io.gradforge.core.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link GradientCheck}: the largest relative error per parameter name (and under
 * {@link #INPUT} for the input gradient), the overall maximum, and whether it stayed below the threshold.
 *
 * @param maxRelativeError parameter name -&gt; max relative error over its checked elements (forward order)
 * @param overallMaxRelativeError the maximum over all entries
 * @param worst the entry holding the overall maximum
 * @param threshold the pass threshold
 * @param passed {@code overallMaxRelativeError < threshold}
 * @param checkedElements how many scalar entries were compared
 * @param skippedAtKinks how many sampled entries were not compared because their finite-difference stencil moved
 *     a unit across the kink of its activation at every step tried (see {@link GradientCheck})
 * @param refinedSteps how many compared entries agreed only at a smaller step than the configured one
 */
public record GradientCheckResult(Map<String, Double> maxRelativeError, double overallMaxRelativeError, String worst,
                                  double threshold, boolean passed, int checkedElements, int skippedAtKinks,
                                  int refinedSteps) {
    /** The key of the input gradient in {@link #maxRelativeError}. */
    public static final String INPUT = "input";

    public GradientCheckResult {
        maxRelativeError = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(maxRelativeError, "maxRelativeError")));
        Objects.requireNonNull(worst, "worst");
        if (!(threshold > 0)) throw new IllegalArgumentException("threshold must be positive but was " + threshold + ".");
        if (checkedElements < 0) {
            throw new IllegalArgumentException("checkedElements must be >= 0 but was " + checkedElements + ".");
        }
        if (skippedAtKinks < 0) {
            throw new IllegalArgumentException("skippedAtKinks must be >= 0 but was " + skippedAtKinks + ".");
        }
        if (refinedSteps < 0 || refinedSteps > checkedElements) {
            throw new IllegalArgumentException("refinedSteps must be in [0, checkedElements] but was " + refinedSteps + ".");
        }
    }

    @Override
    public String toString() {
        return "GradientCheckResult[" + (passed ? "passed" : "FAILED") + ", max relative error "
                + overallMaxRelativeError + " at " + worst + " (threshold " + threshold + "), " + checkedElements
                + " elements (" + refinedSteps + " at a refined step, " + skippedAtKinks + " skipped at kinks), per parameter " + maxRelativeError + "]";
    }
}
