package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.Autograd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Lookahead optimizer (Zhang, Lucas, Hinton and Ba, "Lookahead Optimizer: k steps forward,
 * 1 step back", NeurIPS 2019) around any inner optimizer (SGD, Adam, AdamW ...).
 *
 * <p>Per parameter and device it keeps slow weights {@code phi}, initialised to the weight before
 * the first update. Every training step runs the inner optimizer on the (fast) weight; after
 * every {@code k}-th step
 *
 * <pre>
 * phi <- phi + alpha * (w - phi)
 * w   <- phi
 * </pre>
 *
 * <p>Steps are counted per (parameter, device), hence training steps rather than {@code update}
 * calls (multi-device training calls {@code update} once per device copy). The weight's gradient
 * is zeroed after the inner update. {@link #saveState} holds the slow weights (slot {@code
 * "slow"}), the step counters and, when the inner optimizer is a {@link StatefulOptimizer}, its
 * state with slots prefixed {@code "inner."}; a DJL built-in inner optimizer contributes nothing
 * (exact only for its stateless plain SGD).
 */
public final class Lookahead extends StatefulOptimizer {

    private static final String INNER = "inner.";

    private final Optimizer inner;
    private final int k;
    private final double alpha;

    private Lookahead(Builder builder) {
        super(builder);
        inner = builder.inner;
        k = builder.k;
        alpha = builder.alpha;
    }

    /**
     * Returns a builder (defaults: k = 5, alpha = 0.5; the inner optimizer is required).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the synchronisation period.
     *
     * @return k, the fast steps per slow step
     */
    public int getK() {
        return k;
    }

    /**
     * Returns the slow step size.
     *
     * @return alpha in (0, 1]
     */
    public double getAlpha() {
        return alpha;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray slow = state(parameterId, weight, "slow", StateInit.COPY_OF_WEIGHT);
        inner.update(parameterId, weight, grad);
        Autograd.zeroGradient(weight);
        long step = nextStep(parameterId, weight);
        if (step % k == 0) {
            synchronize(weight, slow);
        }
    }

    private void synchronize(NDArray weight, NDArray slow) {
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray difference = weight.sub(slow)) {
            slow.addi(difference.muli(alpha));
            weight.set(new NDIndex("..."), slow);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The inner optimizer is described by {@link StatefulOptimizer#describe()}, or by its class
     * name alone for a DJL built-in one (whose settings are private).
     */
    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("k", Integer.toString(k));
        settings.put("alpha", Double.toString(alpha));
        settings.put(
                "inner",
                inner instanceof StatefulOptimizer stateful
                        ? stateful.describe()
                        : inner.getClass().getName());
        return settings;
    }

    /** {@inheritDoc} */
    @Override
    public OptimizerState saveState(NDManager manager) {
        OptimizerState own = super.saveState(manager);
        if (inner instanceof StatefulOptimizer stateful) {
            return own.merge(
                    stateful.saveState(manager).mapKeys(key -> key.withSlotPrefix(INNER)));
        }
        return own;
    }

    /** {@inheritDoc} */
    @Override
    public void loadState(OptimizerState state, NDManager manager) {
        OptimizerState innerState = state.withSlotPrefixRemoved(INNER);
        OptimizerState own =
                new OptimizerState(
                        filterOwn(state.tensors()), filterOwn(state.counters()));
        super.loadState(own, manager);
        if (inner instanceof StatefulOptimizer stateful) {
            stateful.loadState(innerState, manager);
        }
    }

    private static <V> Map<StateKey, V> filterOwn(Map<StateKey, V> map) {
        Map<StateKey, V> own = new LinkedHashMap<>();
        map.forEach(
                (key, value) -> {
                    if (!key.slot().startsWith(INNER)) {
                        own.put(key, value);
                    }
                });
        return own;
    }

    /** Builds {@link Lookahead}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Optimizer inner;
        private int k = 5;
        private double alpha = 0.5;

        private Builder() {}

        /**
         * Sets the inner (fast) optimizer (required).
         *
         * @param inner for example {@link GradientDescent}, {@link Adam}, or DJL's {@code sgd}
         * @return this builder
         */
        public Builder setInner(Optimizer inner) {
            this.inner = inner;
            return this;
        }

        /**
         * Sets the synchronisation period (default 5).
         *
         * @param k fast steps per slow step, {@code >= 1}
         * @return this builder
         */
        public Builder optK(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the slow step size (default 0.5).
         *
         * @param alpha in (0, 1]; 1 makes Lookahead the inner optimizer
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException if the inner optimizer is missing or k, alpha are out
         *     of range
         */
        public Lookahead build() {
            Preconditions.checkArgument(inner != null, "setInner(optimizer) is required");
            Preconditions.checkArgument(k >= 1, "optK needs k >= 1, got " + k);
            Preconditions.checkArgument(
                    alpha > 0 && alpha <= 1, "optAlpha needs 0 < alpha <= 1, got " + alpha);
            return new Lookahead(this);
        }
    }
}
