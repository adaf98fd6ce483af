package io.github.neuralode.experiments.stiff;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;

import io.github.neuralode.block.HiddenActivation;
import io.github.neuralode.block.Mlp;
import io.github.neuralode.data.kinetics.KineticsSeries;
import io.github.neuralode.models.stiff.NormalizedMaeLoss;
import io.github.neuralode.models.stiff.ScaledDynamics;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.OnFailure;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stiff.AutoSwitch;
import io.github.neuralode.solver.stiff.JacobianMethod;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.ErrorLoss;
import io.github.neuralode.train.GradientTransform;
import io.github.neuralode.train.StatefulOptimizer;

import java.util.function.Supplier;

/**
 * The settings of the stiff neural ODE paper's two experiments, taken from the authors' code
 * ({@code DENG-MIT/StiffNeuralODE}, {@code ROBER/ROBER.jl} and {@code POLLU/POLLU.jl}) where it
 * differs from the text.
 *
 * <p>Both: float64; the network sees the raw state; the scaled model is {@code dy/dt = NN(y)
 * yScale / (t1 - t0)} with GELU hidden layers (Glorot-uniform weights, zero biases, like Flux's
 * {@code Dense}), trained on the normalised MAE with AdamW (learning rate 0.005, betas 0.9 and
 * 0.999, decoupled weight decay 1e-6 per step as Flux applies it); the solver is Tsit5 switching
 * to Rosenbrock23 with finite-difference Jacobians at rtol 1e-3 (Julia's default) and atol 1e-6,
 * gradients by autograd through the solver. The baseline has one hidden layer of 50 tanh units, no
 * scaling, plain MSE and Adam 0.005, with the same solver.
 *
 * <ul>
 *   <li>ROBER: 3 -> 5 x 6 -> 3 (188 parameters), {@code yScale} the largest sampled value of
 *       each species, 50,000 epochs;
 *   <li>POLLU: 20 -> 10 x 3 -> 20 (650 parameters), {@code yScale} the sampled range (largest
 *       minus smallest), gradient rescaled to L2 norm 100 before every step, 25,000 epochs.
 * </ul>
 */
enum StiffRecipe {
    /** Robertson's three-species problem on {@code [0, 1e5]}. */
    ROBER(KineticsSeries::rober, new int[] {5, 5, 5, 5, 5, 5}, Double.NaN, 50_000, true) {
        @Override
        double[] stateScale(KineticsSeries series) {
            return series.maxima();
        }
    },
    /** Verwer's 20-species air pollution problem on {@code [0, 60]}. */
    POLLU(KineticsSeries::pollu, new int[] {10, 10, 10}, 100.0, 25_000, false) {
        @Override
        double[] stateScale(KineticsSeries series) {
            return series.ranges();
        }
    };

    /** Adam's learning rate, both models. */
    static final double LEARNING_RATE = 0.005;
    /**
     * AdamW's decoupled weight decay of the scaled model per step: Flux's {@code ADAMW(eta, beta,
     * decay)} is {@code Optimiser(Adam(eta, beta), WeightDecay(decay))}, which adds {@code decay x}
     * to the step without the learning rate.
     */
    static final double WEIGHT_DECAY_PER_STEP = 1e-6;
    /** The solver's relative tolerance (Julia's default). */
    static final double RTOL = 1e-3;
    /** The solver's absolute tolerance (the authors' {@code lb}). */
    static final double ATOL = 1e-6;
    /** The baseline's hidden width. */
    static final int BASELINE_WIDTH = 50;
    /** The step limit of one training solve. */
    static final int MAX_STEPS = 100_000;

    private final Supplier<KineticsSeries> data;
    private final int[] hidden;
    private final double gradientNorm;
    private final int epochs;
    private final boolean logTime;

    StiffRecipe(
            Supplier<KineticsSeries> data,
            int[] hidden,
            double gradientNorm,
            int epochs,
            boolean logTime) {
        this.data = data;
        this.hidden = hidden;
        this.gradientNorm = gradientNorm;
        this.epochs = epochs;
        this.logTime = logTime;
    }

    /**
     * Returns the per-species scale of the scaled model and of every normalised MAE.
     *
     * @param series the training series
     * @return one positive scale per species
     */
    abstract double[] stateScale(KineticsSeries series);

    /** Solves the true system for the training series (a few seconds). */
    KineticsSeries series() {
        return data.get();
    }

    /** The paper's epoch count. */
    int paperEpochs() {
        return epochs;
    }

    /** Whether trajectories are plotted against a logarithmic time axis. */
    boolean logTime() {
        return logTime;
    }

    /** The command's name. */
    String command() {
        return "stiff-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The species' names {@code y1 .. yn}. */
    static String[] speciesNames(int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = "y" + (i + 1);
        }
        return names;
    }

    /** One of the two models of an experiment. */
    enum Model {
        /** The paper's scaled model. */
        SCALED,
        /** The unscaled one-layer tanh baseline. */
        BASELINE;

        /** The lower-case name used in folders and result keys. */
        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The vector field of a model. */
    Block field(Model model, KineticsSeries series) {
        int n = series.species();
        if (model == Model.BASELINE) {
            return Mlp.tanh(n, BASELINE_WIDTH);
        }
        Mlp network =
                Mlp.builder()
                        .setOutputs(n)
                        .optHidden(hidden)
                        .optActivation(HiddenActivation.GELU)
                        .build();
        return ScaledDynamics.builder()
                .setNetwork(network)
                .setStateScale(stateScale(series))
                .setTimeScale(series.endTime() - series.t0())
                .build();
    }

    /** The training loss of a model. */
    Loss loss(Model model, KineticsSeries series) {
        return model == Model.BASELINE
                ? ErrorLoss.squared("mse", 1)
                : new NormalizedMaeLoss("normalized_mae", stateScale(series));
    }

    /** A fresh optimizer of a model. */
    StatefulOptimizer optimizer(Model model) {
        Adam.Builder adam =
                Adam.builder().optLearningRate(LEARNING_RATE).optBetas(0.9, 0.999);
        if (model == Model.SCALED) {
            // ours scales the decay by the learning rate (as PyTorch's AdamW): 1e-6 per step
            adam.optDecoupledWeightDecay(WEIGHT_DECAY_PER_STEP / LEARNING_RATE);
        }
        return adam.build();
    }

    /** The gradient transform of a model: POLLU's scaled model normalises to norm 100. */
    GradientTransform gradientTransform(Model model) {
        return model == Model.SCALED && !Double.isNaN(gradientNorm)
                ? GradientTransform.normalizeTo(gradientNorm)
                : GradientTransform.none();
    }

    /**
     * Tsit5 switching to Rosenbrock23, rtol 1e-3, atol 1e-6; a solve that stops early returns
     * what it reached (the training loss then covers those times, as in the authors' code).
     *
     * @param jacobian how Rosenbrock23 obtains its Jacobians (finite differences in the paper)
     */
    static OdeSolver solver(JacobianMethod jacobian) {
        return OdeSolver.builder()
                .optMethod(AutoSwitch.tsit5Rosenbrock23(jacobian))
                .optStepSizeController(PidController.of(RTOL, ATOL))
                .optMaxSteps(MAX_STEPS)
                .optOnFailure(OnFailure.RETURN)
                .build();
    }
}
