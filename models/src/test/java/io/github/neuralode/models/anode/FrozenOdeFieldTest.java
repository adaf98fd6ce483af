package io.github.neuralode.models.anode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;

import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.train.Adam;
import io.github.neuralode.train.TrainableParameters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link AnodeModels#freezeOdeFields}: the field's parameters drop out of the trainable count by
 * exactly their number (counted by hand from the layer widths) and keep their values through an
 * Adam step that moves every other layer.
 */
class FrozenOdeFieldTest {

    private static final OdeSolver SOLVER =
            OdeSolver.builder().optStepSizeController(PidController.of(1e-3, 1e-3)).build();

    /**
     * Trainable counts with and without the field. Input layer 784 x 20 + 20 = 15,700 (IL-ANODE
     * p = 25: 784 x 45 + 45 = 35,325), head 20 x 10 + 10 = 210; field on width w: (w x 10 + 10) +
     * 110 + (10 x w + w); the second-order field reads 40 inputs and returns 20 accelerations.
     */
    @ParameterizedTest
    @CsvSource({
        "node, 16450, 15910",
        "steer_b0.3, 16660, 15910",
        "il_anode_p25, 36600, 35535",
        "second_order, 16650, 15910"
    })
    void frozenFieldLeavesOnlyTheOuterLayersTrainable(String row, long all, long outer) {
        assertEquals(all, trainable(row, false));
        assertEquals(outer, trainable(row, true));
    }

    @Test
    void adamStepMovesTheOuterLayersAndNotTheField() {
        Engine.getInstance().setRandomSeed(5);
        Block block = AnodeModels.report(ReportVariant.of("steer_b0.3"), SOLVER, Sensitivity.DIRECT, 2);
        AnodeModels.freezeOdeFields(block);
        try (Model model = Model.newInstance("frozen")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(Adam.builder().optLearningRate(0.05).build()))) {
                trainer.initialize(new Shape(4, 784));
                List<double[]> before = values(block);
                NDManager manager = model.getNDManager();
                NDArray x = manager.randomUniform(0, 1, new Shape(4, 784));
                NDArray labels = manager.create(new float[] {1, 7, 3, 0});
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                    collector.backward(trainer.getLoss().evaluate(new NDList(labels), new NDList(logits)));
                }
                trainer.step();
                List<double[]> after = values(block);
                ParameterList parameters = block.getParameters();
                int frozen = 0;
                for (int i = 0; i < parameters.size(); i++) {
                    boolean field = !parameters.get(i).getValue().requiresGradient();
                    if (field) {
                        frozen++;
                        assertArrayEquals(before.get(i), after.get(i), 0.0, parameters.get(i).getKey());
                    } else if (parameters.get(i).getKey().contains("weight")) {
                        assertFalse(maxDifference(before.get(i), after.get(i)) == 0,
                                parameters.get(i).getKey() + " did not move");
                    }
                }
                assertEquals(6, frozen, "three weights and three biases in the field");
            }
        }
    }

    @Test
    void modelWithoutOdeBlockIsRefusedWithTheFix() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> AnodeModels.freezeOdeFields(new SequentialBlock()));
        assertTrue(error.getMessage().contains("OdeBlock"), error.getMessage());
    }

    private static long trainable(String row, boolean freeze) {
        Block block = AnodeModels.report(ReportVariant.of(row), SOLVER, Sensitivity.DIRECT, 1);
        if (freeze) {
            assertEquals(1, AnodeModels.freezeOdeFields(block));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 784));
            return TrainableParameters.count(block);
        }
    }

    private static List<double[]> values(Block block) {
        List<double[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            values.add(pair.getValue().getArray().toType(DataType.FLOAT64, false)
                    .toDoubleArray());
        }
        return values;
    }

    private static double maxDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
