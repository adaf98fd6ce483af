/**
 * Building blocks of batched Rosenbrock (linearly implicit) methods for stiff problems, on
 * flattened states {@code (batch, n)} in float32 or float64.
 *
 * <ul>
 *   <li>{@link io.github.neuralode.solver.stiff.RosenbrockTableau}: a method as checked data;
 *       {@link io.github.neuralode.solver.stiff.RosenbrockTableaus}: Rosenbrock23 and Rodas5P.
 *   <li>{@link io.github.neuralode.solver.stiff.JacobianMethod}: every sample's {@code df/dy}
 *       {@code (batch, n, n)} and {@code df/dt} {@code (batch, n)} by autograd, forward
 *       differences or an analytic function.
 *   <li>{@link io.github.neuralode.solver.stiff.LinearSolver}: {@code W = I - gamma h J} factored
 *       once per attempt and applied to every stage.
 *   <li>{@link io.github.neuralode.solver.stiff.RosenbrockAttempt}: one step given the
 *       linearization, returning {@link io.github.neuralode.solver.stiff.RosenbrockStep} (the new
 *       state, the error estimate off the tape, the stages and a
 *       {@link io.github.neuralode.solver.stiff.RosenbrockInterpolant}).
 * </ul>
 *
 * <p>A step is: {@code J, f_t} from a {@code JacobianMethod} at {@code (t, y)};
 * {@code LinearSolver.factor(J, gamma, h, constants)}; {@code f(t, y)} (or the previous step's
 * {@code fEnd} for FSAL methods); {@code RosenbrockAttempt.step(...)}. After a rejected step the
 * Jacobian at {@code (t, y)} is still valid and only {@code W} is refactored for the new h.
 */
package io.github.neuralode.solver.stiff;
