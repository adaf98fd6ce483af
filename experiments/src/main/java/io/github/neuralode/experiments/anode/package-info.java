/**
 * The augmented-neural-ODE experiments: {@code mnist-report} (the ANODE report's Table 1 over
 * seeds), {@code mnist-anode} (full MNIST with the paper's conv models and an MLP ANODE), {@code
 * spheres} and {@code sines} (where a plain neural ODE fails and an augmented one succeeds).
 */
package io.github.neuralode.experiments.anode;
