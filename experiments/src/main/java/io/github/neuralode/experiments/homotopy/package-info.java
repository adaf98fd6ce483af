/**
 * The homotopy-training experiments (Ko, Koh, Park and Jhe, NeurIPS 2023): {@code homotopy-lv},
 * {@code homotopy-lorenz} and {@code homotopy-pendulum} compare homotopy training with vanilla
 * training and multiple shooting over seeds ({@code HomotopyCommand}), with the authors' settings
 * ({@code HomotopyRecipe}), figures ({@code HomotopyPlots}) and statistics over seeds.
 */
package io.github.neuralode.experiments.homotopy;
