package io.github.neuralode.data.kinetics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.solver.step.ConstantArrays;

import java.util.List;

/**
 * A mass-action reaction network as plain data: the number of species and the reactions, with
 * {@code dy_i/dt = sum_k (products_k(i) - reactants_k(i)) r_k(y)}. Immutable; {@link #field} turns
 * it into a batched vector field on a manager.
 */
public final class ReactionNetwork {

    private final int species;
    private final List<Reaction> reactions;

    /**
     * Creates the network.
     *
     * @param species the number of species n, at least 1
     * @param reactions the reactions, at least one, naming species {@code 0 .. n-1}
     * @throws IllegalArgumentException if a reaction names a species outside the network
     */
    public ReactionNetwork(int species, List<Reaction> reactions) {
        if (species < 1 || reactions.isEmpty()) {
            throw new IllegalArgumentException(
                    "a network needs at least one species and one reaction, got " + species
                            + " species and " + reactions.size() + " reactions");
        }
        for (Reaction reaction : reactions) {
            if (reaction.largestSpecies() >= species) {
                throw new IllegalArgumentException(
                        "reaction " + reaction + " names a species outside 0.." + (species - 1));
            }
        }
        this.species = species;
        this.reactions = List.copyOf(reactions);
    }

    /**
     * Returns the number of species.
     *
     * @return n, the width of a state
     */
    public int species() {
        return species;
    }

    /**
     * Returns the reactions.
     *
     * @return the reactions in their order (reaction {@code k} has rate {@code r_k})
     */
    public List<Reaction> reactions() {
        return reactions;
    }

    /**
     * Builds the network's vector field with its constants on a manager.
     *
     * @param manager owns the field's constant arrays; it must outlive every solve (and backward
     *     pass) that uses the field
     * @param dataType float32 or float64, the type of the states it will receive
     * @return the field on states {@code (batch, n)}
     */
    public MassActionField field(NDManager manager, DataType dataType) {
        return new MassActionField(this, manager, dataType);
    }

    /**
     * Stacks states of this network into one batch.
     *
     * @param manager the owner of the result
     * @param states one row of n concentrations per sample, at least one row
     * @param dataType float32 or float64
     * @return {@code (rows, n)}
     * @throws IllegalArgumentException if a row does not have n entries
     */
    public NDArray states(NDManager manager, double[][] states, DataType dataType) {
        double[] values = new double[states.length * species];
        for (int b = 0; b < states.length; b++) {
            if (states[b].length != species) {
                throw new IllegalArgumentException(
                        "state " + b + " has " + states[b].length + " entries, the network "
                                + species + " species");
            }
            System.arraycopy(states[b], 0, values, b * species, species);
        }
        return ConstantArrays.create(manager, values, new Shape(states.length, species), dataType);
    }
}
