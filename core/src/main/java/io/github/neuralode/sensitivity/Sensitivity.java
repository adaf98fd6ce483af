package io.github.neuralode.sensitivity;

/**
 * How gradients of an ODE solution reach the initial state and the vector field's parameters.
 *
 * <table>
 *   <caption>Sensitivities</caption>
 *   <tr><th>value</th><th>gradient</th><th>memory</th></tr>
 *   <tr><td>DIRECT</td><td>exact gradient of the discrete solve (autograd through every
 *       operation)</td><td>grows with the number of steps (the whole graph is kept)</td></tr>
 * </table>
 */
public enum Sensitivity {
    /**
     * Autograd through every solver operation (discretise-then-optimise). Works with every method,
     * controller and step mode; step-size decisions are made off the tape, so the gradient is that
     * of the discrete solution for the accepted step sizes.
     */
    DIRECT
}
