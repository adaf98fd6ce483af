/**
 * The MNIST classifiers of the ANODE report and paper and their training: {@link
 * io.github.neuralode.models.anode.AnodeModels} builds the report's Table 1 rows ({@link
 * io.github.neuralode.models.anode.ReportVariant}), the paper's convolutional NODE and ANODE and an
 * MLP ANODE; {@link io.github.neuralode.models.anode.ClassifierFit} trains any such classifier
 * with {@code FitLoop}, reporting test accuracy and the function evaluations per batch that {@link
 * io.github.neuralode.models.anode.SolveMeter} counts.
 */
package io.github.neuralode.models.anode;
