package io.github.neuralode.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.file.Path;

/**
 * PyTorch's operator profiler, for finding where a solve spends its time: between {@link
 * #start()} and {@link #stop(Path)} every native operator (forward and autograd backward) is
 * timed, and the trace is written in Chrome trace format ({@code chrome://tracing}). One profile
 * at a time per process.
 */
public final class OpProfiler {

    private OpProfiler() {}

    /** Starts recording operator timings (CPU only, no shapes, no memory). */
    public static void start() {
        Engine.getEngine("PyTorch");
        JniUtils.startProfile(false, false, false);
    }

    /**
     * Stops recording and writes the trace.
     *
     * @param traceFile the JSON file to write
     */
    public static void stop(Path traceFile) {
        JniUtils.stopProfile(traceFile.toAbsolutePath().toString());
    }
}
