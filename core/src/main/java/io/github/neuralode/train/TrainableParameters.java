package io.github.neuralode.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Counts the trainable values of a model, as the experiments report them. */
public final class TrainableParameters {

    private TrainableParameters() {}

    /**
     * Counts a model's trainable parameters.
     *
     * @param model an initialised block
     * @return the number of scalars in its parameters that require gradients
     */
    public static long count(Block model) {
        long count = 0;
        for (Pair<String, Parameter> pair : model.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                count += pair.getValue().getArray().size();
            }
        }
        return count;
    }
}
