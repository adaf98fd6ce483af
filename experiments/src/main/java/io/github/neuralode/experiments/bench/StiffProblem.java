package io.github.neuralode.experiments.bench;

import io.github.neuralode.data.kinetics.Pollu;
import io.github.neuralode.data.kinetics.Reaction;
import io.github.neuralode.data.kinetics.ReactionNetwork;
import io.github.neuralode.data.kinetics.Rober;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The problems of {@code bench-stiff}: ROBER on {@code [0, 1e5]} and POLLU on {@code [0, 60]},
 * each with its initial state and the benchmark's batch of perturbed initial states (see {@link
 * Rober#perturbedInitialStates} and {@link Pollu#perturbedInitialStates}).
 */
enum StiffProblem {
    /** Robertson's kinetics, 3 species. */
    ROBER(Rober.NETWORK, 1e5, Rober.initialState()) {
        @Override
        double[][] batch(int size, long seed) {
            return Rober.perturbedInitialStates(size);
        }
    },
    /** Verwer's air pollution model, 20 species. */
    POLLU(Pollu.NETWORK, 60, Pollu.initialState()) {
        @Override
        double[][] batch(int size, long seed) {
            return Pollu.perturbedInitialStates(size, seed);
        }
    };

    private final ReactionNetwork network;
    private final double endTime;
    private final double[] initialState;

    StiffProblem(ReactionNetwork network, double endTime, double[] initialState) {
        this.network = network;
        this.endTime = endTime;
        this.initialState = initialState;
    }

    /**
     * Returns the benchmark's batch of perturbed initial states.
     *
     * @param size the number of samples
     * @param seed the seed of random perturbations (ROBER's are not random)
     * @return {@code size} rows of concentrations
     */
    abstract double[][] batch(int size, long seed);

    /** The reaction network. */
    ReactionNetwork network() {
        return network;
    }

    /** The end of the time span, which starts at 0. */
    double endTime() {
        return endTime;
    }

    /** The unperturbed initial state, as a batch of one. */
    double[][] single() {
        return new double[][] {initialState.clone()};
    }

    /** The prefix of the problem's results.json keys: {@code rober} or {@code pollu}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Describes the problem for another implementation (experiments/scripts): the time span, the
     * reactions (rate constant, 0-based reactants and products), the initial states and the
     * reference solution at the end time.
     *
     * @param batch the perturbed initial states that were benchmarked
     * @param reference the reference solution from the unperturbed state at the end time
     * @return {@code {"t1", "species", "reactions", "y0", "batch", "reference"}}
     */
    Map<String, Object> export(double[][] batch, double[] reference) {
        List<Map<String, Object>> reactions = new ArrayList<>();
        for (Reaction reaction : network.reactions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("k", reaction.rateConstant());
            entry.put("reactants", reaction.reactants());
            entry.put("products", reaction.products());
            reactions.add(entry);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("t1", endTime);
        description.put("species", network.species());
        description.put("reactions", reactions);
        description.put("y0", initialState);
        description.put("batch", batch);
        description.put("reference", reference);
        return description;
    }
}
