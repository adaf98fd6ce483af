package io.github.neuralode.models.homotopy;

/**
 * How a {@link TrajectoryFit} trains a model field on one measured trajectory: homotopy
 * (synchronization) training, vanilla training, or multiple shooting. Each method fixes its epoch
 * count; all three are one full-trajectory gradient step per epoch through the solver.
 */
public sealed interface FitMethod {

    /**
     * Returns the method's key in metrics files and results ({@code homotopy}, {@code vanilla},
     * {@code multiple_shooting}).
     *
     * @return the key
     */
    String key();

    /**
     * Returns the number of epochs the method trains.
     *
     * @return at least 1
     */
    int epochs();

    /**
     * Homotopy training (Ko et al. 2023): the field coupled to the data's smoothing spline,
     * {@code U(u) - lambda k (u - uHat(t))}, with {@code lambda} lowered by the schedule from 1 to
     * 0; the loss is the coupled solution's mean squared error.
     *
     * @param schedule the coupling levels and epochs per level
     * @param strength the coupling constant {@code k > 0}, per time unit
     * @param splineAlpha the smoothing spline's penalty, {@code >= 0} ({@code 0} interpolates)
     */
    record Homotopy(HomotopySchedule schedule, double strength, double splineAlpha)
            implements FitMethod {

        /** Checks the settings. */
        public Homotopy {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule is required");
            }
            if (!(strength > 0) || Double.isInfinite(strength)) {
                throw new IllegalArgumentException(
                        "strength k must be positive and finite, got " + strength);
            }
            if (!(splineAlpha >= 0) || Double.isInfinite(splineAlpha)) {
                throw new IllegalArgumentException(
                        "splineAlpha must be >= 0 and finite, got " + splineAlpha);
            }
        }

        @Override
        public String key() {
            return "homotopy";
        }

        @Override
        public int epochs() {
            return schedule.totalEpochs();
        }
    }

    /**
     * Vanilla training: the model alone from the first sample, mean squared error to all samples.
     *
     * @param epochs the number of epochs, at least 1
     */
    record Vanilla(int epochs) implements FitMethod {

        /** Checks the settings. */
        public Vanilla {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
        }

        @Override
        public String key() {
            return "vanilla";
        }
    }

    /**
     * Multiple shooting (the authors' baseline): the samples split into {@code intervals}
     * consecutive segments; the first starts at the first sample, segment {@code i > 0} at its first
     * sample plus a learned offset (initially 0); each is solved to the next segment's start. The
     * loss is the mean squared error of all segments' predictions plus {@code continuityWeight}
     * times the mean squared gap between each segment's end and the next one's start.
     *
     * @param intervals the number of segments, at least 2
     * @param continuityWeight the weight of the continuity penalty, {@code >= 0}
     * @param epochs the number of epochs, at least 1
     */
    record MultipleShooting(int intervals, double continuityWeight, int epochs)
            implements FitMethod {

        /** Checks the settings. */
        public MultipleShooting {
            if (intervals < 2) {
                throw new IllegalArgumentException(
                        "intervals must be >= 2 (1 is vanilla training), got " + intervals);
            }
            if (!(continuityWeight >= 0) || Double.isInfinite(continuityWeight)) {
                throw new IllegalArgumentException(
                        "continuityWeight must be >= 0 and finite, got " + continuityWeight);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
        }

        @Override
        public String key() {
            return "multiple_shooting";
        }
    }
}
