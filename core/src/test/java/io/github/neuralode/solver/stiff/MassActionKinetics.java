package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.step.ConstantArrays;

/**
 * A batched mass-action reaction system {@code f(y) = S r(y)} with rates {@code r_k = k_k
 * y_(p_k)} or {@code k_k y_(p_k) y_(q_k)} and stoichiometry {@code S} (species x reactions), with
 * its analytic Jacobian {@code J = S dr/dy}, {@code dr_k/dy_p = k_k y_q} and {@code dr_k/dy_q =
 * k_k y_p}. Species are selected by one-hot matrix products, so every operation takes NDArray
 * constants (none of them Java numbers) and the field and Jacobian can be differentiated.
 */
final class MassActionKinetics {

    private final NDArray rates;
    private final NDArray selectFirst;
    private final NDArray selectSecond;
    private final NDArray unimolecular;
    private final NDArray firstRows;
    private final NDArray secondRows;
    private final NDArray stoichiometryT;

    /**
     * Builds the system.
     *
     * @param manager owns the constants
     * @param dataType float32 or float64
     * @param species the number of species n
     * @param rateConstants {@code k}, one per reaction
     * @param reactants per reaction one or two species indices (0-based)
     * @param stoichiometry {@code S}, n rows of one entry per reaction
     */
    MassActionKinetics(
            NDManager manager,
            DataType dataType,
            int species,
            double[] rateConstants,
            int[][] reactants,
            double[][] stoichiometry) {
        int reactions = rateConstants.length;
        double[] first = new double[species * reactions];
        double[] second = new double[species * reactions];
        double[] single = new double[reactions];
        double[] transposed = new double[reactions * species];
        for (int k = 0; k < reactions; k++) {
            first[reactants[k][0] * reactions + k] = 1.0;
            if (reactants[k].length == 2) {
                second[reactants[k][1] * reactions + k] = 1.0;
            } else {
                single[k] = 1.0;
            }
            for (int i = 0; i < species; i++) {
                transposed[k * species + i] = stoichiometry[i][k];
            }
        }
        Shape selection = new Shape(species, reactions);
        Shape perReaction = new Shape(reactions);
        this.rates = ConstantArrays.create(manager, rateConstants, perReaction, dataType);
        this.selectFirst = ConstantArrays.create(manager, first, selection, dataType);
        this.selectSecond = ConstantArrays.create(manager, second, selection, dataType);
        this.unimolecular = ConstantArrays.create(manager, single, perReaction, dataType);
        this.firstRows = selectFirst.transpose();
        this.secondRows = selectSecond.transpose();
        this.stoichiometryT = ConstantArrays.create(
                manager, transposed, new Shape(reactions, species), dataType);
    }

    /**
     * Returns the autonomous field.
     *
     * @return {@code y -> S r(y)} on {@code (batch, n)}
     */
    VectorField field() {
        return VectorField.autonomous(
                y -> y.matMul(selectFirst)
                        .mul(y.matMul(selectSecond).add(unimolecular))
                        .mul(rates)
                        .matMul(stoichiometryT));
    }

    /**
     * Returns the analytic Jacobian.
     *
     * @return {@code (t, y) -> S dr/dy}, shape {@code (batch, n, n)}
     */
    JacobianFunction jacobian() {
        return (t, y) -> {
            NDArray first = y.matMul(selectFirst);
            NDArray second = y.matMul(selectSecond).add(unimolecular);
            NDArray derivatives = second.mul(rates).expandDims(2).mul(firstRows)
                    .add(first.mul(rates).expandDims(2).mul(secondRows));
            return derivatives.transpose(0, 2, 1).matMul(stoichiometryT).transpose(0, 2, 1);
        };
    }
}
