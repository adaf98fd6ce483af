package io.github.neuralode.models.anode;

import java.util.List;

/**
 * One row of Table 1 of the ANODE report (K. Lu, "Augmented Neural ODEs", MIT 18.337): how the
 * 20-dimensional MNIST features enter the ODE, and the test accuracy the report got with it.
 *
 * @param key the row's name in result files, e.g. {@code anode_p10}
 * @param kind the augmentation
 * @param extra the augmented dimensions {@code p} (0 for NODE; {@code d = 20} velocities for the
 *     second-order row)
 * @param steer the STEER half-width {@code b} (0 without STEER)
 * @param reportAccuracy the report's test accuracy for the row, percent (one run)
 */
public record ReportVariant(String key, Kind kind, int extra, double steer, double reportAccuracy) {

    /** How a variant builds its ODE state. */
    public enum Kind {
        /** The 20 features are the state. */
        NODE,
        /** The features padded with {@code p} zeros. */
        ZERO_PADDING,
        /** A wider input layer {@code 784 -> 20 + p} gives the augmented state. */
        INPUT_LAYER,
        /** Zero padding and STEER end times. */
        STEER,
        /** Positions are the features, velocities start at zero: {@code x'' = f(x, v)}. */
        SECOND_ORDER
    }

    /** The report's rows in its order. */
    public static final List<ReportVariant> ROWS =
            List.of(
                    new ReportVariant("node", Kind.NODE, 0, 0, 73.2),
                    new ReportVariant("anode_p10", Kind.ZERO_PADDING, 10, 0, 77.0),
                    new ReportVariant("anode_p25", Kind.ZERO_PADDING, 25, 0, 79.8),
                    new ReportVariant("anode_p40", Kind.ZERO_PADDING, 40, 0, 81.1),
                    new ReportVariant("il_anode_p10", Kind.INPUT_LAYER, 10, 0, 80.7),
                    new ReportVariant("il_anode_p25", Kind.INPUT_LAYER, 25, 0, 81.4),
                    new ReportVariant("il_anode_p40", Kind.INPUT_LAYER, 40, 0, 82.3),
                    new ReportVariant("steer_b0.2", Kind.STEER, 10, 0.2, 81.0),
                    new ReportVariant("steer_b0.3", Kind.STEER, 10, 0.3, 80.8),
                    new ReportVariant("steer_b0.6", Kind.STEER, 10, 0.6, 82.1),
                    new ReportVariant("second_order", Kind.SECOND_ORDER, 20, 0, 55.4));

    /**
     * Finds a row by key.
     *
     * @param key a key of {@link #ROWS}
     * @return the row
     * @throws IllegalArgumentException naming the known keys
     */
    public static ReportVariant of(String key) {
        for (ReportVariant row : ROWS) {
            if (row.key.equals(key)) {
                return row;
            }
        }
        throw new IllegalArgumentException(
                "unknown report row '" + key + "': one of "
                        + ROWS.stream().map(ReportVariant::key).toList());
    }
}
