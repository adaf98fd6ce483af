package io.github.neuralode.data.systems;

import ai.djl.ndarray.NDArray;

/**
 * The Lotka-Volterra predator-prey system of the homotopy-training experiments (Ko, Koh, Park and
 * Jhe, "Homotopy-based training of NeuralODEs for accurate dynamics discovery", NeurIPS 2023):
 *
 * <pre>
 * dx/dt = alpha x - beta x y
 * dy/dt = delta x y - gamma y
 * </pre>
 *
 * with prey {@code x} and predators {@code y} (dimensionless populations, state {@code (x, y)})
 * and time in arbitrary units. The study's values are {@link #paper()}: {@code alpha, beta, gamma,
 * delta = 1.3, 0.9, 0.8, 1.8} from {@link #paperInitialState()} {@code (0.44249296, 4.6280594)},
 * sampled at {@value #PAPER_DT} on {@code [0, }{@value #PAPER_T_END}{@code )} (61 points); a
 * longer {@code tEnd} adds points past that window for extrapolation.
 *
 * <p>The clean series is this library's Dopri5 solve in float64 at rtol 1e-10, atol 1e-12; it
 * conserves {@link #invariant} to about 1e-9. The noisy series adds Gaussian noise of standard
 * deviation {@value #NOISE_FRACTION} times each state's mean over the clean series returned (see
 * {@link #noisy}).
 *
 * @param alpha the prey's growth rate, positive
 * @param beta the predation rate, positive
 * @param gamma the predators' death rate, positive
 * @param delta the predators' growth per prey eaten, positive
 */
public record LotkaVolterra(double alpha, double beta, double gamma, double delta) {

    /** The study's sampling interval. */
    public static final double PAPER_DT = 0.1;

    /** The study's excluded end of the training window: {@code [0, 6.1)} holds 61 samples. */
    public static final double PAPER_T_END = 6.1;

    /** The noise's standard deviation as a fraction of each state's mean. */
    public static final double NOISE_FRACTION = 0.05;

    /**
     * Checks the rates.
     *
     * @param alpha the prey's growth rate
     * @param beta the predation rate
     * @param gamma the predators' death rate
     * @param delta the predators' growth per prey eaten
     * @throws IllegalArgumentException if a rate is not finite and positive
     */
    public LotkaVolterra {
        double[] rates = {alpha, beta, gamma, delta};
        String[] names = {"alpha", "beta", "gamma", "delta"};
        for (int i = 0; i < rates.length; i++) {
            if (!(Double.isFinite(rates[i]) && rates[i] > 0)) {
                throw new IllegalArgumentException(
                        names[i] + " must be finite and positive, got " + rates[i]);
            }
        }
    }

    /**
     * Returns the study's rates: {@code alpha, beta, gamma, delta = 1.3, 0.9, 0.8, 1.8}.
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
     * Returns the conserved quantity {@code V = delta x - gamma ln x + beta y - alpha ln y},
     * constant along every exact solution with positive populations.
     *
     * @param x the prey population, positive
     * @param y the predator population, positive
     * @return {@code V(x, y)}
     */
    public double invariant(double x, double y) {
        return delta * x - gamma * Math.log(x) + beta * y - alpha * Math.log(y);
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
        NDArray prey = x.mul(alpha).sub(xy.mul(beta));
        NDArray predators = xy.mul(delta).sub(y.mul(gamma));
        return prey.concat(predators, 1);
    }
}
