package io.github.neuralode.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Intra-op thread count of the PyTorch engine (process-wide).
 *
 * <p>Small neural ODEs are bound by per-operation overhead: there one thread is fastest, and two
 * threads competing with another process were measured 3-10x slower. Large batches are bound by
 * arithmetic and profit from every core. {@link #forWork(long)} encodes that rule of thumb.
 */
public final class EngineThreads {

    /** Elements per operation above which more than one thread pays off (measured on 2 cores). */
    public static final long PARALLEL_THRESHOLD = 16_384;

    private EngineThreads() {}

    /**
     * Sets the number of intra-op threads of the PyTorch engine.
     *
     * @param threads a positive thread count
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
    }

    /**
     * Returns the number of intra-op threads of the PyTorch engine.
     *
     * @return the thread count
     */
    public static int get() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * Returns a thread count suited to operations on about {@code elements} values: one thread
     * for small tensors, all available processors for large ones.
     *
     * @param elements the typical number of elements of one operation (e.g. batch x hidden width)
     * @return the suggested thread count
     */
    public static int forWork(long elements) {
        return elements < PARALLEL_THRESHOLD ? 1 : Runtime.getRuntime().availableProcessors();
    }
}
