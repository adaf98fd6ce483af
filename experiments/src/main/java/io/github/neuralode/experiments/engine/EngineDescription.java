package io.github.neuralode.experiments.engine;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;

import io.github.neuralode.engine.EngineThreads;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What the process runs on: the deep-learning engine and its version, DJL's version, the native
 * flavour ({@code cpu}, {@code cu128}, ...) and where the natives were loaded from, the GPUs the
 * engine sees, the intra-op thread count and DJL's cache folder. Logged at the start of every
 * command and printed by {@code doctor}.
 *
 * @param engine the engine's name
 * @param version the engine's version
 * @param djlVersion DJL's version
 * @param flavour the native flavour
 * @param libraryPath the folder the native library was loaded from
 * @param gpus the number of GPUs the engine sees
 * @param threads the intra-op thread count
 * @param cacheDir DJL's cache folder
 */
public record EngineDescription(
        String engine,
        String version,
        String djlVersion,
        String flavour,
        String libraryPath,
        int gpus,
        int threads,
        Path cacheDir) {

    /**
     * Describes the running engine (initialising it if needed).
     *
     * @return the description
     */
    public static EngineDescription current() {
        Engine engine = Engine.getInstance();
        String path = LibUtils.getLibtorchPath();
        return new EngineDescription(
                engine.getEngineName(),
                engine.getVersion(),
                Engine.getDjlVersion(),
                flavour(path, engine.hasCapability(StandardCapabilities.CUDA)),
                path,
                engine.getGpuCount(),
                EngineThreads.get(),
                Utils.getCacheDir());
    }

    /**
     * Reads the flavour from the name of DJL's native folder ({@code 2.7.1-20250812-cpu-linux-x86_64}
     * or {@code 2.7.1-cu128-linux-x86_64}: the part before the operating system); a library from
     * elsewhere ({@code PYTORCH_LIBRARY_PATH}) is {@code cuda} or {@code cpu} by the engine's
     * capability.
     *
     * @param libraryPath the folder the natives came from
     * @param cuda whether the engine was built with CUDA
     * @return the flavour
     */
    static String flavour(String libraryPath, boolean cuda) {
        if (libraryPath != null) {
            String[] parts = Path.of(libraryPath).getFileName().toString().split("-");
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].equals("linux") || parts[i].equals("osx") || parts[i].equals("win")) {
                    return parts[i - 1];
                }
            }
        }
        return cuda ? "cuda" : "cpu";
    }

    /**
     * Returns a one-line summary for logs.
     *
     * @return for example {@code PyTorch 2.7.1 (cpu natives), DJL 0.35.1, 0 GPU(s), 1 thread(s)}
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s %s (%s natives), DJL %s, %d GPU(s), %d intra-op thread(s)",
                engine,
                version,
                flavour,
                djlVersion,
                gpus,
                threads);
    }
}
