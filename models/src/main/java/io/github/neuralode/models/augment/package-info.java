/**
 * Augmented neural ODEs (Dupont, Doucet and Teh, 2019): {@link
 * io.github.neuralode.models.augment.ZeroPadding} appends zero dimensions or channels before an
 * {@code OdeBlock}, {@link io.github.neuralode.models.augment.Truncation} keeps the original ones
 * after it, and {@link io.github.neuralode.models.augment.Augmentation} assembles both (or a
 * learned input layer) around an ODE block as one DJL {@code SequentialBlock}.
 */
package io.github.neuralode.models.augment;
