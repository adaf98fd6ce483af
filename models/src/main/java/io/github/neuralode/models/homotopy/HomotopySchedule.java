package io.github.neuralode.models.homotopy;

/**
 * The coupling strength {@code lambda} of homotopy (synchronization) training over the epochs
 * (Ko, Koh, Park and Jhe, NeurIPS 2023): training starts with the model strongly coupled to the
 * data path ({@code lambda = 1}) and lowers the coupling in {@code s} steps to exactly 0.
 *
 * <p>Step {@code i} ({@code i = 0 ... s-1}) lowers {@code lambda} by {@code kappa^i / sum_j
 * kappa^j}, so the {@code s + 1} levels run from 1 down to 0; {@code kappa < 1} takes large steps
 * first, {@code kappa > 1} small steps first, {@code kappa = 1} equal steps. The last level is set
 * to exactly {@code 0.0}, free of rounding. Each level is held for {@code epochsPerLevel} epochs,
 * so the schedule lasts {@code (s + 1) * epochsPerLevel} epochs, the last block of them
 * uncoupled. Example: {@code s = 5, kappa = 0.6} gives 1, 0.566, 0.306, 0.150, 0.056, 0.
 * Immutable.
 */
public final class HomotopySchedule {

    private final double[] levels;
    private final int epochsPerLevel;
    private final int totalEpochs;

    /**
     * Builds the schedule.
     *
     * @param steps the number {@code s >= 1} of decrements
     * @param kappa the finite positive ratio between consecutive decrements
     * @param epochsPerLevel the number {@code >= 1} of epochs each level is held
     * @throws IllegalArgumentException naming the argument out of range, or if the total number
     *     of epochs overflows an {@code int}
     */
    public HomotopySchedule(int steps, double kappa, int epochsPerLevel) {
        if (steps < 1) {
            throw new IllegalArgumentException(
                    "steps must be >= 1 (the number of decrements of lambda), got " + steps);
        }
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException(
                    "kappa must be positive and finite (e.g. 0.6), got " + kappa);
        }
        if (epochsPerLevel < 1) {
            throw new IllegalArgumentException(
                    "epochsPerLevel must be >= 1, got " + epochsPerLevel);
        }
        long total = (steps + 1L) * epochsPerLevel;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "(steps + 1) * epochsPerLevel = "
                            + total
                            + " overflows an int: lower steps or epochsPerLevel");
        }
        this.epochsPerLevel = epochsPerLevel;
        this.totalEpochs = (int) total;
        this.levels = new double[steps + 1];
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += Math.pow(kappa, i);
        }
        levels[0] = 1.0;
        double done = 0;
        for (int i = 0; i < steps - 1; i++) {
            done += Math.pow(kappa, i);
            levels[i + 1] = 1.0 - done / sum;
        }
        levels[steps] = 0.0;
    }

    /**
     * Returns the coupling strength at an epoch.
     *
     * @param epoch the 0-based epoch index; epochs from {@link #totalEpochs()} on are past the
     *     schedule and get {@code 0} (training on uncoupled)
     * @return {@code lambda} in {@code [0, 1]}: {@code levels()[epoch / epochsPerLevel]}
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public double lambdaAt(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is 0-based and must be >= 0, got " + epoch);
        }
        return epoch >= totalEpochs ? 0.0 : levels[epoch / epochsPerLevel];
    }

    /**
     * Returns the coupling levels.
     *
     * @return a copy of the {@code s + 1} levels, from exactly 1 down to exactly 0
     */
    public double[] levels() {
        return levels.clone();
    }

    /**
     * Returns the length of the schedule.
     *
     * @return {@code (s + 1) * epochsPerLevel}
     */
    public int totalEpochs() {
        return totalEpochs;
    }

    /**
     * Returns how long each level is held.
     *
     * @return the number of epochs per level
     */
    public int epochsPerLevel() {
        return epochsPerLevel;
    }
}
