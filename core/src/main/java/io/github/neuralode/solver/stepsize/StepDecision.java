package io.github.neuralode.solver.stepsize;

/**
 * The controller's verdict on one attempted step, per step group.
 *
 * @param accept whether each group's step is accepted
 * @param nextStep the magnitude of each group's next step (before clipping to the end time)
 * @param state the controller state for the next step
 */
public record StepDecision(boolean[] accept, double[] nextStep, ControllerState state) {}
