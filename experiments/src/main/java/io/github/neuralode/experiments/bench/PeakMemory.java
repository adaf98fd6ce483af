package io.github.neuralode.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak growth of the process's resident memory (native tensors included) while an action runs,
 * in MiB, from Linux's {@code /proc/self/status}: the peak counter {@code VmHWM} is reset to the
 * current resident size through {@code /proc/self/clear_refs} before the action, so {@code VmHWM
 * - VmRSS(before)} is the action's peak. Memory freed by earlier actions but kept by the
 * allocator is reused first, so measure small actions before large ones; on systems without these
 * files the result is {@code NaN}.
 */
public final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakMemory() {}

    /**
     * Runs {@code action} and returns its peak resident-memory growth.
     *
     * @param action the work to measure
     * @return MiB above the resident size before the action, or {@code NaN} if unavailable
     */
    public static double peakGrowthMib(Runnable action) {
        System.gc();
        double before = kib("VmRSS:");
        boolean reset = resetPeak();
        action.run();
        double peak = kib("VmHWM:");
        if (!reset || Double.isNaN(before) || Double.isNaN(peak)) {
            return Double.NaN;
        }
        return Math.max(0, peak - before) / 1024.0;
    }

    private static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static double kib(String field) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
