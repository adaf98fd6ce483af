/**
 * Small synthetic datasets for neural ODE experiments, drawn in Java and turned into DJL datasets.
 *
 * <ul>
 *   <li>{@link io.github.neuralode.data.toy.NestedSpheres}: the Augmented Neural ODEs paper's
 *       ball-inside-a-shell classification set (concentric circles in 2-D), seeded.
 *   <li>{@link io.github.neuralode.data.toy.SineSeries}: the regression series {@code y = sin(x) +
 *       x} on an even grid.
 *   <li>{@link io.github.neuralode.data.toy.LabelledPoints}: the arrays both return, with {@code
 *       toDataset(manager, batchSize)}.
 * </ul>
 */
package io.github.neuralode.data.toy;
