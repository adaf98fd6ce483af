package io.github.neuralode.data.kinetics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.step.ConstantArrays;
import io.github.neuralode.solver.stiff.JacobianFunction;

import java.util.List;

/**
 * The autonomous vector field of a {@link ReactionNetwork} on batched states {@code (batch, n)},
 * float32 or float64, with its exact Jacobian.
 *
 * <p>With {@code P} and {@code Q} the one-hot matrices {@code (n, R)} of each reaction's first and
 * second reactant ({@code Q}'s column zero and a 1 added for a single reactant), the rates are
 * {@code r = (y P) * (y Q + u)} and the field is {@code f = r M} where {@code M = diag(k) N^T}
 * {@code (R, n)} folds the rate constants into the net stoichiometry {@code N} (species x
 * reactions): five operations per call. The Jacobian {@code df_i/dy_j = sum_k M_ki (P_jk (yQ +
 * u)_k + Q_jk (yP)_k)} is the transpose of one batched product {@code E M}, {@code E = P * (yQ +
 * u) + Q * (yP)} {@code (batch, n, R)}.
 *
 * <p>All constants are NDArrays on the manager given at construction (none are Java numbers), so
 * the field and its Jacobian record ordinary differentiable operations. Every operation takes a
 * state-derived array as its first operand, so results (and intermediates) belong to the state's
 * manager, as a solver's per-step scope expects, never to the field's.
 */
public final class MassActionField implements VectorField {

    private final int species;
    private final int reactionCount;
    private final NDArray firstReactant;
    private final NDArray secondReactant;
    private final NDArray unimolecular;
    private final NDArray production;

    MassActionField(ReactionNetwork network, NDManager manager, DataType dataType) {
        List<Reaction> reactions = network.reactions();
        int n = network.species();
        int count = reactions.size();
        double[] first = new double[n * count];
        double[] second = new double[n * count];
        double[] single = new double[count];
        double[] scaledNet = new double[count * n];
        for (int k = 0; k < count; k++) {
            Reaction reaction = reactions.get(k);
            int[] reactants = reaction.reactants();
            first[reactants[0] * count + k] = 1;
            if (reactants.length == 2) {
                second[reactants[1] * count + k] = 1;
            } else {
                single[k] = 1;
            }
            for (int i : reactants) {
                scaledNet[k * n + i] -= reaction.rateConstant();
            }
            for (int i : reaction.products()) {
                scaledNet[k * n + i] += reaction.rateConstant();
            }
        }
        this.species = n;
        this.reactionCount = count;
        Shape selection = new Shape(n, count);
        this.firstReactant = ConstantArrays.create(manager, first, selection, dataType);
        this.secondReactant = ConstantArrays.create(manager, second, selection, dataType);
        this.unimolecular = ConstantArrays.create(manager, single, new Shape(count), dataType);
        this.production = ConstantArrays.create(manager, scaledNet, new Shape(count, n), dataType);
    }

    /**
     * Evaluates {@code dy/dt}; the time is ignored.
     *
     * @param t the time, shape {@code ()} or {@code (batch, 1)} (unused)
     * @param y the concentrations {@code (batch, n)}, the data type given at construction
     * @return {@code (batch, n)}
     */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        return y.matMul(firstReactant).mul(secondFactor(y)).matMul(production);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return false;
    }

    /**
     * Returns the exact Jacobian, for {@code AnalyticJacobian.autonomous}.
     *
     * @return {@code (t, y) -> df/dy}, shape {@code (batch, n, n)}, row {@code i} for {@code f_i}
     */
    public JacobianFunction jacobian() {
        return (t, y) -> {
            NDArray rateByFirst = secondFactor(y).expandDims(1).mul(firstReactant);
            NDArray rateBySecond = y.matMul(firstReactant).expandDims(1).mul(secondReactant);
            return rateByFirst.add(rateBySecond).matMul(production).transpose(0, 2, 1);
        };
    }

    /** {@code y Q + u}: the second reactant's concentration, or 1 for a single reactant. */
    private NDArray secondFactor(NDArray y) {
        return y.matMul(secondReactant).add(unimolecular);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "mass-action field of " + species + " species and " + reactionCount + " reactions";
    }
}
