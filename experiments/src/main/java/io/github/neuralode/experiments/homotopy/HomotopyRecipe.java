package io.github.neuralode.experiments.homotopy;

import ai.djl.nn.Block;

import io.github.neuralode.block.HiddenActivation;
import io.github.neuralode.block.Mlp;
import io.github.neuralode.models.field.HybridField;
import io.github.neuralode.models.homotopy.FitMethod;
import io.github.neuralode.models.homotopy.HomotopySchedule;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.StatefulOptimizer;

import java.util.Locale;

/**
 * The settings of one homotopy experiment system, from the authors' {@code original} branch
 * (Jhko725/NeuralODEHomotopy: {@code LotkaVolterra.py}, {@code LorenzSystem.py}, {@code
 * DoublePendulum.py}, {@code node_homotopy/learners.py}): the coupling constant {@code k}, the
 * schedule (steps {@code s}, ratio {@code kappa = 0.6}, epochs per level), learning rates, the
 * spline penalty, the baselines' settings and the networks (GELU hidden layers). Every method
 * trains with AdamW (weight decay 0.01, PyTorch's default) through Dopri5 at rtol 1e-7, atol 1e-9
 * (the learners' fixed solver settings).
 */
enum HomotopyRecipe {
    /** Lotka-Volterra, black box {@code 2 -> 32 -> 2}, or gray box (see {@link #grayBox}). */
    LOTKA_VOLTERRA("homotopy-lv", 6, 5, 100, 0.05, 1e-3, 0.02, 5, 0.01, 0.05, new int[] {32}),
    /** Lorenz, {@code 3 -> 50 -> 50 -> 3}. */
    LORENZ("homotopy-lorenz", 6, 7, 300, 0.02, 1e-4, 0.02, 6, 0.01, 0.02, new int[] {50, 50}),
    /** The real double pendulum, {@code 4 -> 50 -> 50 -> 4}. */
    DOUBLE_PENDULUM(
            "homotopy-pendulum", 10, 6, 300, 0.02, 0.0, 0.02, 5, 0.001, 0.02, new int[] {50, 50});

    /** The schedule's ratio of successive decrements, every system. */
    static final double KAPPA = 0.6;
    /** Vanilla and multiple-shooting epochs, every system (the authors' {@code max_epochs}). */
    static final int BASELINE_EPOCHS = 4_000;
    /** Epochs per level with {@code --quick}. */
    static final int QUICK_EPOCHS_PER_LEVEL = 4;
    /** Vanilla and multiple-shooting epochs with {@code --quick}. */
    static final int QUICK_BASELINE_EPOCHS = 24;
    /** The known rates of the gray-box Lotka-Volterra model: {@code (alpha, -delta)}. */
    static final double[] GRAY_BOX_RATES = {1.3, -1.8};
    /**
     * The gray-box network's hidden widths: 20, those of the authors' {@code load_model}, which
     * rebuilds the paper's trained models ({@code nodes_config = {"ude": 20, "blackbox": 32}}); their
     * setup function's default is 32.
     */
    static final int[] GRAY_BOX_HIDDEN = {20, 20};

    private final String command;
    private final double strength;
    private final int steps;
    private final int epochsPerLevel;
    private final double homotopyRate;
    private final double splineAlpha;
    private final double vanillaRate;
    private final int intervals;
    private final double continuityWeight;
    private final double shootingRate;
    private final int[] hidden;

    HomotopyRecipe(
            String command,
            double strength,
            int steps,
            int epochsPerLevel,
            double homotopyRate,
            double splineAlpha,
            double vanillaRate,
            int intervals,
            double continuityWeight,
            double shootingRate,
            int[] hidden) {
        this.command = command;
        this.strength = strength;
        this.steps = steps;
        this.epochsPerLevel = epochsPerLevel;
        this.homotopyRate = homotopyRate;
        this.splineAlpha = splineAlpha;
        this.vanillaRate = vanillaRate;
        this.intervals = intervals;
        this.continuityWeight = continuityWeight;
        this.shootingRate = shootingRate;
        this.hidden = hidden;
    }

