package io.gradforge.core.health;

/**
 * Signs of a network that will train badly, each raised with a reason ({@link RaisedFlag}). Gradient-flow flags
 * are checked on the snapshot at init and on the last snapshot of a training run; "decades" is
 * {@link GradientFlow#attenuationDecades()} ({@code log10(||delta_last|| / ||delta_first||)} over the trunk's
 * dense layers, positive when the gradient shrinks on its way back) and "r" the per-layer squared ratio
 * {@code 10^(-2 decades / (D - 1))}, D the number of dense layers: for a plain chain exactly the geometric mean
 * of {@code r_l = ||delta_l||^2 / ||delta_{l+1}||^2} ({@link GradientFlow#geometricMean()}), for a residual
 * network the rate per layer of depth.
 *
 * <table>
 *   <caption>thresholds (constants below)</caption>
 *   <tr><th>flag</th><th>raised when</th></tr>
 *   <tr><td>{@link #VANISHING}</td><td>(decades &ge; 1.5 and r &lt; 0.8) or decades &ge; 3
 *       (first-layer delta below 1e-3 of the last)</td></tr>
 *   <tr><td>{@link #EXPLODING}</td><td>(decades &le; -1.5 and r &gt; 1.25) or decades &le; -3, or any delta or
 *       weight-gradient norm &gt; 1e6 or not finite</td></tr>
 *   <tr><td>{@link #SATURATED}</td><td>mean saturation fraction over sigmoid/tanh units &gt; 0.3</td></tr>
 *   <tr><td>{@link #DEAD_UNITS}</td><td>dead fraction &gt; 0.3 in some relu layer, and above the fraction chance
 *       gives on the layer's inputs ({@link LayerStats#expectedDeadFraction()}) by more than 0.2 and by more than
 *       three binomial standard deviations</td></tr>
 *   <tr><td>{@link #UNSTABLE_UPDATES}</td><td>during training, a dense layer's update ratio ||step||/||W|| exceeds
 *       0.1 at some probed step, or its median over probed steps is below 1e-6 (practitioners aim at ~1e-3); steps
 *       taken while ||W|| is below a tenth of LeCun's norm for the layer's shape (e.g. Fixup's zero-initialized layers)
 *       do not count</td></tr>
 *   <tr><td>{@link #DIVERGED}</td><td>the run diverged (loss or gradient NaN/infinite)</td></tr>
 *   <tr><td>{@link #EARLY_LAYERS_FROZEN}</td><td>at the end, the mean relative weight change since init of the
 *       first quarter of the dense layers is &lt; 0.1 x that of the last quarter (at least 3 dense layers)</td></tr>
 *   <tr><td>{@link #WEIGHTS_COLLAPSING}</td><td>at the end, some dense layer's weight norm is &lt; 0.25 x its
 *       initial norm</td></tr>
 *   <tr><td>{@link #STAGNATING}</td><td>{@link ConvergenceStats#stagnating()}: less than 5% improvement after the
 *       first quarter while the loss is still above half its initial value</td></tr>
 *   <tr><td>{@link #VANISHING_THROUGH_TIME}</td><td>a recurrent layer that returns its last state: the attenuation
 *       of ||dL/dh_k|| over its T steps, fitted on the log norms ({@link RecurrentStats}), &ge; 3 decades; judged at
 *       init for a report at init, else as the median over the samples of the run's last quarter</td></tr>
 *   <tr><td>{@link #EXPLODING_THROUGH_TIME}</td><td>the same &le; -3 decades, or a norm through time &gt; 1e6 or not
 *       finite</td></tr>
 * </table>
 *
 * <p>Why 0.8 and 1.25 with 1.5 decades: the total change is what hurts (the first layer's gradient is 30x
 * smaller or larger than the last one's), the per-layer ratio confirms it is a steady trend rather than one odd
 * layer (e.g. the output layer); past 3 decades (1000x) no trend is needed. For scale: relu with xavier init
 * ({@code r = 0.5}) crosses 1.5 decades at about 10 layers; batch norm before relu ({@code r = pi/(pi-1) = 1.47},
 * Yang et al. 2019) at about 20 layers (measured: -1.9 to -2.1 decades over 31 dense layers, the first and last
 * layers being off-trend); he-initialized relu stays near 0 (+0.5 decades at depth 30, width 32; +1.1 at depth
 * 64, where finite-width fluctuations accumulate). Trunk only: see {@link HealthSnapshot#flow()}.
 */
