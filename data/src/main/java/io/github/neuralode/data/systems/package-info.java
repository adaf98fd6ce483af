/**
 * The dynamical systems of the homotopy-training experiments (Ko, Koh, Park and Jhe,
 * "Homotopy-based training of NeuralODEs for accurate dynamics discovery", NeurIPS 2023), as
 * sampled trajectories.
 *
 * <ul>
 *   <li>{@link io.github.neuralode.data.systems.LotkaVolterra}: predator-prey populations, clean
 *       or with seeded Gaussian noise of 5 % of each state's mean;
 *   <li>{@link io.github.neuralode.data.systems.Lorenz}: the chaotic Lorenz system, clean or with
 *       seeded Gaussian noise of standard deviation 0.25;
 *   <li>{@link io.github.neuralode.data.systems.DoublePendulum}: the measured double pendulum of
 *       Schmidt and Lipson (2009), read from their data file;
 *   <li>{@link io.github.neuralode.data.systems.Trajectory}: the immutable {@code (times,
 *       values[time][component])} all three return, with training and extrapolation windows by
 *       {@code slice}.
 * </ul>
 *
 * <p>The synthetic series are solved with this library's Dopri5 in float64 at rtol 1e-10, atol
 * 1e-12 and sampled at {@code t = 0, dt, ...} before an excluded end time.
 */
package io.github.neuralode.data.systems;
