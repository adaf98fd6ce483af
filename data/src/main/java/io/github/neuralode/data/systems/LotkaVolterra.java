package io.github.neuralode.data.systems;

import ai.djl.ndarray.NDArray;

/**
 * The Lotka-Volterra predator-prey system of the homotopy-training experiments (Ko, Koh, Park and
 * Jhe, "Homotopy-based training of NeuralODEs for accurate dynamics discovery", NeurIPS 2023):
 *
 * <pre>
 * dx/dt = a x - b x y
 * dy/dt = c x y - d y
 * </pre>
 *
 * with prey {@code x} and predators {@code y} (dimensionless populations, state {@code (x, y)})
 * and time in arbitrary units, written as the authors' code writes it ({@code
 * node_homotopy/dynamics.py} of their {@code original} branch): the predators die at rate {@code
 * d} and grow by {@code c} per prey met. The study's values are {@link #paper()}: {@code a, b, c,
 * d = 1.3, 0.9, 0.8, 1.8} (the predators' death rate is 1.8, their growth 0.8; the gray-box model
 * keeps {@code a x} and {@code -d y}), from {@link #paperInitialState()} {@code (0.44249296,
 * 4.6280594)},
 * sampled at {@value #PAPER_DT} on {@code [0, }{@value #PAPER_T_END}{@code )} (61 points); a
 * longer {@code tEnd} adds points past that window for extrapolation.
 *
 * <p>The clean series is this library's Dopri5 solve in float64 at rtol 1e-10, atol 1e-12; it
 * conserves {@link #invariant} to about 1e-9. The noisy series adds Gaussian noise of standard
 * deviation {@value #NOISE_FRACTION} times each state's mean over the clean series returned (see
 * {@link #noisy}).
 *
 * @param a the prey's growth rate, positive
 * @param b the predation rate, positive
 * @param c the predators' growth per prey met, positive
 * @param d the predators' death rate, positive
 */
public record LotkaVolterra(double a, double b, double c, double d) {

    /** The study's sampling interval. */
    public static final double PAPER_DT = 0.1;

    /** The study's excluded end of the training window: {@code [0, 6.1)} holds 61 samples. */
    public static final double PAPER_T_END = 6.1;

    /** The noise's standard deviation as a fraction of each state's mean. */
    public static final double NOISE_FRACTION = 0.05;

    /**
     * Checks the rates.
     *
     * @param a the prey's growth rate
     * @param b the predation rate
     * @param c the predators' growth per prey met
     * @param d the predators' death rate
     * @throws IllegalArgumentException if a rate is not finite and positive
     */
    public LotkaVolterra {
        double[] rates = {a, b, c, d};
        String[] names = {"a", "b", "c", "d"};
        for (int i = 0; i < rates.length; i++) {
            if (!(Double.isFinite(rates[i]) && rates[i] > 0)) {
                throw new IllegalArgumentException(
                        names[i] + " must be finite and positive, got " + rates[i]);
            }
        }
    }

    /**
     * Returns the study's rates: {@code a, b, c, d = 1.3, 0.9, 0.8, 1.8}.
     *
     * @return the system
     */
    public static LotkaVolterra paper() {
        return new LotkaVolterra(1.3, 0.9, 0.8, 1.8);
    }

    /**
     * Returns the study's initial state.
     *
     * @return {@code (x, y) = (0.44249296, 4.6280594)}, a new array
     */
    public static double[] paperInitialState() {
        return new double[] {0.44249296, 4.6280594};
    }

    /**
     * Returns the conserved quantity {@code V = c x - d ln x + b y - a ln y},
     * constant along every exact solution with positive populations.
     *
     * @param x the prey population, positive
     * @param y the predator population, positive
     * @return {@code V(x, y)}
     */
    public double invariant(double x, double y) {
        return c * x - d * Math.log(x) + b * y - a * Math.log(y);
    }

    /**
     * Returns the clean series at {@code t = 0, dt, 2 dt, ...} up to but excluding {@code tEnd}
     * (a {@code tEnd} within rounding of a grid point excludes that point).
     *
     * @param initialState {@code (x, y)} at {@code t = 0}, finite and positive
     * @param dt the sampling interval, positive
     * @param tEnd the excluded end, above {@code dt}
     * @return the series, {@code (points, 2)}
     * @throws IllegalArgumentException if the state or the grid is out of range
     */
    public Trajectory solve(double[] initialState, double dt, double tEnd) {
        Sampling.checkState(initialState, 2, true);
        return Sampling.solve(this::field, initialState, Sampling.grid(dt, tEnd));
    }

    /**
     * Returns the clean series of {@link #solve} with Gaussian noise added: each state's noise has
     * standard deviation {@value #NOISE_FRACTION} times that state's mean over the clean series
     * returned (so a longer {@code tEnd} changes the scale slightly), drawn by {@link
     * Trajectory#withNoise} from {@code new java.util.Random(seed)}.
     *
     * @param initialState {@code (x, y)} at {@code t = 0}, finite and positive
     * @param dt the sampling interval, positive
     * @param tEnd the excluded end, above {@code dt}
     * @param seed the noise seed; the same seed gives the same series
     * @return the noisy series, {@code (points, 2)}
     * @throws IllegalArgumentException if the state or the grid is out of range
     */
    public Trajectory noisy(double[] initialState, double dt, double tEnd, long seed) {
        Trajectory clean = solve(initialState, dt, tEnd);
        double[] deviations = clean.means();
        for (int i = 0; i < deviations.length; i++) {
            deviations[i] *= NOISE_FRACTION;
        }
        return clean.withNoise(deviations, seed);
    }

    /** {@code dy/dt} on states {@code (batch, 2)}. */
    private NDArray field(NDArray state) {
        NDArray x = state.get(":, 0:1");
        NDArray y = state.get(":, 1:2");
        NDArray xy = x.mul(y);
        NDArray prey = x.mul(a).sub(xy.mul(b));
        NDArray predators = xy.mul(c).sub(y.mul(d));
        return prey.concat(predators, 1);
    }
}
