/**
 * STEER temporal regularisation (Ghosh et al., 2020): {@link
 * io.github.neuralode.models.steer.Steer} integrates an {@code OdeBlock} to a randomly drawn end
 * time in training passes and to the configured one in evaluation.
 */
package io.github.neuralode.models.steer;
