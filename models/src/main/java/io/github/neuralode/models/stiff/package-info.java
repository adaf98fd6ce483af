/**
 * Stiff neural ODEs (Kim, Ji, Deng, Ma and Rackauckas, Chaos 31, 2021) as reusable pieces: {@link
 * io.github.neuralode.models.stiff.ScaledDynamics} (equation scaling, {@code dy/dt = NN(y) yScale
 * / tScale}, around any network), {@link io.github.neuralode.models.stiff.NormalizedMaeLoss} (the
 * mean absolute error of {@code y / yScale}) and {@link
 * io.github.neuralode.models.stiff.StiffFit} (one-trajectory training with per-species errors and
 * the stiff solver's statistics per epoch).
 */
package io.github.neuralode.models.stiff;
