package io.github.neuralode;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import io.github.neuralode.block.Mlp;
import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Autograd gradients of a scalar loss of an MLP vector field against central finite differences,
 * in float64. Used by the gradient tests of every sensitivity.
 */
public final class GradientChecks {

    private GradientChecks() {}

    /**
     * Builds the 2-50-50-2 tanh MLP of the benchmarks in float64, initialised for batch {@code
     * batch}.
     *
     * @param manager owns the parameters
     * @param batch the batch size
     * @return the initialised block
     */
    public static Block mlp(NDManager manager, int batch) {
        Block block = Mlp.tanh(2, 50, 50);
        Engine.getInstance().setRandomSeed(1234);
        block.initialize(manager, DataType.FLOAT64, new Shape(batch, 2));
        return block;
    }

    /**
     * Two float64 initial states of the 2-dimensional MLP field, shape {@code (2, 2)}.
     *
     * @param manager owns the array
     * @return {@code [[0.5, 1], [1.5, -0.5]]}
     */
    public static NDArray twoStates(NDManager manager) {
        return manager.create(new double[][] {{0.5, 1.0}, {1.5, -0.5}});
    }

    /**
     * Classic RK4 with constant steps.
     *
     * @param t1 the end of the time span, which starts at 0
     * @param steps the number of steps
     * @return the solver
     */
    public static OdeSolver rk4(double t1, int steps) {
        return OdeSolver.builder()
                .optMethod(Tableaus.RK4)
                .optStepSizeController(ConstantStepSize.ofSteps(0, t1, steps))
                .build();
    }

    /**
     * Returns the vector field of a block.
     *
     * @param block the network
     * @param manager owns the parameter store
     * @return the field
     */
    public static VectorField field(Block block, NDManager manager) {
        return new BlockVectorField(block, new ParameterStore(manager, false), true, TimeInput.NONE);
    }

    /**
     * Computes the autograd gradient of {@code loss(field, y0)} and central differences on a few
     * entries of every parameter and of {@code y0}; returns the relative error per tensor.
     *
     * @param block the vector-field network
     * @param y0 the initial state
     * @param loss computes a scalar loss (recording or not, as the caller's mode is)
     * @param entries how many entries of each tensor to difference
     * @param step the relative finite-difference step (1e-6 for fixed steps; adaptive solves need
     *     a larger one, since a perturbation can change the accepted step sizes and the loss then
     *     moves by about the tolerance)
     * @return relative error (norm of difference over norm of finite differences) per tensor name
     */
    public static Map<String, Double> relativeErrors(
            Block block,
            NDArray y0,
            BiFunction<VectorField, NDArray, NDArray> loss,
            int entries,
            double step) {
        NDManager manager = y0.getManager();
        Map<String, Double> errors = new LinkedHashMap<>();
        NDArray x0 = y0.duplicate();
        x0.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.apply(field(block, manager), x0));
        }
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray array = pair.getValue().getArray();
            errors.put(pair.getKey(), compare(array, array.getGradient(), () -> loss.apply(field(block, manager), y0), entries, step));
        }
        errors.put("y0", compare(y0, x0.getGradient(), () -> loss.apply(field(block, manager), y0), entries, step));
        return errors;
    }

    private static double compare(
            NDArray target,
            NDArray gradient,
            java.util.function.Supplier<NDArray> loss,
            int entries,
            double step) {
        double[] analytic = gradient.toDoubleArray();
        long size = target.size();
        double difference = 0;
        double norm = 0;
        for (int e = 0; e < entries; e++) {
            long flat = (size * (2L * e + 1)) / (2L * entries);
            double fd = centralDifference(target, flat, loss, step);
            difference += Math.pow(analytic[(int) flat] - fd, 2);
            norm += fd * fd;
        }
        return Math.sqrt(difference / Math.max(norm, 1e-300));
    }

    private static double centralDifference(
            NDArray target, long flat, java.util.function.Supplier<NDArray> loss, double step) {
        NDIndex index = indexOf(target.getShape(), flat);
        double original = target.getDouble(longIndex(target.getShape(), flat));
        double eps = step * Math.max(1.0, Math.abs(original));
        target.set(index, original + eps);
        double plus = loss.get().getDouble();
        target.set(index, original - eps);
        double minus = loss.get().getDouble();
        target.set(index, original);
        return (plus - minus) / (2 * eps);
    }

    private static long[] longIndex(Shape shape, long flat) {
        long[] index = new long[shape.dimension()];
        long rest = flat;
        for (int d = shape.dimension() - 1; d >= 0; d--) {
            index[d] = rest % shape.get(d);
            rest /= shape.get(d);
        }
        return index;
    }

    private static NDIndex indexOf(Shape shape, long flat) {
        NDIndex index = new NDIndex();
        for (long i : longIndex(shape, flat)) {
            index.addIndices(i);
        }
        return index;
    }
}
