package io.github.neuralode.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Intra-op thread count of the PyTorch engine (process-wide).
 *
 * <p>Small neural ODEs are bound by per-operation overhead: there one thread is fastest. Large
 * batches are bound by arithmetic and profit from more threads on an otherwise idle machine, but
 * PyTorch's OpenMP threads spin at every barrier: when another process occupies a core, two
 * threads on a two-core machine were measured 10 to 50 times slower than one. The command-line
 * runner therefore defaults to one thread ({@code --threads} or {@code
 * -Dai.djl.pytorch.num_threads} raise it).
 */
public final class EngineThreads {

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
}
