package io.github.neuralode.experiments.anode;

import java.util.Map;

/**
 * The test accuracies (percent) of Table 1 of the ANODE report (K. Lu, "Augmented Neural ODEs",
 * MIT 18.337, code kerrilu/18337-anode-project), one run per row, by the keys of {@code
 * ReportVariant}.
 */
final class ReportReference {

    /** The report's accuracy per row. */
    static final Map<String, Double> ACCURACY =
            Map.ofEntries(
                    Map.entry("node", 73.2),
                    Map.entry("anode_p10", 77.0),
                    Map.entry("anode_p25", 79.8),
                    Map.entry("anode_p40", 81.1),
                    Map.entry("il_anode_p10", 80.7),
                    Map.entry("il_anode_p25", 81.4),
                    Map.entry("il_anode_p40", 82.3),
                    Map.entry("steer_b0.2", 81.0),
                    Map.entry("steer_b0.3", 80.8),
                    Map.entry("steer_b0.6", 82.1),
                    Map.entry("second_order", 55.4));

    private ReportReference() {}
}
