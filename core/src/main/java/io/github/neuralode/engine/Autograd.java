package io.github.neuralode.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that speaks to the PyTorch engine directly: grad-mode switching and
 * vector-Jacobian products with an explicit cotangent, which DJL's engine-neutral API lacks.
 *
 * <p>Grad mode is per thread (PyTorch semantics). Everything else in the library uses the DJL
 * {@link NDArray} API only.
 */
public final class Autograd {

    private Autograd() {}

    /**
     * Returns whether operations on this thread are currently recorded for backward.
     *
     * @return {@code true} if grad mode is on
     */
    public static boolean isRecording() {
        return JniUtils.isGradMode();
    }

    /**
     * Switches recording off on this thread until the returned scope is closed; nests correctly.
     *
     * @return a scope that restores the previous grad mode on close
     */
    public static GradModeScope pause() {
        return setRecording(false);
    }

    /**
     * Switches recording on on this thread until the returned scope is closed; nests correctly.
     *
     * @return a scope that restores the previous grad mode on close
     */
    public static GradModeScope record() {
        return setRecording(true);
    }

    private static GradModeScope setRecording(boolean on) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(on);
        return new GradModeScope(previous);
    }

    /**
     * Returns whether gradients can flow back from {@code array}: it is a leaf that requires a
     * gradient, or it was computed on the tape (it has a gradient function). DJL's {@code
     * hasGradient()} reports only the former on the PyTorch engine.
     *
     * @param array any array
     * @return {@code true} if a backward pass from {@code array} reaches some leaf
     */
    public static boolean isOnTape(NDArray array) {
        if (array.hasGradient()) {
            return true;
        }
        String names = JniUtils.getGradientFunctionNames((PtNDArray) array);
        return names != null && !names.isBlank();
    }

    /**
     * Back-propagates {@code cotangent} through the graph that produced {@code output}, adding
     * {@code cotangent^T d(output)/d(leaf)} into the gradient of every leaf that requires one.
     *
     * @param output an array computed with recording on
     * @param cotangent an array of the same shape as {@code output}
     * @param retainGraph keep the graph for another backward call
     */
    public static void backward(NDArray output, NDArray cotangent, boolean retainGraph) {
        if (!output.getShape().equals(cotangent.getShape())) {
            throw new IllegalArgumentException(
                    "cotangent shape "
                            + cotangent.getShape()
                            + " must equal the output shape "
                            + output.getShape());
        }
        JniUtils.backward((PtNDArray) output, (PtNDArray) cotangent, retainGraph, false);
    }

    /**
     * A grad-mode scope: closing it restores the grad mode that was active when it was opened.
     */
    public static final class GradModeScope implements AutoCloseable {

        private final boolean previous;

        private GradModeScope(boolean previous) {
            this.previous = previous;
        }

        /** Restores the previous grad mode. */
        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
