package io.github.neuralode.data.systems;

import ai.djl.ndarray.NDArray;

/**
 * The Lorenz system of the homotopy-training experiments (Ko, Koh, Park and Jhe, NeurIPS 2023):
 *
 * <pre>
 * dx/dt = sigma (y - x)
 * dy/dt = x (rho - z) - y
 * dz/dt = x y - beta z
 * </pre>
 *
 * with state {@code (x, y, z)} and time in arbitrary units. The study's values are {@link
 * #paper()}: {@code sigma, rho, beta = 10, 28, 8/3} from {@link #paperInitialState()} {@code (1.2,
 * 2.1, 1.7)}, sampled at {@value #PAPER_DT} on {@code [0, }{@value #PAPER_T_END}{@code )}: 31
 * points, {@code t = 0} to 3.0. A longer {@code tEnd} adds points past that window for
 * extrapolation.
 *
 * <p>The clean series is this library's Dopri5 solve in float64 at rtol 1e-10, atol 1e-12. The
 * noisy series adds Gaussian noise of absolute standard deviation {@value
 * #NOISE_STANDARD_DEVIATION} to every component (see {@link #noisy}).
 *
 * @param sigma the Prandtl number, positive
 * @param rho the Rayleigh number, positive
 * @param beta the geometric factor, positive
 */
public record Lorenz(double sigma, double rho, double beta) {

    /** The study's sampling interval. */
    public static final double PAPER_DT = 0.1;

    /** The study's excluded end of the training window: {@code [0, 3.1)} holds 31 samples. */
    public static final double PAPER_T_END = 3.1;

    /** The noise's standard deviation, in the state's units, the same for every component. */
    public static final double NOISE_STANDARD_DEVIATION = 0.25;

    /**
     * Checks the parameters.
     *
     * @param sigma the Prandtl number
     * @param rho the Rayleigh number
     * @param beta the geometric factor
     * @throws IllegalArgumentException if a parameter is not finite and positive
     */
    public Lorenz {
        double[] parameters = {sigma, rho, beta};
        String[] names = {"sigma", "rho", "beta"};
        for (int i = 0; i < parameters.length; i++) {
            if (!(Double.isFinite(parameters[i]) && parameters[i] > 0)) {
                throw new IllegalArgumentException(
                        names[i] + " must be finite and positive, got " + parameters[i]);
            }
        }
    }

    /**
     * Returns the study's (the classic chaotic) parameters: {@code sigma, rho, beta = 10, 28,
     * 8/3}.
     *
     * @return the system
     */
    public static Lorenz paper() {
        return new Lorenz(10, 28, 8.0 / 3.0);
    }

    /**
     * Returns the study's initial state.
     *
     * @return {@code (x, y, z) = (1.2, 2.1, 1.7)}, a new array
     */
    public static double[] paperInitialState() {
        return new double[] {1.2, 2.1, 1.7};
    }

    /**
     * Returns the clean series at {@code t = 0, dt, 2 dt, ...} up to but excluding {@code tEnd}
     * (a {@code tEnd} within rounding of a grid point excludes that point).
     *
     * @param initialState {@code (x, y, z)} at {@code t = 0}, finite
     * @param dt the sampling interval, positive
     * @param tEnd the excluded end, above {@code dt}
     * @return the series, {@code (points, 3)}
     * @throws IllegalArgumentException if the state or the grid is out of range
     */
    public Trajectory solve(double[] initialState, double dt, double tEnd) {
        Sampling.checkState(initialState, 3, false);
        return Sampling.solve(this::field, initialState, Sampling.grid(dt, tEnd));
    }

    /**
     * Returns the clean series of {@link #solve} with Gaussian noise of standard deviation
     * {@value #NOISE_STANDARD_DEVIATION} added to every component, drawn by {@link
     * Trajectory#withNoise} from {@code new java.util.Random(seed)}.
     *
     * @param initialState {@code (x, y, z)} at {@code t = 0}, finite
     * @param dt the sampling interval, positive
     * @param tEnd the excluded end, above {@code dt}
     * @param seed the noise seed; the same seed gives the same series
     * @return the noisy series, {@code (points, 3)}
     * @throws IllegalArgumentException if the state or the grid is out of range
     */
    public Trajectory noisy(double[] initialState, double dt, double tEnd, long seed) {
        double d = NOISE_STANDARD_DEVIATION;
        return solve(initialState, dt, tEnd).withNoise(new double[] {d, d, d}, seed);
    }

    /** {@code dy/dt} on states {@code (batch, 3)}. */
    private NDArray field(NDArray state) {
        NDArray x = state.get(":, 0:1");
        NDArray y = state.get(":, 1:2");
        NDArray z = state.get(":, 2:3");
        NDArray dx = y.sub(x).mul(sigma);
        NDArray dy = x.mul(z.neg().add(rho)).sub(y);
        NDArray dz = x.mul(y).sub(z.mul(beta));
        return dx.concat(dy, 1).concat(dz, 1);
    }
}
