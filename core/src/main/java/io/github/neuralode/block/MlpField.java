package io.github.neuralode.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.github.neuralode.ode.BlockVectorField;
import io.github.neuralode.ode.TimeInput;
import io.github.neuralode.ode.VectorField;

import java.util.ArrayList;
import java.util.List;

/**
 * The vector field an {@link Mlp} prepares for one solve: per evaluation one {@code linear} per
 * layer and one activation per hidden layer, on weights read (and rearranged) once.
 *
 * <p>Two rearrangements, both exact up to rounding:
 *
 * <ul>
 *   <li>Tanh hidden layers are evaluated through sigmoids: with {@code s_i = sigmoid(2 a_i)} every
 *       hidden output is {@code tanh(a_i) = 2 s_i - 1}, so the first layer's weights and bias are
 *       doubled, a later hidden layer {@code (W, b)} becomes {@code (4W, 2b - 2 W 1)} and the
 *       output layer {@code (2W, b - W 1)}. (libtorch's CPU tanh runs through MKL's vector math,
 *       three to four times slower than its own sigmoid kernel on AMD CPUs.)
 *   <li>A widening layer ({@code in < out}, typically the first) gets its {@code (out, in)} weight
 *       as a transposed view of a row-major {@code (in, out)} copy. {@code linear}'s backward pass
 *       then forms the weight gradient as {@code x^T g} instead of {@code (g^T x)^T}, which MKL
 *       computes about twice as fast for a narrow input {@code x} (measured 87 vs 160 us for a
 *       3-to-50 layer on a batch of 512 in float32).
 * </ul>
 *
 * <p>Weight shapes are DJL's {@code (out, in)}; the prepared arrays belong to the solve's owner.
 */
final class MlpField implements VectorField {

    private final NDArray[] weights;
    private final NDArray[] biases;
    private final HiddenActivation activation;
    private final HiddenActivation outputActivation;
    private final TimeInput timeInput;

    private MlpField(
            List<NDArray> weights,
            List<NDArray> biases,
            HiddenActivation activation,
            HiddenActivation outputActivation,
            TimeInput timeInput) {
        this.weights = weights.toArray(new NDArray[0]);
        this.biases = biases.toArray(new NDArray[0]);
        this.activation = activation;
        this.outputActivation = outputActivation;
        this.timeInput = timeInput;
    }

    /**
     * Prepares the field of an MLP's layers.
     *
     * @param weights the layers' weights {@code (out, in)}, in order
     * @param biases the layers' biases {@code (out)}
     * @param activation the hidden activation
     * @param outputActivation the activation after the output layer, or {@code null}
     * @param owner owns the rearranged arrays
     * @param timeInput whether time is appended to the input
     * @return a field computing the MLP's function
     */
    static MlpField prepare(
            List<NDArray> weights,
            List<NDArray> biases,
            HiddenActivation activation,
            HiddenActivation outputActivation,
            NDManager owner,
            TimeInput timeInput) {
        List<NDArray> w = new ArrayList<>(weights);
        List<NDArray> b = new ArrayList<>(biases);
        HiddenActivation evaluated = activation;
        if (activation == HiddenActivation.TANH && weights.size() > 1) {
            tanhAsSigmoid(w, b, owner);
            evaluated = HiddenActivation.SIGMOID;
        }
        for (int i = 0; i < w.size(); i++) {
            Shape shape = w.get(i).getShape();
            if (shape.get(1) < shape.get(0)) {
                w.set(i, rowMajorTransposed(w.get(i), owner));
            }
        }
        return new MlpField(w, b, evaluated, outputActivation, timeInput);
    }

    /** Replaces the layers of a tanh MLP, in place, by those of the equivalent sigmoid MLP. */
    private static void tanhAsSigmoid(List<NDArray> w, List<NDArray> b, NDManager owner) {
        DataType dataType = w.get(0).getDataType();
        NDArray two = owner.create(2.0).toType(dataType, false);
        NDArray four = owner.create(4.0).toType(dataType, false);
        int last = w.size() - 1;
        for (int i = 0; i <= last; i++) {
            NDArray weight = w.get(i);
            NDArray bias = b.get(i);
            if (i == 0) {
                w.set(i, owned(weight.mul(two), owner));
                b.set(i, owned(bias.mul(two), owner));
                continue;
            }
            NDArray shifted = owned(bias.sub(owned(weight.sum(new int[] {1}), owner)), owner);
            w.set(i, owned(weight.mul(i < last ? four : two), owner));
            b.set(i, i < last ? owned(shifted.mul(two), owner) : shifted);
        }
    }

    /** The same {@code (out, in)} matrix, as a transposed view of a row-major {@code (in, out)} copy. */
    private static NDArray rowMajorTransposed(NDArray weight, NDManager owner) {
        Shape shape = weight.getShape();
        NDArray copy = owned(weight.transpose().flatten(), owner);
        NDArray rows = owned(copy.reshape(shape.get(1), shape.get(0)), owner);
        return owned(rows.transpose(), owner);
    }

    private static NDArray owned(NDArray array, NDManager owner) {
        array.attach(owner);
        return array;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDArray t, NDArray y) {
        NDArray z = timeInput == TimeInput.APPEND ? BlockVectorField.withTime(t, y) : y;
        int last = weights.length - 1;
        for (int i = 0; i <= last; i++) {
            z = z.getNDArrayInternal().linear(z, weights[i], biases[i]).singletonOrThrow();
            if (i < last) {
                z = activation.apply(z);
            }
        }
        return outputActivation == null ? z : outputActivation.apply(z);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isTimeDependent() {
        return timeInput == TimeInput.APPEND;
    }
}
