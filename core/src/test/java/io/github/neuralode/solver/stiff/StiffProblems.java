package io.github.neuralode.solver.stiff;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.step.ConstantArrays;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stiff test problems as batched vector fields {@code (batch, n)} with analytic Jacobians, in
 * float64 or float32. Equations of ROBER and POLLU as in {@code
 * shared/data/reference/README.md} (Test Set for IVP Solvers, Mazzia et al.).
 *
 * <ul>
 *   <li>{@link #rober}: Robertson's kinetics, 3 species, {@code y(0) = (1, 0, 0)}.
 *   <li>{@link #pollu}: Verwer's air pollution model, 20 species, 25 reactions, on [0, 60].
 *   <li>{@link #protheroRobinson}: {@code y' = L (y - sin t) + cos t}, solution {@code sin t}
 *       from {@code y(0) = 0}; time dependent.
 *   <li>{@link #vanDerPol}: {@code y1' = y2, y2' = mu (1 - y1^2) y2 - y1}, stiff for large mu.
 * </ul>
 */
final class StiffProblems {

    /** ROBER's initial state. */
    static final double[] ROBER_INITIAL = {1.0, 0.0, 0.0};

    /** POLLU's initial state (all zero except y2, y4, y7, y8, y9, y17). */
    static final double[] POLLU_INITIAL = {
        0, 0.2, 0, 0.04, 0, 0, 0.1, 0.3, 0.01, 0, 0, 0, 0, 0, 0, 0, 0.007, 0, 0, 0
    };

    private static final double[] POLLU_RATES = {
        0.35, 26.6, 1.23e4, 8.6e-4, 8.2e-4, 1.5e4, 1.3e-4, 2.4e4, 1.65e4, 9.0e3, 2.2e-2, 1.2e4,
        1.88, 1.63e4, 4.8e6, 3.5e-4, 1.75e-2, 1.0e8, 4.44e11, 1.24e3, 2.1, 5.78, 4.74e-2, 1.78e3,
        3.12
    };

    /** The species of r_1 .. r_25, as in the README's rate table. */
    private static final String[] POLLU_REACTANTS = {
        "y1", "y2 y4", "y5 y2", "y7", "y7", "y7 y6", "y9", "y9 y6", "y11 y2", "y11 y1", "y13",
        "y10 y2", "y14", "y1 y6", "y3", "y4", "y4", "y16", "y16", "y17 y6", "y19", "y19", "y1 y4",
        "y19 y1", "y20"
    };

    /** f_1 .. f_20, copied from the README. */
    private static final String[] POLLU_RIGHT_HAND_SIDES = {
        "-r1-r10-r14-r23-r24+r2+r3+r9+r11+r12+r22+r25",
        "-r2-r3-r9-r12+r1+r21",
        "-r15+r1+r17+r19+r22",
        "-r2-r16-r17-r23+r15",
        "-r3+2r4+r6+r7+r13+r20",
        "-r6-r8-r14-r20+r3+2r18",
        "-r4-r5-r6+r13",
        "r4+r5+r6+r7",
        "-r7-r8",
        "-r12+r7+r9",
        "-r9-r10+r8+r11",
        "r9",
        "-r11+r10",
        "-r13+r12",
        "r14",
        "-r18-r19+r16",
        "-r20",
        "r20",
        "-r21-r22-r24+r23+r25",
        "-r25+r24"
    };

    private static final Pattern TERM = Pattern.compile("([+-]?)(\\d*)r(\\d+)");

    private StiffProblems() {}

    /** A field with its analytic Jacobian method. */
    record Problem(VectorField field, AnalyticJacobian jacobian) {}

    /**
     * ROBER: {@code y1' = -k1 y1 + k3 y2 y3}, {@code y2' = k1 y1 - k2 y2^2 - k3 y2 y3}, {@code
     * y3' = k2 y2^2} with {@code k = (0.04, 3e7, 1e4)}.
     *
     * @param manager owns the constants
     * @param dataType float32 or float64
     * @return the problem
     */
    static Problem rober(NDManager manager, DataType dataType) {
        MassActionKinetics kinetics = new MassActionKinetics(
                manager,
                dataType,
                3,
                new double[] {0.04, 3e7, 1e4},
                new int[][] {{0}, {1, 1}, {1, 2}},
                new double[][] {{-1, 0, 1}, {1, -1, -1}, {0, 1, 0}});
        return new Problem(kinetics.field(), AnalyticJacobian.autonomous(kinetics.jacobian()));
    }

    /**
     * POLLU, the 20-species air pollution model.
     *
     * @param manager owns the constants
     * @param dataType float32 or float64
     * @return the problem
     */
    static Problem pollu(NDManager manager, DataType dataType) {
        int species = 20;
        int reactions = POLLU_RATES.length;
        int[][] reactants = new int[reactions][];
        for (int k = 0; k < reactions; k++) {
            String[] names = POLLU_REACTANTS[k].split(" ");
            reactants[k] = new int[names.length];
            for (int j = 0; j < names.length; j++) {
                reactants[k][j] = Integer.parseInt(names[j].substring(1)) - 1;
            }
        }
        double[][] stoichiometry = new double[species][reactions];
        for (int i = 0; i < species; i++) {
            Matcher term = TERM.matcher(POLLU_RIGHT_HAND_SIDES[i]);
            while (term.find()) {
                double sign = "-".equals(term.group(1)) ? -1.0 : 1.0;
                double count = term.group(2).isEmpty() ? 1.0 : Double.parseDouble(term.group(2));
                stoichiometry[i][Integer.parseInt(term.group(3)) - 1] += sign * count;
            }
        }
        MassActionKinetics kinetics = new MassActionKinetics(
                manager, dataType, species, POLLU_RATES, reactants, stoichiometry);
        return new Problem(kinetics.field(), AnalyticJacobian.autonomous(kinetics.jacobian()));
    }

    /**
     * Prothero-Robinson: {@code y' = L (y - sin t) + cos t}, {@code J = L}, {@code df/dt = -L cos
     * t - sin t}; {@code y = sin t} from {@code y(0) = 0}.
     *
     * @param manager owns the constants
     * @param dataType float32 or float64
     * @param stiffness L, negative
     * @return the problem on states {@code (batch, 1)}
     */
    static Problem protheroRobinson(NDManager manager, DataType dataType, double stiffness) {
        NDArray lambda = scalar(manager, stiffness, dataType);
        VectorField field = (t, y) -> y.sub(t.sin()).mul(lambda).add(t.cos());
        JacobianFunction jacobian = (t, y) -> y.zerosLike().add(lambda).expandDims(2);
        VectorField timeDerivative =
                (t, y) -> y.zerosLike().sub(t.cos().mul(lambda)).sub(t.sin());
        return new Problem(field, AnalyticJacobian.of(jacobian, timeDerivative));
    }

    /**
     * Van der Pol: {@code y1' = y2}, {@code y2' = mu (1 - y1^2) y2 - y1}, {@code J = [[0, 1],
     * [-2 mu y1 y2 - 1, mu (1 - y1^2)]]}.
     *
     * @param manager owns the constants
     * @param dataType float32 or float64
     * @param mu the stiffness parameter
     * @return the problem on states {@code (batch, 2)}
     */
    static Problem vanDerPol(NDManager manager, DataType dataType, double mu) {
        NDArray muArray = scalar(manager, mu, dataType);
        NDArray one = scalar(manager, 1.0, dataType);
        NDArray two = scalar(manager, 2.0, dataType);
        VectorField field = VectorField.autonomous(y -> {
            NDArray x = y.get(":, 0:1");
            NDArray v = y.get(":, 1:2");
            NDArray acceleration = x.square().neg().add(one).mul(v).mul(muArray).sub(x);
            return NDArrays.concat(new NDList(v, acceleration), 1);
        });
        JacobianFunction jacobian = (t, y) -> {
            NDArray x = y.get(":, 0:1");
            NDArray v = y.get(":, 1:2");
            NDArray zero = x.zerosLike();
            NDArray entries = NDArrays.concat(new NDList(
                    zero,
                    zero.add(one),
                    x.mul(v).mul(muArray).mul(two).neg().sub(one),
                    x.square().neg().add(one).mul(muArray)), 1);
            return entries.reshape(-1, 2, 2);
        };
        return new Problem(field, AnalyticJacobian.autonomous(jacobian));
    }

    /**
     * Creates a batch of identical initial states.
     *
     * @param manager the owner
     * @param state one state
     * @param batch the number of copies
     * @param dataType float32 or float64
     * @return {@code (batch, n)}
     */
    static NDArray batchOf(NDManager manager, double[] state, int batch, DataType dataType) {
        double[] values = new double[batch * state.length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(state, 0, values, b * state.length, state.length);
        }
        return ConstantArrays.create(
                manager, values, new Shape(batch, state.length), dataType);
    }

    private static NDArray scalar(NDManager manager, double value, DataType dataType) {
        return ConstantArrays.create(manager, new double[] {value}, new Shape(), dataType);
    }
}
