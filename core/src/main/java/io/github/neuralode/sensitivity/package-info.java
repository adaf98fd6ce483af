/**
 * Gradients of ODE solutions as strategies: a {@link io.github.neuralode.sensitivity.Sensitivity}
 * builds the vector field it needs and solves, returning a {@link
 * io.github.neuralode.sensitivity.SensitivitySolve} whose {@code connect} hands the outputs to the
 * caller's autograd graph. The strategies are {@link io.github.neuralode.sensitivity.Direct}
 * (autograd through the solver, {@code Sensitivity.DIRECT}, the default), {@link
 * io.github.neuralode.sensitivity.CheckpointAdjoint} (the exact checkpointed adjoint, {@code
 * Sensitivity.CHECKPOINT_ADJOINT}; one solve of it is a {@link
 * io.github.neuralode.sensitivity.CheckpointAdjointSolve}) and {@link
 * io.github.neuralode.sensitivity.BacksolveAdjoint} (the continuous backsolve adjoint, {@code
 * Sensitivity.BACKSOLVE_ADJOINT} or configured through its builder); {@code
 * Sensitivity.standard()} lists the three. The adjoints connect their outputs as leaves with a
 * pending backward pass, which {@link io.github.neuralode.sensitivity.OdeBackward} runs inside
 * DJL models. Parameters that a strategy must name itself come from the vector field ({@code
 * VectorField.parameters}).
 *
 * <p>Training a model with an adjoint-mode ODE block:
 *
 * <pre>{@code
 * OdeBlock ode = OdeBlock.builder()
 *         .setVectorField(Mlp.tanh(4, 64, 64))
 *         .optSensitivity(Sensitivity.CHECKPOINT_ADJOINT)   // memory: one state per step
 *         .build();
 * // or .optSensitivity(BacksolveAdjoint.builder().optNorm(AdjointNorm.SEMINORM).build())
 * model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(4).build())
 *         .add(ode).add(Linear.builder().setUnits(10).build()));
 * try (Trainer trainer = model.newTrainer(config)) {
 *     trainer.initialize(new Shape(32, 784));
 *     AdjointTrain.fit(trainer, epochs, trainSet, validationSet);   // instead of EasyTrain.fit
 * }
 * // or by hand: OdeBackward.backward(collector, loss) instead of collector.backward(loss)
 * }</pre>
 */
package io.github.neuralode.sensitivity;
