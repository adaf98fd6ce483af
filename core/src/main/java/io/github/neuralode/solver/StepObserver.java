package io.github.neuralode.solver;

/**
 * Receives every attempt of the solve loop in which at least one step group accepted its step:
 * the hook through which adjoint sensitivities keep the accepted {@code (t, h, y)} of a forward
 * solve without recording it.
 *
 * <p>Called on the solving thread, after the controller's decision and before the state is
 * merged. The observer must not keep {@link AcceptedStep#y()}: the loop closes it later; copy it
 * (for example with {@code duplicate()} attached to the observer's own manager).
 */
@FunctionalInterface
public interface StepObserver {

    /**
     * Reports one attempt with at least one accepted group.
     *
     * @param step the clocks and the start state of the attempt
     */
    void onAcceptedStep(AcceptedStep step);
}
