package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.EasyTrain;

import io.github.neuralode.GradientChecks;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.SolveStats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Statistics per call through {@link SolveListener}, and the refusal of an adjoint block that was
 * back-propagated without {@link OdeBackward}.
 */
class OdeBlockCallStatisticsTest {

    @Test
    void listenersSeeEveryTrainingAndEvaluationPassSeparately() {
        OdeBlock ode = AdjointModels.odeBlock(Sensitivity.DIRECT, AdjointModels.TIGHT, 4);
        List<SolveStats> training = new ArrayList<>();
        List<SolveStats> evaluation = new ArrayList<>();
        ode.addSolveListener(
                (solution, isTraining) -> (isTraining ? training : evaluation).add(solution.stats()));
        try (Model model = Model.newInstance("listeners");
                Trainer trainer = AdjointModels.trainer(model, wrap(ode), 0.01f, 8)) {
            NDArray[] data = AdjointModels.data(trainer, 8);
            AdjointModels.backward(trainer, data[0], data[1]);
            OdeSolution afterTraining = ode.getLastSolution();
            trainer.evaluate(new NDList(data[0]));
            assertEquals(1, training.size());
            assertEquals(1, evaluation.size());
            assertEquals(afterTraining.stats(), training.get(0));
            assertEquals(ode.getLastSolution().stats(), evaluation.get(0), "last = the evaluation");
            assertTrue(training.get(0).functionEvaluations() > 6);
        }
    }

    @Test
    void adjointListenersReceiveTheBackwardEvaluations() {
        OdeBlock ode = AdjointModels.odeBlock(Sensitivity.CHECKPOINT_ADJOINT, AdjointModels.TIGHT, 4);
        List<OdeSolution> forward = new ArrayList<>();
        List<OdeSolution> backward = new ArrayList<>();
        trainOneStep(ode, forward, backward);
        assertEquals(1, forward.size());
        assertEquals(1, backward.size());
        SolveStats stats = backward.get(0).stats();
        assertEquals(0, forward.get(0).stats().backwardEvaluations());
        // The checkpointed adjoint re-runs every accepted Dopri5 step: 6 stages plus the VJP.
        assertEquals(stats.acceptedSteps() * 7, stats.backwardEvaluations());
    }

    @Test
    void fixedStepRk4ReplayEvaluatesItsFourStagesPerStep() {
        OdeBlock ode = AdjointModels.odeBlock(Sensitivity.CHECKPOINT_ADJOINT, GradientChecks.rk4(1, 10), 4);
        List<OdeSolution> forward = new ArrayList<>();
        List<OdeSolution> backward = new ArrayList<>();
        trainOneStep(ode, forward, backward);
        assertEquals(40, forward.get(0).stats().functionEvaluations());
        // each replayed step: f(t, y) and three more stages; f(t + h, y1) is not needed (was 5)
        assertEquals(10 * 4, backward.get(0).stats().backwardEvaluations());
    }

    /** Runs one forward and backward pass of a model around {@code ode}, collecting its solves. */
    private static void trainOneStep(OdeBlock ode, List<OdeSolution> forward, List<OdeSolution> backward) {
        ode.addSolveListener(
                new SolveListener() {
                    @Override
                    public void onForward(OdeSolution solution, boolean training) {
                        forward.add(solution);
                    }

                    @Override
                    public void onBackward(OdeSolution solution) {
                        backward.add(solution);
                    }
                });
        try (Model model = Model.newInstance("listeners");
                Trainer trainer = AdjointModels.trainer(model, wrap(ode), 0.01f, 8)) {
            NDArray[] data = AdjointModels.data(trainer, 8);
            AdjointModels.backward(trainer, data[0], data[1]);
        }
    }

    @Test
    void adjointBlockTrainedWithEasyTrainFailsAtTheNextForwardNamingTheFix() throws Exception {
        OdeBlock ode = AdjointModels.odeBlock(Sensitivity.CHECKPOINT_ADJOINT, AdjointModels.TIGHT, 4);
        try (Model model = Model.newInstance("bypassed");
                Trainer trainer = AdjointModels.trainer(model, wrap(ode), 0.01f, 8)) {
            NDArray[] data = AdjointModels.data(trainer, 8);
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(data[0])
                            .optLabels(data[1])
                            .setSampling(4, false)
                            .build();
            IllegalStateException e =
                    assertThrows(
                            IllegalStateException.class,
                            () -> EasyTrain.fit(trainer, 1, dataset, null));
            assertTrue(e.getMessage().contains("AdjointTrain.fit"), e.getMessage());
            assertTrue(e.getMessage().contains("OdeBackward.backward(collector, loss)"), e.getMessage());
            assertEquals(0, OdeBackward.pendingCount(), "the stale solves are discarded");

            // Back on the right path, training works again.
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray loss =
                        trainer.getLoss().evaluate(new NDList(data[1]), trainer.forward(new NDList(data[0])));
                OdeBackward.backward(collector, loss);
            }
            assertEquals(0, OdeBackward.pendingCount());
        }
    }

    private static ai.djl.nn.Block wrap(OdeBlock ode) {
        return new ai.djl.nn.SequentialBlock()
                .add(ai.djl.nn.core.Linear.builder().setUnits(4).build())
                .add(ode)
                .add(ai.djl.nn.core.Linear.builder().setUnits(2).build());
    }
}
