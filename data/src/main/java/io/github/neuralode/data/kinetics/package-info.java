/**
 * Chemical kinetics as batched vector fields with analytic Jacobians, for stiff solvers and stiff
 * neural ODEs.
 *
 * <ul>
 *   <li>{@link io.github.neuralode.data.kinetics.Reaction}: one mass-action reaction (rate
 *       constant, one or two reactants, products).
 *   <li>{@link io.github.neuralode.data.kinetics.ReactionNetwork}: species and reactions as plain
 *       data; {@code field(manager, dataType)} turns it into a
 *       {@link io.github.neuralode.data.kinetics.MassActionField}, whose {@code jacobian()} is the
 *       exact {@code df/dy}.
 *   <li>{@link io.github.neuralode.data.kinetics.Rober} and
 *       {@link io.github.neuralode.data.kinetics.Pollu}: the Test Set for IVP Solvers' ROBER and
 *       POLLU problems with their initial states and the perturbed batches of the stiff benchmark.
 * </ul>
 *
 * <p>States are {@code (batch, species)} in float32 or float64, species numbered from 0 in the
 * code (from 1 in the literature's tables).
 */
package io.github.neuralode.data.kinetics;
