package io.github.neuralode.engine;

import ai.djl.engine.EngineException;
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
     * Back-propagates {@code cotangent} from {@code output} if {@code output} is on the tape (a
     * leaf that requires a gradient, or the result of recorded operations); does nothing for a
     * plain array. DJL's {@code hasGradient()} reports only leaves on the PyTorch engine, and
     * asking a plain array for its gradient function crashes the native library, so the engine's
     * own refusal is what tells the two apart.
     *
     * @param output any array
     * @param cotangent an array of the same shape as {@code output}
     * @param retainGraph keep the graph for another backward call
     * @return {@code true} if a backward pass ran
     */
    public static boolean backwardIfOnTape(NDArray output, NDArray cotangent, boolean retainGraph) {
        if (output.hasGradient()) {
            backward(output, cotangent, retainGraph);
            return true;
        }
        try {
            backward(output, cotangent, retainGraph);
            return true;
        } catch (EngineException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("does not require grad")) {
                return false;
            }
            throw e;
        }
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
     * Sets the gradient accumulated on an array that requires one to zero, in place and off the
     * tape; does nothing for an array without a gradient.
     *
     * @param array a parameter or any other leaf that requires a gradient
     */
    public static void zeroGradient(NDArray array) {
        if (!array.hasGradient()) {
            return;
        }
        // grad().zero_() in place: DJL's set(index, 0) on the gradient would leave one scalar
        // array behind in the array's manager per call, one per parameter and training step.
        JniUtils.zeroGrad((PtNDArray) array);
    }

    /**
     * Returns whether a backward pass has written a gradient into an array: it requires a
     * gradient and its gradient tensor is defined (DJL's {@code getGradient()} would instead make
     * an undefined one up as zeros).
     *
     * @param array any array
     * @return {@code true} once a backward pass reached it
     */
    public static boolean hasBackwardGradient(NDArray array) {
        if (array.isReleased() || !array.hasGradient()) {
            return false;
        }
        PtNDArray gradient = JniUtils.getGradient((PtNDArray) array);
        if (gradient == null) {
            return false;
        }
        gradient.close();
        return true;
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
