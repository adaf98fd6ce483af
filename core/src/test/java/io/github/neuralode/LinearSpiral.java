package io.github.neuralode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import io.github.neuralode.block.OdeBlock;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import java.util.Random;

/**
 * The float32 training problem of the OdeBlock training tests: learn {@code y' = A y} with {@code A
 * = -0.1 I + 2 J} from pairs {@code (y(0), y(1))}, where {@code y(1) = e^-0.1 (cos 2 I + sin 2 J)
 * y(0)} for column vectors.
 */
public final class LinearSpiral {

    private static final double DECAY = -0.1;
    private static final double ROTATION = 2.0;

    private LinearSpiral() {}

    /**
     * An OdeBlock over a bias-free linear field, integrated over [0, 1] at rtol 1e-5, atol 1e-7.
     *
     * @param sensitivity how its gradients are computed
     * @return the network, inside a {@code SequentialBlock}
     */
    public static SequentialBlock network(Sensitivity sensitivity) {
        OdeBlock ode =
                OdeBlock.builder()
                        .setVectorField(Linear.builder().setUnits(2).optBias(false).build())
                        .optSolver(
                                OdeSolver.builder()
                                        .optStepSizeController(PidController.of(1e-5, 1e-7))
                                        .build())
                        .optTimes(0, 1)
                        .optSensitivity(sensitivity)
                        .build();
        return new SequentialBlock().add(ode);
    }

    /**
     * Initial states uniform in [-1, 1]^2.
     *
     * @param manager the owner
     * @param count the number of states
     * @param random the source of the values
     * @return {@code (count, 2)} float32
     */
    public static NDArray randomStates(NDManager manager, int count, Random random) {
        float[] values = new float[count * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * random.nextDouble() - 1);
        }
        return manager.create(values, new Shape(count, 2));
    }

    /**
     * The exact solution at t = 1 from row-vector states at t = 0 (the training labels).
     *
     * @param states {@code (count, 2)} float32
     * @return {@code (count, 2)} float32, owned by the states' manager
     */
    public static NDArray flow(NDArray states) {
        return states.matMul(flowTransposed(states.getManager()));
    }

    /**
     * Half the mean squared error of a network's predictions (DJL's L2 loss), evaluated without
     * training.
     *
     * @param network the trained network
     * @param inputs states at t = 0
     * @param labels states at t = 1
     * @return the loss as a float
     */
    public static float l2Loss(Block network, NDArray inputs, NDArray labels) {
        NDArray prediction =
                network.forward(new ParameterStore(inputs.getManager(), false), new NDList(inputs), false)
                        .singletonOrThrow();
        return prediction.sub(labels).square().mean().mul(0.5f).toType(DataType.FLOAT32, false).getFloat();
    }

    /** The transposed flow map {@code exp(A)^T}: {@code states.matMul(it)} maps t = 0 to t = 1. */
    private static NDArray flowTransposed(NDManager manager) {
        double scale = Math.exp(DECAY);
        double c = scale * Math.cos(ROTATION);
        double s = scale * Math.sin(ROTATION);
        return manager.create(new float[] {(float) c, (float) -s, (float) s, (float) c}, new Shape(2, 2));
    }

    /**
     * The training pairs as a shuffled dataset of batches of 16.
     *
     * @param inputs states at t = 0
     * @param labels states at t = 1
     * @return the dataset
     */
    public static ArrayDataset dataset(NDArray inputs, NDArray labels) {
        return new ArrayDataset.Builder().setData(inputs).optLabels(labels).setSampling(16, true).build();
    }

    /**
     * L2 loss and Adam at a fixed learning rate of 0.05.
     *
     * @return the training configuration
     */
    public static DefaultTrainingConfig trainingConfig() {
        return new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
    }
}