public enum HealthFlag {
    /** Deltas shrink going back: the first layers barely learn. */
    VANISHING,
    /** Deltas grow going back, or gradients overflow. */
    EXPLODING,
    /** Many sigmoid/tanh outputs sit in the flat tails where phi' ~ 0. */
    SATURATED,
    /**
     * Many relu units output 0 for the whole batch, more than chance explains on the layer's inputs: no gradient
     * reaches their weights.
     */
    DEAD_UNITS,
    /** Steps far larger or smaller than ~1e-3 of the weights. */
    UNSTABLE_UPDATES,
    /** The run diverged: the loss or the gradient became NaN or infinite, or the loss rose far above its start. */
    DIVERGED,
    /** The first layers changed far less than the last ones (Glorot &amp; Bengio 2010's deep-sigmoid symptom). */
    EARLY_LAYERS_FROZEN,
    /** Weight norms shrinking toward 0 (e.g. too much weight decay). */
    WEIGHTS_COLLAPSING,
    /** Learning stalls early. */
    STAGNATING,
    /**
     * The gradient reaching a recurrent layer's early steps from the loss at its last step is far smaller than at the
     * last step: dependencies across the sequence cannot be learned (Hochreiter 1991; Bengio et al. 1994).
     */
    VANISHING_THROUGH_TIME,
    /** The gradient through time grows going back, or overflows (Pascanu et al. 2013). */
    EXPLODING_THROUGH_TIME;

    /** VANISHING/EXPLODING: total change in decades with a steady per-layer trend. */
    public static final double TREND_DECADES = 1.5;
    /** VANISHING/EXPLODING regardless of the per-layer trend. */
    public static final double HARD_DECADES = 3.0;
    /** VANISHING: per-layer squared ratio r below this. */
    public static final double VANISHING_RATIO = 0.8;
    /** EXPLODING: per-layer squared ratio r above this. */
    public static final double EXPLODING_RATIO = 1.25;
    /**
     * VANISHING_THROUGH_TIME / EXPLODING_THROUGH_TIME: the fitted attenuation over a recurrent layer's sequence at
     * least this many decades (the gradient at the first step 1000x smaller, or larger, than at the last), as
     * {@link #HARD_DECADES} between dense layers. The weight gradients sum every step's contribution, so a distant
     * step's 1000x smaller one is lost among the near ones.
     */
    public static final double TIME_DECADES = 3.0;
    /** EXPLODING: any delta or weight-gradient norm above this. */
    public static final double EXPLODING_NORM = 1e6;
    /** SATURATED: mean saturation fraction above this. */
    public static final double SATURATION_FRACTION = 0.3;
    /** DEAD_UNITS: dead fraction above this in one relu layer. */
    public static final double DEAD_FRACTION = 0.3;
    /**
     * DEAD_UNITS: and at least this far above the chance level. A He-initialized relu network of depth 30 has
     * 40-65% of a deep layer's units off for a whole 64-row batch at init, as zero-bias random weights would on
     * the same nearly parallel rows; it trains, and those units come back.
     */
    public static final double DEAD_EXCESS = 0.2;
    /** UNSTABLE_UPDATES: an update ratio above this. */
    public static final double UPDATE_RATIO_HIGH = 1e-1;
    /** UNSTABLE_UPDATES: a median update ratio below this. */
    public static final double UPDATE_RATIO_LOW = 1e-6;
    /** The update ratio practitioners aim at. */
    public static final double UPDATE_RATIO_TARGET = 1e-3;
    /** EARLY_LAYERS_FROZEN: first-quarter to last-quarter relative-change ratio below this. */
    public static final double FROZEN_CHANGE_RATIO = 0.1;
    /** WEIGHTS_COLLAPSING: final to initial weight norm below this. */
    public static final double COLLAPSE_NORM_RATIO = 0.25;
}
