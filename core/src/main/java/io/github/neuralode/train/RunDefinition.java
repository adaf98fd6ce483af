package io.github.neuralode.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What defines a training run, stored in every checkpoint so that a resumed run can be checked
 * against the run it continues: a resumed run must have the same definition, or it would report
 * numbers that neither run produced.
 *
 * <p>Entries map a name to a value in words, in a fixed order. {@link FitLoop} writes {@code
 * seed}, {@code epochs}, {@code iteration_budget}, {@code optimizer} (see {@link
 * StatefulOptimizer#describe()}), {@code gradient_transform}, one {@code parameter NAME} per model
 * parameter (shape and data type, for example {@code (8, 2) float64}) and one {@code option KEY}
 * per caller option ({@link FitLoop.Builder#optRunDefinition}).
 *
 * @param entries the defining settings, name to value
 */
public record RunDefinition(Map<String, String> entries) {

    /** Copies the entries, keeping their order. */
    public RunDefinition {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * Returns the definition of a run that recorded none (checkpoints of format version 1, or
     * written outside {@link FitLoop}).
     *
     * @return an empty definition
     */
    public static RunDefinition unknown() {
        return new RunDefinition(Map.of());
    }

    /**
     * Returns the model signature: one entry {@code parameter NAME} per parameter of a block,
     * valued {@code SHAPE DTYPE} (for example {@code (8, 2) float64}).
     *
     * @param block an initialized block
     * @return the entries, in the block's parameter order
     */
    public static Map<String, String> modelSignature(Block block) {
        Map<String, String> signature = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            String value =
                    parameter.isInitialized()
                            ? parameter.getArray().getShape()
                                    + " "
                                    + parameter.getArray().getDataType()
                            : "uninitialized";
            signature.put("parameter " + pair.getKey(), value);
        }
        return signature;
    }

    /**
     * Returns whether the run recorded no definition.
     *
     * @return {@code true} for {@link #unknown()}
     */
    public boolean isUnknown() {
        return entries.isEmpty();
    }

    /**
     * Lists where another run's definition differs from this one (the checkpoint's).
     *
     * @param thisRun the definition of the run that wants to continue this one
     * @return one line per differing entry, {@code "NAME: checkpoint A vs this run B"} ({@code
     *     absent} for an entry only one side has); empty if they match
     */
    public List<String> differences(RunDefinition thisRun) {
        Set<String> names = new LinkedHashSet<>(entries.keySet());
        names.addAll(thisRun.entries.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            String checkpoint = entries.getOrDefault(name, "absent");
            String current = thisRun.entries.getOrDefault(name, "absent");
            if (!checkpoint.equals(current)) {
                differences.add(name + ": checkpoint " + checkpoint + " vs this run " + current);
            }
        }
        return differences;
    }
}
