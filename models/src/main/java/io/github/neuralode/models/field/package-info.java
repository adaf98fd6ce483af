/**
 * Vector-field blocks for {@code OdeBlock}: {@link io.github.neuralode.models.field.ConvField},
 * the ANODE paper's convolutional field on image states with a time channel, and {@link
 * io.github.neuralode.models.field.SecondOrderField}, which turns an acceleration network into the
 * first-order system of a second-order ODE, and {@link
 * io.github.neuralode.models.field.HybridField}, a known diagonal linear part plus a network (the
 * gray-box models of homotopy training).
 */
package io.github.neuralode.models.field;
