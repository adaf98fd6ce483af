package io.github.neuralode.experiments.bench;

import java.util.Arrays;

/**
 * Median wall-clock time of a repeated action after warm-up, in milliseconds. The JVM needs far
 * more warm-up than Python (the solve loop runs interpreted, then C1-compiled, before C2 compiles
 * it), so warm-up lasts a minimum number of runs and a minimum time. Absolute times on shared
 * machines drift by 10-30 %: compare ratios measured in the same run.
 */
public final class Timing {

    private Timing() {}

    /**
     * Runs {@code action} untimed for at least {@code warmups} runs and at least {@code
     * warmupSeconds}, then {@code runs} times timed.
     *
     * @param warmups the minimum number of untimed runs (JIT, allocator and thread-pool warm-up)
     * @param warmupSeconds the minimum warm-up time in seconds
     * @param runs timed runs, at least 1
     * @param action the work to time
     * @return the median time in milliseconds
     */
    public static double medianMillis(int warmups, double warmupSeconds, int runs, Runnable action) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmups || System.nanoTime() < warmupEnd; i++) {
            action.run();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(millis);
    }

    /**
     * Returns the median of some values (the mean of the two middle ones for an even count).
     *
     * @param values at least one value; not modified
     * @return the median
     */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
