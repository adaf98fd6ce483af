package io.github.neuralode.solver;

import ai.djl.ndarray.NDArray;

import io.github.neuralode.solver.step.StepperState;

import java.util.List;

/**
 * One solver attempt as an adjoint needs it to re-run the step: per step group (one group in
 * {@link StepMode#SHARED}, one per sample in {@link StepMode#PER_SAMPLE}) the time at the start of
 * the step and the signed step size that was accepted, 0 for groups that rejected their step or
 * were already done (re-running the step with {@code h = 0} leaves those samples unchanged).
 *
 * @param t the start time of every group
 * @param h the accepted signed step of every group, 0 where the group did not move
 * @param y the flattened state {@code (batch, n)} at the start of the step; valid only during the
 *     observer call
 * @param hits the output times that fell inside the step, with their fractions of it
 * @param startPart the method's {@code Stepper.replayPart} of the state the step started from, or
 *     {@code null} when {@code Stepper.init} at {@code y} recreates that state
 */
public record AcceptedStep(
        double[] t, double[] h, NDArray y, List<OutputHit> hits, StepperState startPart) {

    /** Copies the hits. */
    public AcceptedStep {
        hits = List.copyOf(hits);
    }
}
