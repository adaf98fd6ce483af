package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;

class LookaheadTest {

    /** Gradient descent on L = w^2 / 2 (gradient w), lr 0.5, wrapped with k = 2, alpha = 0.5. */
    @Test
    void lookaheadMatchesHandComputedStepsForKTwoAlphaHalf() {
        Lookahead lookahead =
                Lookahead.builder()
                        .setInner(GradientDescent.builder().setLearningRate(0.5).build())
                        .optK(2)
                        .optAlpha(0.5)
                        .build();
        // fast: 1 -> 0.5 -> 0.25, sync: slow = 1 + 0.5 (0.25 - 1) = 0.625;
        // fast: 0.625 -> 0.3125 -> 0.15625, sync: slow = 0.625 + 0.5 (0.15625 - 0.625) = 0.390625
        double[] expected = {0.5, 0.625, 0.3125, 0.390625, 0.1953125};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new double[] {1.0});
            NDArray v = manager.create(new double[] {-2.0});
            for (double value : expected) {
                lookahead.update("w", w, w.duplicate());
                lookahead.update("v", v, v.duplicate());
                assertEquals(value, w.getDouble(0), 0.0);
                assertEquals(-2 * value, v.getDouble(0), 0.0);
            }
        }
    }

    /** Adam's first steps on L = w^2 / 2 against the update rule evaluated by hand in double. */
    @Test
    void adamMatchesItsUpdateRuleComputedByHand() {
        Adam adam = Adam.builder().optLearningRate(0.1).optDecoupledWeightDecay(0.01).build();
        double w = 1.5;
        double m = 0;
        double v = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new double[] {w});
            for (int t = 1; t <= 4; t++) {
                adam.update("w", weight, weight.duplicate());
                double g = w;
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double mHat = m / (1 - Math.pow(0.9, t));
                double vHat = v / (1 - Math.pow(0.999, t));
                w = w * (1 - 0.1 * 0.01) - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
                assertEquals(w, weight.getDouble(0), 1e-14);
            }
        }
    }

    /**
     * Least squares with Hessian diag(1, 0.1) and DJL's plain SGD at lr 1.98: SGD oscillates in
     * the stiff direction (factor -0.98 per step, loss about 0.3 after 40 steps); Lookahead (k 5,
     * alpha 0.5) around the same SGD damps it (factor 0.0245 per 5 steps).
     */
    @Test
    void lookaheadTrainsToLowerLossThanOscillatingSgd() {
        double sgdLoss = finalLoss(sgd());
        double lookaheadLoss =
                finalLoss(Lookahead.builder().setInner(sgd()).optK(5).optAlpha(0.5).build());
        assertTrue(
                sgdLoss > 0.05 && lookaheadLoss < 1e-3 * sgdLoss,
                "lookahead " + lookaheadLoss + " vs sgd " + sgdLoss);
    }

    private static Optimizer sgd() {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1.98f)).build();
    }

    private static double finalLoss(Optimizer optimizer) {
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.linearWithoutBias();
                Trainer trainer = TrainingFixtures.trainer(model, optimizer, 7, 32)) {
            ArrayDataset data = TrainingFixtures.stiffRegression(manager);
            FitResult result =
                    FitLoop.builder()
                            .setTrainer(trainer)
                            .setTrainingData(data)
                            .optEpochs(40)
                            .optProgress(FitLoop.ProgressDisplay.NONE)
                            .build()
                            .fit();
            double[] curve = result.curve("train_loss");
            return curve[curve.length - 1];
        }
    }
}
