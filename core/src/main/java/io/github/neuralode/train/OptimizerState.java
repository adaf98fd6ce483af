package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A snapshot of an optimizer's state: its tensors (moments, slow weights ...) and its counters
 * (training steps per parameter and device), both keyed by {@link StateKey}.
 *
 * <p>Tensors are copies owned by the manager given to {@link StatefulOptimizer#saveState}: the
 * caller closes that manager once the state is written. Counters count training steps, not
 * {@code update} calls.
 *
 * @param tensors the state tensors, shaped like their parameters
 * @param counters the step counters
 */
public record OptimizerState(Map<StateKey, NDArray> tensors, Map<StateKey, Long> counters) {

    /** Copies the maps so that the snapshot cannot change afterwards. */
    public OptimizerState {
        tensors = Map.copyOf(tensors);
        counters = Map.copyOf(counters);
    }

    /**
     * Returns an empty state (an optimizer without state, or before its first step).
     *
     * @return the empty state
     */
    public static OptimizerState empty() {
        return new OptimizerState(Map.of(), Map.of());
    }

    /**
     * Returns this state with every key rewritten (id/name translation, slot prefixes).
     *
     * @param rename the key mapping; must be injective
     * @return the renamed state
     */
    public OptimizerState mapKeys(UnaryOperator<StateKey> rename) {
        Map<StateKey, NDArray> newTensors = new LinkedHashMap<>();
        tensors.forEach((key, value) -> newTensors.put(rename.apply(key), value));
        Map<StateKey, Long> newCounters = new LinkedHashMap<>();
        counters.forEach((key, value) -> newCounters.put(rename.apply(key), value));
        return new OptimizerState(newTensors, newCounters);
    }

    /**
     * Returns the part of this state whose slots start with a prefix, with the prefix removed.
     *
     * @param prefix the slot prefix
     * @return the selected state
     */
    public OptimizerState withSlotPrefixRemoved(String prefix) {
        Map<StateKey, NDArray> newTensors = new LinkedHashMap<>();
        tensors.forEach(
                (key, value) -> {
                    if (key.slot().startsWith(prefix)) {
                        newTensors.put(strip(key, prefix), value);
                    }
                });
        Map<StateKey, Long> newCounters = new LinkedHashMap<>();
        counters.forEach(
                (key, value) -> {
                    if (key.slot().startsWith(prefix)) {
                        newCounters.put(strip(key, prefix), value);
                    }
                });
        return new OptimizerState(newTensors, newCounters);
    }

    /**
     * Merges two states with disjoint keys.
     *
     * @param other the other state
     * @return the union
     */
    public OptimizerState merge(OptimizerState other) {
        Map<StateKey, NDArray> newTensors = new LinkedHashMap<>(tensors);
        newTensors.putAll(other.tensors);
        Map<StateKey, Long> newCounters = new LinkedHashMap<>(counters);
        newCounters.putAll(other.counters);
        return new OptimizerState(newTensors, newCounters);
    }

    private static StateKey strip(StateKey key, String prefix) {
        return new StateKey(key.parameter(), key.device(), key.slot().substring(prefix.length()));
    }
}
