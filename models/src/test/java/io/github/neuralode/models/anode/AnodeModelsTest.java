package io.github.neuralode.models.anode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;

import io.github.neuralode.sensitivity.OdeBackward;
import io.github.neuralode.sensitivity.Sensitivity;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.stepsize.PidController;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every ANODE model saves and loads through DJL's {@code Model} (the loaded model computes the same
 * logits), and its parameter gradients under the checkpoint adjoint equal those under direct
 * autograd (float64, tight tolerances, one training pass with the same STEER draw).
 */
class AnodeModelsTest {

    private static final OdeSolver SOLVER =
            OdeSolver.builder().optStepSizeController(PidController.of(1e-8, 1e-9)).build();

    @ParameterizedTest
    @ValueSource(strings = {"node", "anode_p10", "il_anode_p25", "steer_b0.3", "second_order"})
    void reportModelsSaveLoadAndAgreeAcrossSensitivities(String key, @TempDir Path folder)
            throws IOException, MalformedModelException {
        ReportVariant variant = ReportVariant.of(key);
        compare(sensitivity -> AnodeModels.report(variant, SOLVER, sensitivity, 3),
                new Shape(4, 784), folder);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void convModelsSaveLoadAndAgreeAcrossSensitivities(int extraChannels, @TempDir Path folder)
            throws IOException, MalformedModelException {
        compare(sensitivity -> AnodeModels.convAnode(extraChannels, 3, SOLVER, sensitivity),
                new Shape(2, 1, 6, 6), folder);
    }

    private static void compare(Function<Sensitivity, Block> factory, Shape input, Path folder)
            throws IOException, MalformedModelException {
        Engine.getInstance().setRandomSeed(17);
        try (Model direct = Model.newInstance("direct");
                Model adjoint = Model.newInstance("adjoint")) {
            direct.setDataType(DataType.FLOAT64);
            direct.setBlock(factory.apply(Sensitivity.DIRECT));
            direct.getBlock().initialize(direct.getNDManager(), DataType.FLOAT64, input);
            direct.save(folder, "anode");
            adjoint.setDataType(DataType.FLOAT64);
            adjoint.setBlock(factory.apply(Sensitivity.CHECKPOINT_ADJOINT));
            adjoint.load(folder, "anode");

            NDManager manager = direct.getNDManager();
            NDArray x = manager.randomUniform(0, 1, input).toType(DataType.FLOAT64, false);
            NDArray labels = manager.create(new double[] {1, 7, 3, 0}).get("0:" + input.get(0));
            double[] logits = evaluate(direct, x);
            assertArrayEquals(logits, evaluate(adjoint, x.duplicate()), 1e-12, "loaded model");

            List<double[]> expected = gradients(direct, x, labels);
            List<double[]> actual = gradients(adjoint, x, labels);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                double error = relativeError(actual.get(i), expected.get(i));
                assertTrue(error < 1e-6, "parameter " + i + ": relative error " + error);
            }
        }
    }

    private static double[] evaluate(Model model, NDArray x) {
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        return model.getBlock().forward(store, new NDList(x), false).singletonOrThrow().toDoubleArray();
    }

    private static List<double[]> gradients(Model model, NDArray x, NDArray labels) {
        for (Pair<String, Parameter> pair : model.getBlock().getParameters()) {
            pair.getValue().getArray().setRequiresGradient(true);
        }
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.getBlock().forward(store, new NDList(x), true).singletonOrThrow();
            NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
            OdeBackward.backward(collector, loss);
        }
        List<double[]> gradients = new ArrayList<>();
        for (Pair<String, Parameter> pair : model.getBlock().getParameters()) {
            try (NDArray gradient = pair.getValue().getArray().getGradient()) {
                gradients.add(gradient.toDoubleArray());
            }
        }
        return gradients;
    }

    private static double relativeError(double[] actual, double[] expected) {
        double difference = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return difference / Math.max(scale, 1e-12);
    }
}
