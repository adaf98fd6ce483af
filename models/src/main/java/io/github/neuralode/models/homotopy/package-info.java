/**
 * Homotopy (synchronization) training of neural ODEs (Ko, Koh, Park and Jhe, NeurIPS 2023) and
 * its baselines, as reusable pieces: {@link io.github.neuralode.models.homotopy.SmoothingSpline}
 * (the cubic smoothing spline through the data, per state component, evaluated in Java or on
 * NDArrays via {@link io.github.neuralode.models.homotopy.SplineArrays}, differentiably in time),
 * {@link io.github.neuralode.models.homotopy.HomotopySchedule} (the coupling strength {@code
 * lambda} over the epochs, from 1 down to 0), {@link
 * io.github.neuralode.models.homotopy.CoupledDynamics} (a model field coupled to the spline,
 * {@code U(u) - lambda k (u - uHat(t))}), {@link
 * io.github.neuralode.models.homotopy.MultipleShootingModel} with {@link
 * io.github.neuralode.models.homotopy.ShootingLoss} (the multiple-shooting baseline), and {@link
 * io.github.neuralode.models.homotopy.TrajectoryFit}, which trains a field on one trajectory by a
 * {@link io.github.neuralode.models.homotopy.FitMethod} (homotopy, vanilla or multiple shooting)
 * and keeps the best model by the uncoupled MSE.
 */
package io.github.neuralode.models.homotopy;
