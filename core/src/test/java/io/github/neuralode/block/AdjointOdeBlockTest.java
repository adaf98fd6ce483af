package io.github.neuralode.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;

import io.github.neuralode.check.GradientCheck;
import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Adjoint-mode OdeBlocks inside DJL models (float64, Dopri5 at rtol 1e-10): every parameter of
 * Linear -> OdeBlock -> Linear, of a model with two OdeBlocks in sequence and of an OdeBlock on
 * the raw input (nothing upstream to push into), gets the DIRECT
 * gradient (checkpoint to 1e-9, backsolve to 1e-5 relative); a second backward after {@code
 * Trainer.step()} (learning rate 0) gives the same gradients again; the block reports the
 * backward pass's evaluations and nothing stays pending.
 */
class AdjointOdeBlockTest {

    @Test
    void linearOdeLinearGetsDirectGradientsUnderEveryAdjoint() {
        assertAdjointsMatchDirect(AdjointModels::linearOdeLinear);
    }

    @Test
    void twoOdeBlocksInSequenceGetDirectGradientsUnderEveryAdjoint() {
        assertAdjointsMatchDirect(AdjointModels::twoOdeBlocks);
    }

    @Test
    void odeBlockOnRawInputGetsDirectGradientsUnderEveryAdjoint() {
        assertAdjointsMatchDirect(AdjointModels::odeFirst);
    }

    private static void assertAdjointsMatchDirect(
            BiFunction<Sensitivity, io.github.neuralode.solver.OdeSolver, Block> factory) {
        Map<String, double[]> direct = gradientsTwice(factory, Sensitivity.DIRECT);
        for (Sensitivity sensitivity :
                new Sensitivity[] {Sensitivity.CHECKPOINT_ADJOINT, Sensitivity.BACKSOLVE_ADJOINT}) {
            Map<String, double[]> adjoint = gradientsTwice(factory, sensitivity);
            double tolerance = sensitivity == Sensitivity.CHECKPOINT_ADJOINT ? 1e-9 : 1e-5;
            assertEquals(direct.keySet(), adjoint.keySet());
            for (String name : direct.keySet()) {
                double error = GradientCheck.relativeError(adjoint.get(name), direct.get(name));
                System.out.printf("%s %s: %.2e%n", sensitivity, name, error);
                assertTrue(error < tolerance, sensitivity + " " + name + ": " + error);
            }
        }
    }

    /** Gradients of the first backward; asserts that a second one after step() repeats them. */
    private static Map<String, double[]> gradientsTwice(
            BiFunction<Sensitivity, io.github.neuralode.solver.OdeSolver, Block> factory,
            Sensitivity sensitivity) {
        try (Model model = Model.newInstance("adjoint-" + sensitivity)) {
            Block block = factory.apply(sensitivity, AdjointModels.TIGHT);
            try (Trainer trainer = AdjointModels.trainer(model, block, 0f, 8)) {
                NDArray[] data = AdjointModels.data(trainer, 8);
                Map<String, double[]> first = AdjointModels.backward(trainer, data[0], data[1]);
                trainer.step();
                Map<String, double[]> second = AdjointModels.backward(trainer, data[0], data[1]);
                trainer.step();
                for (String name : first.keySet()) {
                    double error = GradientCheck.relativeError(second.get(name), first.get(name));
                    assertTrue(error < 1e-12, sensitivity + " second backward " + name + ": " + error);
                }
                assertEquals(0, OdeBackward.pendingCount());
                if (sensitivity != Sensitivity.DIRECT) {
                    OdeBlock ode =
                            (OdeBlock)
                                    block.getChildren().values().stream()
                                            .filter(OdeBlock.class::isInstance)
                                            .findFirst()
                                            .orElseThrow();
                    assertTrue(ode.getLastSolution().stats().backwardEvaluations() > 0);
                }
                return first;
            }
        }
    }
}
