/**
 * The stiff neural ODE commands: {@code stiff-rober} and {@code stiff-pollu} (the paper's scaled
 * models against their baselines, {@link io.github.neuralode.experiments.stiff.StiffRecipe} holds
 * the authors' settings) and {@code stiff-gradients} (the backsolve adjoint's gradient error on
 * ROBER).
 */
package io.github.neuralode.experiments.stiff;
