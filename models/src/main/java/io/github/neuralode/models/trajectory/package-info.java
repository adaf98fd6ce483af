/**
 * Trajectory fitting's shared model ({@link io.github.neuralode.models.trajectory.TrajectoryModel}:
 * an initial state through an {@code OdeBlock} to the states at the sample times, batch first).
 */
package io.github.neuralode.models.trajectory;
