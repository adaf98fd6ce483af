/**
 * Gradients of ODE solutions: {@link io.github.neuralode.sensitivity.Sensitivity} picks autograd
 * through the solver ({@code DIRECT}), the exact checkpointed adjoint ({@link
 * io.github.neuralode.sensitivity.CheckpointAdjointSolve}) or the continuous backsolve adjoint ({@link
 * io.github.neuralode.sensitivity.BacksolveAdjoint}); {@link
 * io.github.neuralode.sensitivity.OdeBackward} runs the adjoints inside DJL models and {@link
 * io.github.neuralode.sensitivity.GradientCheck} compares all of them with finite differences.
 *
 * <p>Training a model with an adjoint-mode ODE block:
 *
 * <pre>{@code
 * OdeBlock ode = OdeBlock.builder()
 *         .setVectorField(Mlp.tanh(4, 64, 64))
 *         .optSensitivity(Sensitivity.CHECKPOINT_ADJOINT)   // memory: one state per step
 *         .build();
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