    /** The command's name. */
    String command() {
        return command;
    }

    /**
     * The method's settings.
     *
     * @param method the method's key
     * @param quick whether to train the short smoke-test budget
     */
    FitMethod method(Method method, boolean quick) {
        int baseline = quick ? QUICK_BASELINE_EPOCHS : BASELINE_EPOCHS;
        return switch (method) {
            case HOMOTOPY -> new FitMethod.Homotopy(
                    new HomotopySchedule(
                            steps, KAPPA, quick ? QUICK_EPOCHS_PER_LEVEL : epochsPerLevel),
                    strength,
                    splineAlpha);
            case VANILLA -> new FitMethod.Vanilla(baseline);
            case MULTIPLE_SHOOTING -> new FitMethod.MultipleShooting(
                    intervals, continuityWeight, baseline);
        };
    }

    /** AdamW with the method's learning rate and weight decay 0.01. */
    StatefulOptimizer optimizer(Method method) {
        double rate =
                switch (method) {
                    case HOMOTOPY -> homotopyRate;
                    case VANILLA -> vanillaRate;
                    case MULTIPLE_SHOOTING -> shootingRate;
                };
        return Adam.builder().optLearningRate(rate).optDecoupledWeightDecay(0.01).build();
    }

    /**
     * The black-box network {@code n -> hidden... -> n}, GELU.
     *
     * @param dimension the state's components
     * @param widths the hidden widths, or null for the authors'
     * @param torchInit whether the layers take PyTorch's {@code nn.Linear} default initialisation
     *     (as the authors' networks do) instead of Glorot weights and zero biases
     */
    Block blackBox(int dimension, int[] widths, boolean torchInit) {
        return network(dimension, widths != null ? widths : hidden, torchInit);
    }

    /**
     * The gray-box Lotka-Volterra field {@code (alpha x, -delta y) + U(x, y)}.
     *
     * @param torchInit whether {@code U}'s layers take PyTorch's {@code nn.Linear} default
     *     initialisation
     */
    static Block grayBox(boolean torchInit) {
        return new HybridField(GRAY_BOX_RATES, network(2, GRAY_BOX_HIDDEN, torchInit));
    }

    private static Mlp network(int outputs, int[] widths, boolean torchInit) {
        Mlp.Builder builder =
                Mlp.builder().setOutputs(outputs).optHidden(widths).optActivation(HiddenActivation.GELU);
        if (torchInit) {
            builder.optTorchLinearInit();
        }
        return builder.build();
    }

    /** Dopri5 at the learners' tolerances. */
    static OdeSolver solver() {
        return OdeSolver.builder()
                .optStepSizeController(PidController.of(1e-7, 1e-9))
                .optMaxSteps(100_000)
                .build();
    }

    /** A one-line summary for the log. */
    String describe(boolean quick) {
        return String.format(
                Locale.ROOT,
                "%s: k %.3g, %d steps of ratio %.1f, %d epochs per level, lr %.3g, spline alpha %.0e;"
                        + " vanilla %d epochs, lr %.3g; multiple shooting %d segments, weight %.3g,"
                        + " lr %.3g",
                command,
                strength,
                steps,
                KAPPA,
                quick ? QUICK_EPOCHS_PER_LEVEL : epochsPerLevel,
                homotopyRate,
                splineAlpha,
                quick ? QUICK_BASELINE_EPOCHS : BASELINE_EPOCHS,
                vanillaRate,
                intervals,
                continuityWeight,
                shootingRate);
    }

    /** The training methods and their keys in folders and results. */
    enum Method {
        HOMOTOPY("homotopy"),
        VANILLA("vanilla"),
        MULTIPLE_SHOOTING("multiple_shooting");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }
}
