package io.github.neuralode.engine;

import ai.djl.ndarray.NDManager;

/**
 * Collects garbage and allocates many short-lived Java-backed arrays, so that memory freed by the
 * collection is reused at once: a computation that kept a pointer into a closed Java buffer reads
 * other values afterwards.
 */
public final class GarbageChurn {

    private GarbageChurn() {}

    /**
     * Runs three rounds of collection and reuse.
     *
     * @param manager where the short-lived arrays are created (and closed)
     */
    public static void run(NDManager manager) {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int k = 0; k < 2000; k++) {
                manager.create(new double[] {99, 99, 99}).close();
                manager.create(99.0).close();
            }
        }
    }
}
