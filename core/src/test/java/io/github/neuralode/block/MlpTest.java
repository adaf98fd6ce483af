package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.ode.VectorFieldBlock;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link Mlp} block against hand-written formulas, and its prepared vector field (parameters
 * read once; tanh evaluated through sigmoids on rearranged weights) against the block's own
 * forward pass: values and gradients in float64.
 */
class MlpTest {

    @ParameterizedTest
    @EnumSource(HiddenActivation.class)
    void forwardMatchesTheFormula(HiddenActivation activation) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = initialized(manager, activation, 3, 4);
            NDArray x = manager.randomNormal(new Shape(5, 3)).toType(DataType.FLOAT64, false);
            NDArray actual = forward(mlp, manager, x);
            List<NDArray> p = parameters(mlp);
            NDArray hidden = activation.apply(x.matMul(p.get(0).transpose()).add(p.get(1)));
            NDArray expected = hidden.matMul(p.get(2).transpose()).add(p.get(3));
            assertEquals(new Shape(5, 3), actual.getShape());
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-14);
        }
    }

    /**
     * PyTorch's {@code nn.Linear} default: every weight and bias of a layer uniform in {@code
     * +-1/sqrt(fan_in)}; a uniform law on {@code [-b, b]} has standard deviation {@code b /
     * sqrt(3)}, checked on the 4,000-5,000 entries of each weight matrix to 5 %.
     */
    @Test
    void torchLinearInitDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp =
                    Mlp.builder().setOutputs(10).optHidden(500).optTorchLinearInit().build();
            mlp.initialize(manager, DataType.FLOAT64, new Shape(1, 9));
            double[] fanIns = {9, 500};
            List<Parameter> parameters = new ArrayList<>(mlp.getParameters().values());
            for (int layer = 0; layer < 2; layer++) {
                double bound = 1 / Math.sqrt(fanIns[layer]);
                for (Parameter parameter : parameters.subList(2 * layer, 2 * layer + 2)) {
                    double[] values = parameter.getArray().toDoubleArray();
                    double sumOfSquares = 0;
                    for (double v : values) {
                        assertTrue(Math.abs(v) <= bound, parameter.getName() + " " + v + " beyond " + bound);
                        sumOfSquares += v * v;
                    }
                    double deviation = Math.sqrt(sumOfSquares / values.length);
                    assertTrue(deviation > 0.5 * bound / Math.sqrt(3), parameter.getName() + " is not spread: " + deviation);
                    if (values.length > 1000) {
                        assertEquals(bound / Math.sqrt(3), deviation, 0.05 * bound / Math.sqrt(3), parameter.getName());
                    }
                }
            }
        }
    }

    @Test
    void tanhFormulaIsTheTanhFunction() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {-30, -1, 0, 0.5, 3});
            double[] expected = new double[5];
            for (int i = 0; i < 5; i++) {
                expected[i] = Math.tanh(x.toDoubleArray()[i]);
            }
            assertArrayEquals(expected, HiddenActivation.TANH.apply(x).toDoubleArray(), 1e-15);
        }
    }

    @Test
    void outputActivationIsAppliedAfterTheLastLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = Mlp.builder().setOutputs(2).optOutputActivation(HiddenActivation.TANH).build();
            mlp.initialize(manager, DataType.FLOAT64, new Shape(1, 2));
            mlp.getParameters().get("01linear_weight").getArray().set(new double[] {1, 2, -3, 4});
            mlp.getParameters().get("01linear_bias").getArray().set(new double[] {0.5, -0.25});
            NDArray x = manager.create(new double[][] {{0.3, -0.2}});
            ParameterStore store = new ParameterStore(manager, false);
            double[] out = mlp.forward(store, new NDList(x), false).singletonOrThrow().toDoubleArray();
            double[] prepared = VectorFieldBlock.fieldOf(mlp, store, x, false, TimeInput.NONE)
                    .evaluate(manager.create(0.0), x).toDoubleArray();
            double[] expected = {
                Math.tanh(0.3 * 1 - 0.2 * 2 + 0.5), Math.tanh(0.3 * -3 - 0.2 * 4 - 0.25)
            };
            assertArrayEquals(expected, out, 1e-15);
            assertArrayEquals(expected, prepared, 1e-15);
        }
    }

    @ParameterizedTest
    @EnumSource(TimeInput.class)
    void preparedTanhFieldMatchesTheBlockInValueAndGradient(TimeInput timeInput) {
        for (HiddenActivation activation : HiddenActivation.values()) {
            compareFields(activation, timeInput, 2, 16, 16);
        }
        compareFields(HiddenActivation.TANH, timeInput);
        compareFields(HiddenActivation.TANH, timeInput, 8);
        compareFields(HiddenActivation.TANH, HiddenActivation.TANH, timeInput, 10, 10);
        compareFields(HiddenActivation.GELU, HiddenActivation.TANH, timeInput);
    }

    /**
     * Evaluates both fields at the same point, back-propagates the same weighted sum, and compares
     * the values and the gradients of every parameter and of the state.
     */
    private static void compareFields(
            HiddenActivation activation, TimeInput timeInput, int... hidden) {
        compareFields(activation, null, timeInput, hidden);
    }

    private static void compareFields(
            HiddenActivation activation,
            HiddenActivation outputActivation,
            TimeInput timeInput,
            int... hidden) {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager()) {
            int n = 3;
            Mlp mlp = Mlp.builder().setOutputs(n).optHidden(hidden).optActivation(activation)
                    .optOutputActivation(outputActivation).build();
            int inputs = timeInput == TimeInput.APPEND ? n + 1 : n;
            mlp.initialize(manager, DataType.FLOAT64, new Shape(4, inputs));
            randomizeBiases(mlp, manager);
            NDArray y = manager.randomNormal(new Shape(4, n)).toType(DataType.FLOAT64, false);
            NDArray t = manager.create(0.7);
            NDArray weights = manager.randomNormal(new Shape(4, n)).toType(DataType.FLOAT64, false);
            ParameterStore store = new ParameterStore(manager, false);
            Evaluation block =
                    evaluate(
                            point -> new BlockVectorField(mlp, store, true, timeInput),
                            mlp,
                            y,
                            t,
                            weights);
            Evaluation prepared =
                    evaluate(
                            point -> VectorFieldBlock.fieldOf(mlp, store, point, true, timeInput),
                            mlp,
                            y,
                            t,
                            weights);
            String label = activation + " " + timeInput + " hidden " + hidden.length
                    + " output " + outputActivation;
            assertArrayEquals(block.value, prepared.value, 1e-13, label + " value");
            assertArrayEquals(block.stateGradient, prepared.stateGradient, 1e-12, label + " dy");
            for (int i = 0; i < block.parameterGradients.size(); i++) {
                assertArrayEquals(
                        block.parameterGradients.get(i),
                        prepared.parameterGradients.get(i),
                        1e-12,
                        label + " parameter " + i);
            }
        }
    }

    private record Evaluation(
            double[] value, double[] stateGradient, List<double[]> parameterGradients) {}

    /** Prepares the field while recording (as an OdeBlock's forward pass does) and evaluates it. */
    private static Evaluation evaluate(
            Function<NDArray, VectorField> fieldAt, Mlp mlp, NDArray y, NDArray t, NDArray weights) {
        List<NDArray> parameters = parameters(mlp);
        for (NDArray parameter : parameters) {
            Autograd.zeroGradient(parameter);
        }
        NDArray point = y.duplicate();
        point.setRequiresGradient(true);
        double[] value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray f = fieldAt.apply(point).evaluate(t, point);
            value = f.toDoubleArray();
            collector.backward(f.mul(weights).sum());
        }
        List<double[]> gradients = new ArrayList<>();
        for (NDArray parameter : parameters) {
            gradients.add(parameter.getGradient().toDoubleArray());
        }
        return new Evaluation(value, point.getGradient().toDoubleArray(), gradients);
    }

    @Test
    void preparedFieldAgreesInFloat32ToSingleRounding() {
        Engine.getInstance().setRandomSeed(13);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = Mlp.tanh(3, 50, 50);
            mlp.initialize(manager, DataType.FLOAT32, new Shape(512, 3));
            NDArray y = manager.randomUniform(-3f, 3f, new Shape(512, 3));
            ParameterStore store = new ParameterStore(manager, false);
            float[] viaForward =
                    new BlockVectorField(mlp, store, false, TimeInput.NONE).evaluate(null, y).toFloatArray();
            float[] prepared =
                    VectorFieldBlock.fieldOf(mlp, store, y, false, TimeInput.NONE)
                            .evaluate(null, y)
                            .toFloatArray();
            double worst = 0;
            for (int i = 0; i < prepared.length; i++) {
                worst = Math.max(worst, Math.abs(prepared[i] - viaForward[i]));
            }
            assertTrue(worst < 2e-6, "float32 prepared field differs by " + worst);
        }
    }

    @Test
    void odeBlockWithMlpSolvesLikeTheBlockField() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = Mlp.tanh(2, 50, 50);
            OdeSolver solver =
                    OdeSolver.builder().optStepSizeController(PidController.of(1e-8, 1e-10)).build();
            OdeBlock block =
                    OdeBlock.builder().setVectorField(mlp).optSolver(solver).optTimes(0, 0.5, 1).build();
            block.initialize(manager, DataType.FLOAT64, new Shape(8, 2));
            NDArray y0 = manager.randomUniform(0.5f, 2f, new Shape(8, 2), DataType.FLOAT64);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray viaBlock = block.forward(store, new NDList(y0), false).singletonOrThrow();
            long blockEvaluations = block.getLastSolution().stats().functionEvaluations();
            OdeSolution viaForward =
                    solver.solve(
                            new BlockVectorField(mlp, store, false, TimeInput.NONE),
                            y0,
                            SaveAt.finalState(0, 1));
            assertEquals(viaForward.stats().functionEvaluations(), blockEvaluations);
            assertArrayEquals(
                    viaForward.finalState().toDoubleArray(), viaBlock.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void preparedArraysBelongToTheSolveNotToTheModel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = initialized(manager, HiddenActivation.TANH, 2, 8, 8);
            ParameterStore store = new ParameterStore(manager, false);
            NDManager parameterOwner = parameters(mlp).get(0).getManager();
            int before = parameterOwner.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager solve = manager.newSubManager()) {
                    NDArray y0 = solve.zeros(new Shape(4, 2), DataType.FLOAT64);
                    VectorFieldBlock.fieldOf(mlp, store, y0, true, TimeInput.NONE)
                            .evaluate(null, y0);
                }
            }
            assertEquals(before, parameterOwner.getManagedArrays().size());
        }
    }

    @Test
    void parametersSurviveSaveAndLoad() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = initialized(manager, HiddenActivation.SOFTPLUS, 3, 6);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            mlp.saveParameters(new DataOutputStream(bytes));
            Mlp restored =
                    Mlp.builder().setOutputs(3).optHidden(6).optActivation(HiddenActivation.SOFTPLUS).build();
            restored.initialize(manager, DataType.FLOAT64, new Shape(5, 3));
            restored.loadParameters(
                    manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray x = manager.randomNormal(new Shape(5, 3)).toType(DataType.FLOAT64, false);
            assertArrayEquals(
                    forward(mlp, manager, x).toDoubleArray(),
                    forward(restored, manager, x).toDoubleArray(),
                    0.0);
        }
    }

    @Test
    void glorotUniformWeightsAndZeroBiases() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Mlp mlp = Mlp.tanh(2, 200);
            mlp.initialize(manager, DataType.FLOAT64, new Shape(5, 2));
            List<NDArray> p = parameters(mlp);
            double bound = Math.sqrt(6.0 / (2 + 200));
            double largest = p.get(0).abs().max().getDouble();
            assertTrue(largest <= bound && largest > 0.9 * bound, "largest weight " + largest);
            assertEquals(0.0, p.get(1).abs().sum().getDouble(), 0.0);
        }
    }

    @Test
    void badConfigurationNamesTheArgument() {
        IllegalArgumentException outputs =
                assertThrows(IllegalArgumentException.class, () -> Mlp.builder().optHidden(4).build());
        assertTrue(outputs.getMessage().contains("setOutputs"), outputs.getMessage());
        IllegalArgumentException hidden =
                assertThrows(IllegalArgumentException.class, () -> Mlp.tanh(2, 16, 0));
        assertTrue(hidden.getMessage().contains("hidden widths"), hidden.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder().optActivation(null));
    }

    private static Mlp initialized(NDManager manager, HiddenActivation activation, int n, int... hidden) {
        Mlp mlp = Mlp.builder().setOutputs(n).optHidden(hidden).optActivation(activation).build();
        mlp.initialize(manager, DataType.FLOAT64, new Shape(5, n));
        randomizeBiases(mlp, manager);
        return mlp;
    }

    /** Glorot initialisation leaves biases at zero; the rearranged biases need a real test. */
    private static void randomizeBiases(Mlp mlp, NDManager manager) {
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            if (pair.getValue().getType() == Parameter.Type.BIAS) {
                NDArray bias = pair.getValue().getArray();
                bias.subi(bias).addi(manager.randomNormal(bias.getShape()).toType(DataType.FLOAT64, false));
            }
        }
    }

    private static List<NDArray> parameters(Mlp mlp) {
        List<NDArray> arrays = new ArrayList<>();
        for (Pair<String, Parameter> pair : mlp.getParameters()) {
            arrays.add(pair.getValue().getArray());
        }
        return arrays;
    }

    private static NDArray forward(Mlp mlp, NDManager manager, NDArray x) {
        return mlp.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
    }
}
