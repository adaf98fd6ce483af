package io.github.neuralode.models.augment;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import io.github.neuralode.block.OdeBlock;

/**
 * Assembles augmented neural ODEs from an {@link OdeBlock} whose field works on the augmented
 * state: {@code [augment, ode, truncate]} as one {@link SequentialBlock}, usable anywhere in a DJL
 * model and saved through {@code Model} with its children.
 *
 * <ul>
 *   <li>{@link #zeroPadding}: ANODE, {@code (batch, d) -> (batch, d + p) -> ode -> (batch, d)}
 *       (or channels for images);
 *   <li>{@link #inputLayer}: input-layer augmentation (IL-ANODE), a learned map from the input to
 *       the augmented state in place of the zeros.
 * </ul>
 */
public final class Augmentation {

    private Augmentation() {}

    /**
     * Zero-padding augmentation around an ODE block.
     *
     * @param extra the zero dimensions (or channels) {@code p} appended before the ODE
     * @param ode the ODE block, whose field maps {@code d + p} dimensions (or channels)
     * @param kept the leading dimensions (or channels) {@code d} returned after the ODE
     * @return {@code [ZeroPadding(p), ode, Truncation(d)]}
     */
    public static SequentialBlock zeroPadding(int extra, OdeBlock ode, int kept) {
        return new SequentialBlock().add(new ZeroPadding(extra)).add(ode).add(new Truncation(kept));
    }

    /**
     * Input-layer augmentation around an ODE block.
     *
     * @param inputLayer a learned map from the input to the augmented state {@code (batch, d + p)}
     * @param ode the ODE block on the augmented state
     * @param kept the leading dimensions {@code d} returned after the ODE
     * @return {@code [inputLayer, ode, Truncation(d)]}
     */
    public static SequentialBlock inputLayer(Block inputLayer, OdeBlock ode, int kept) {
        return new SequentialBlock().add(inputLayer).add(ode).add(new Truncation(kept));
    }
}
