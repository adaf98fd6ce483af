/**
 * Homotopy (synchronization) training of neural ODEs (Ko, Koh, Park and Jhe, NeurIPS 2023) as
 * reusable pieces: {@link io.github.neuralode.models.homotopy.SmoothingSpline} (the cubic
 * smoothing spline through the data, per state component, evaluated in Java or on NDArrays via
 * {@link io.github.neuralode.models.homotopy.SplineArrays}, differentiably in time) and {@link
 * io.github.neuralode.models.homotopy.HomotopySchedule} (the coupling strength {@code lambda}
 * over the epochs, from 1 down to 0) and {@link
 * io.github.neuralode.models.homotopy.CoupledDynamics} (a model field coupled to the spline,
 * {@code U(u) - lambda k (u - uHat(t))}) and {@link
 * io.github.neuralode.models.homotopy.HomotopyFit} (homotopy and vanilla training of one
 * trajectory, best model by the uncoupled MSE). Multiple shooting and the experiments are still
 * to come.
 */
package io.github.neuralode.models.homotopy;
