package io.github.neuralode.data.kinetics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/** The mass-action field's Jacobian against finite differences, float32, and input checks. */
class MassActionKineticsTest {

    @Test
    void jacobianEqualsCentralDifferencesOfTheFieldForRoberAndPollu() {
        for (ReactionNetwork network : List.of(Rober.NETWORK, Pollu.NETWORK)) {
            int n = network.species();
            Random random = new Random(7);
            double[][] states = new double[3][n];
            for (double[] state : states) {
                for (int i = 0; i < n; i++) {
                    state[i] = 0.01 + random.nextDouble();
                }
            }
            try (NDManager manager = NDManager.newBaseManager()) {
                MassActionField field = network.field(manager, DataType.FLOAT64);
                NDArray t = manager.create(0.0);
                double[] jacobian =
                        field.jacobian().evaluate(t, network.states(manager, states, DataType.FLOAT64)).toDoubleArray();
                double largest = 0;
                for (double entry : jacobian) {
                    largest = Math.max(largest, Math.abs(entry));
                }
                for (int b = 0; b < states.length; b++) {
                    for (int j = 0; j < n; j++) {
                        double step = 1e-6 * states[b][j];
                        double[] column = centralDifference(network, field, manager, states[b], j, step);
                        for (int i = 0; i < n; i++) {
                            assertEquals(
                                    column[i],
                                    jacobian[(b * n + i) * n + j],
                                    1e-7 * largest,
                                    field + ": sample " + b + ", df" + i + "/dy" + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void float32FieldAndJacobianAgreeWithFloat64() {
        double[][] state = {Pollu.initialState()};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (boolean jacobian : new boolean[] {false, true}) {
                double[] single = evaluate(manager, state, DataType.FLOAT32, jacobian);
                double[] twice = evaluate(manager, state, DataType.FLOAT64, jacobian);
                for (int i = 0; i < twice.length; i++) {
                    assertEquals(twice[i], single[i], 1e-6 * Math.max(1, Math.abs(twice[i])), "entry " + i);
                }
            }
        }
    }

    @Test
    void resultsBelongToTheStatesManagerNotTheFields() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MassActionField field = Pollu.NETWORK.field(manager, DataType.FLOAT64);
            int constants = manager.getManagedArrays().size();
            try (NDManager scope = manager.newSubManager()) {
                NDArray y = Pollu.NETWORK.states(scope, new double[][] {Pollu.initialState()}, DataType.FLOAT64);
                NDArray t = scope.create(0.0);
                assertEquals(scope, field.evaluate(t, y).getManager());
                assertEquals(scope, field.jacobian().evaluate(t, y).getManager());
            }
            assertEquals(constants, manager.getManagedArrays().size(), "nothing left with the field's constants");
        }
    }

    @Test
    void inconsistentReactionsAndStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Reaction(1, new int[] {0, 1, 2}, new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new Reaction(-1, new int[] {0}, new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new Reaction(1, new int[] {0}, new int[] {-1}));
        Reaction outside = new Reaction(1, new int[] {0}, new int[] {3});
        assertThrows(IllegalArgumentException.class, () -> new ReactionNetwork(3, List.of(outside)));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Rober.NETWORK.states(manager, new double[][] {{1, 0}}, DataType.FLOAT64));
        }
    }

    @Test
    void reactionArraysAreCopiedInAndOut() {
        int[] reactants = {0};
        Reaction reaction = new Reaction(1, reactants, new int[] {1});
        reactants[0] = 2;
        reaction.reactants()[0] = 2;
        assertArrayEquals(new int[] {0}, reaction.reactants());
        assertFalse(reaction.toString().isEmpty());
    }

    private static double[] evaluate(NDManager manager, double[][] state, DataType dataType, boolean jacobian) {
        MassActionField field = Pollu.NETWORK.field(manager, dataType);
        NDArray y = Pollu.NETWORK.states(manager, state, dataType);
        NDArray t = manager.create(0.0).toType(dataType, false);
        NDArray result = jacobian ? field.jacobian().evaluate(t, y) : field.evaluate(t, y);
        assertEquals(dataType, result.getDataType());
        return result.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** {@code (f(y + step e_j) - f(y - step e_j)) / (2 step)}, exact up to round-off for quadratic f. */
    private static double[] centralDifference(
            ReactionNetwork network, MassActionField field, NDManager manager, double[] state, int j, double step) {
        double[][] shifted = {state.clone(), state.clone()};
        shifted[0][j] += step;
        shifted[1][j] -= step;
        double[] both =
                field.evaluate(manager.create(0.0), network.states(manager, shifted, DataType.FLOAT64)).toDoubleArray();
        int n = state.length;
        double[] column = new double[n];
        for (int i = 0; i < n; i++) {
            column[i] = (both[i] - both[n + i]) / (2 * step);
        }
        return column;
    }
}
