package io.github.neuralode.experiments.bench;

import ai.djl.Device;

import io.github.neuralode.engine.EngineThreads;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the peak memory of one RK4 forward+backward workload of {@code bench-adjoint} in a
 * fresh child JVM, so that memory freed by earlier workloads (and kept by the allocator) does not
 * hide this one's peak. The child warms up twice on a 200-step solve of a single sample (tiny
 * tensors, so little freed memory is left to reuse), then reports {@link
 * PeakMemory#peakGrowthMib} of one full pass on a line {@code PEAK_MIB <value>}. The child's Java
 * heap is fixed and pre-touched (512 MiB) and only the C1 compiler runs (timings are not taken
 * here), so the growth is native memory of tensors and autograd graphs, not the garbage-collected
 * heap filling up or the optimising compiler's arenas.
 */
public final class MemoryProbe {

    private static final String MARKER = "PEAK_MIB ";
    private static final int WARMUP_STEPS = 200;

    private MemoryProbe() {}

    /**
     * Child entry point.
     *
     * @param args sensitivity name ({@link Sensitivity#named}), RK4 step count, seed
     */
    public static void main(String[] args) {
        Sensitivity sensitivity = Sensitivity.named(args[0]);
        int steps = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        EngineThreads.set(1);
        // on the CPU whatever the parent's --device: the probe measures the growth of the
        // process's resident set, a CPU notion that a GPU's memory is no part of
        Device cpu = Device.cpu();
        try (AdjointWorkload warmup = rk4(WARMUP_STEPS, 1, seed, cpu);
                AdjointWorkload workload = rk4(steps, 64, seed, cpu)) {
            warmup.forwardBackward(sensitivity);
            warmup.forwardBackward(sensitivity);
            double peak = PeakMemory.peakGrowthMib(() -> workload.forwardBackward(sensitivity));
            System.out.println(MARKER + peak);
        }
    }

    /**
     * Builds the RK4 workload: {@code steps} steps on [0, 1], loss on the final state.
     *
     * @param steps the number of steps
     * @param batch the batch size (64 in the benchmark)
     * @param seed the seed of weights and initial states
     * @param device the device of the workload
     * @return the workload
     */
    static AdjointWorkload rk4(int steps, int batch, long seed, Device device) {
        OdeSolver solver =
                OdeSolver.builder()
                        .optMethod(Tableaus.RK4)
                        .optStepSizeController(ConstantStepSize.ofSteps(0, 1, steps))
                        .build();
        return new AdjointWorkload(batch, solver, SaveAt.finalState(0, 1), seed, device);
    }

    /**
     * Runs the probe in a child JVM with this JVM's class path.
     *
     * @param sensitivity one of {@link Sensitivity#standard()} (the child finds it by name)
     * @param steps the RK4 step count
     * @param seed the seed
     * @return the peak growth in MiB, or {@code NaN} if the child failed
     */
    static double measureInChild(Sensitivity sensitivity, int steps, long seed) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(
                                List.of(
                                        java,
                                        "-Xms512m",
                                        "-Xmx512m",
                                        "-XX:+AlwaysPreTouch",
                                        "-XX:TieredStopAtLevel=1",
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        MemoryProbe.class.getName(),
                                        sensitivity.name(),
                                        Integer.toString(steps),
                                        Long.toString(seed)))
                        .redirectErrorStream(true);
        try {
            Process process = builder.start();
            double peak = Double.NaN;
            try (BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith(MARKER)) {
                        peak = Double.parseDouble(line.substring(MARKER.length()).trim());
                    }
                }
            }
            return process.waitFor() == 0 ? peak : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
