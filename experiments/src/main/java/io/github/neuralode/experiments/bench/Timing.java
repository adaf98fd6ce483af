package io.github.neuralode.experiments.bench;

import java.util.Arrays;

/**
 * Median wall-clock time of a repeated action after warm-up runs, in milliseconds. Absolute
 * times on shared machines drift by 10-30 %: compare ratios measured in the same run.
 */
public final class Timing {

    private Timing() {}

    /**
     * Runs {@code action} {@code warmups} times untimed, then {@code runs} times timed.
     *
     * @param warmups untimed runs (JIT, allocator and thread-pool warm-up)
     * @param runs timed runs, at least 1
     * @param action the work to time
     * @return the median time in milliseconds
     */
    public static double medianMillis(int warmups, int runs, Runnable action) {
        for (int i = 0; i < warmups; i++) {
            action.run();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return runs % 2 == 1
                ? millis[runs / 2]
                : 0.5 * (millis[runs / 2 - 1] + millis[runs / 2]);
    }
}
