package io.github.neuralode.train;

/** Whether a metric improves by going down (losses) or up (accuracies). */
public enum Goal {
    /** Smaller is better. */
    MINIMIZE,
    /** Larger is better. */
    MAXIMIZE;

    /**
     * Returns whether {@code candidate} beats {@code reference} by more than {@code minDelta}.
     *
     * @param candidate the new value
     * @param reference the best value so far (NaN: none yet)
     * @param minDelta the smallest change that counts, {@code >= 0}
     * @return {@code true} if the candidate is an improvement
     */
    public boolean improves(double candidate, double reference, double minDelta) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(reference)) {
            return true;
        }
        return this == MINIMIZE
                ? candidate < reference - minDelta
                : candidate > reference + minDelta;
    }
}
