/**
 * Checks of the library's gradients on whole blocks: {@link
 * io.github.neuralode.check.GradientCheck} compares the gradients of an {@code OdeBlock} under
 * DIRECT with those of other sensitivities and with central finite differences, and reports them
 * in a {@link io.github.neuralode.check.GradientReport}. The package sits above {@code block} and
 * {@code sensitivity}, which do not depend on it.
 */
package io.github.neuralode.check;
