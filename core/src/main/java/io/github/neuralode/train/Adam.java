package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.util.Preconditions;

import io.github.neuralode.engine.Autograd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) and, with a decoupled weight decay, AdamW (Loshchilov and Hutter,
 * 2019), with state that can be checkpointed.
 *
 * <p>DJL's built-in {@code Adam}/{@code AdamW} keep their moments in private fields, so a run
 * using them cannot be resumed exactly; this implementation keeps the same update rule in a
 * {@link StatefulOptimizer}. Per parameter and device, at training step {@code t}:
 *
 * <pre>
 * g  = rescale * grad
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g^2
 * w <- w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) - lr * wd * w
 * </pre>
 *
 * The last term (decoupled decay) is AdamW; it is absent with the default {@code wd = 0}. With a
 * step decay ({@link Builder#optStepDecay}) {@code lr} is multiplied by the factor once for every
 * boundary step the counter {@code t} has passed. State slots: {@code "mean"}, {@code "variance"}
 * (shaped like the weight) and the step counter, so a resumed run continues the schedule.
 */
public final class Adam extends StatefulOptimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double decoupledWeightDecay;
    private final double decayFactor;
    private final long[] decaySteps;

    private Adam(Builder builder) {
        super(builder);
        learningRate = builder.learningRate;
        beta1 = builder.beta1;
        beta2 = builder.beta2;
        epsilon = builder.epsilon;
        decoupledWeightDecay = builder.decoupledWeightDecay;
        decayFactor = builder.decayFactor;
        decaySteps = builder.decaySteps.clone();
    }

    /**
     * Returns a builder (defaults: lr 0.001, beta1 0.9, beta2 0.999, eps 1e-8, no decay).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        long t = nextStep(parameterId, weight);
        NDArray mean = state(parameterId, weight, "mean", StateInit.ZEROS);
        NDArray variance = state(parameterId, weight, "variance", StateInit.ZEROS);
        try (Autograd.GradModeScope paused = Autograd.pause();
                NDArray g = grad.mul(rescaleGrad);
                NDArray g2 = g.square()) {
            mean.muli(beta1).addi(g.muli(1 - beta1));
            variance.muli(beta2).addi(g2.muli(1 - beta2));
            double rate = rateAt(t);
            double stepSize = rate / (1 - Math.pow(beta1, t));
            double varianceCorrection = 1 / (1 - Math.pow(beta2, t));
            try (NDArray corrected = variance.mul(varianceCorrection);
                    NDArray denominator = corrected.sqrt().addi(epsilon);
                    NDArray step = mean.div(denominator).muli(stepSize)) {
                if (decoupledWeightDecay != 0) {
                    weight.muli(1 - rate * decoupledWeightDecay);
                }
                weight.subi(step);
            }
        }
        Autograd.zeroGradient(weight);
    }

    /** The learning rate of training step {@code t} (1-based). */
    private double rateAt(long t) {
        double rate = learningRate;
        for (long boundary : decaySteps) {
            if (t > boundary) {
                rate *= decayFactor;
            }
        }
        return rate;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("lr", Double.toString(learningRate));
        settings.put("beta1", Double.toString(beta1));
        settings.put("beta2", Double.toString(beta2));
        settings.put("epsilon", Double.toString(epsilon));
        settings.put("decoupled_weight_decay", Double.toString(decoupledWeightDecay));
        settings.put("rescale_grad", Float.toString(rescaleGrad));
        if (decaySteps.length > 0) {
            settings.put("decay_factor", Double.toString(decayFactor));
            settings.put("decay_steps", java.util.Arrays.toString(decaySteps));
        }
        return settings;
    }

    /** Builds {@link Adam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double decoupledWeightDecay;
        private double decayFactor = 1;
        private long[] decaySteps = new long[0];

        private Builder() {}

        /**
         * Multiplies the learning rate by {@code factor} after each of the given training steps
         * (default: a constant rate), e.g. {@code optStepDecay(0.1, 2000, 3000)}: {@code lr} for
         * steps 1 to 2000, {@code 0.1 lr} to 3000, {@code 0.01 lr} after.
         *
         * @param factor the factor, in (0, 1]
         * @param steps the boundary steps, positive and increasing
         * @return this builder
         * @throws IllegalArgumentException if the factor or the steps are out of range
         */
        public Builder optStepDecay(double factor, long... steps) {
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor);
            }
            for (int i = 0; i < steps.length; i++) {
                if (steps[i] < 1 || (i > 0 && steps[i] <= steps[i - 1])) {
                    throw new IllegalArgumentException(
                            "decay steps must be positive and increasing, got "
                                    + java.util.Arrays.toString(steps));
                }
            }
            this.decayFactor = factor;
            this.decaySteps = steps.clone();
            return this;
        }

        /**
         * Sets the learning rate (default 0.001).
         *
         * @param learningRate a positive step size
         * @return this builder
         */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the moment decay rates (defaults 0.9 and 0.999).
         *
         * @param beta1 decay of the first moment, in [0, 1)
         * @param beta2 decay of the second moment, in [0, 1)
         * @return this builder
         */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets the denominator offset (default 1e-8).
         *
         * @param epsilon a positive offset
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the decoupled weight decay of AdamW (default 0: plain Adam).
         *
         * @param decay the decay per unit learning rate, {@code >= 0}
         * @return this builder
         */
        public Builder optDecoupledWeightDecay(double decay) {
            this.decoupledWeightDecay = decay;
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
         * @throws IllegalArgumentException for rates outside their ranges
         */
        public Adam build() {
            Preconditions.checkArgument(learningRate > 0, "optLearningRate needs lr > 0");
            Preconditions.checkArgument(
                    beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
                    "optBetas needs 0 <= beta < 1");
            Preconditions.checkArgument(epsilon > 0, "optEpsilon needs eps > 0");
            Preconditions.checkArgument(
                    decoupledWeightDecay >= 0, "optDecoupledWeightDecay needs decay >= 0");
            return new Adam(this);
        }
    }
}
