package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import io.github.neuralode.engine.HostReads;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class GradientTransformTest {

    /**
     * Data-parallel gradients: two parameters, each with a copy per device (two copies on the
     * CPU stand in for two devices). The optimizer steps with the sums {@code (3, 4)} and {@code
     * (12)}, global norm 13; clipping to 6.5 halves every copy, and so the sums. The norm costs one
     * host read for all parameters.
     */
    @Test
    void deviceCopiesAreClippedByTheNormOfTheirSums() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a1 = manager.create(new double[] {1, 1});
            NDArray a2 = manager.create(new double[] {2, 3});
            NDArray b1 = manager.create(new double[] {5});
            NDArray b2 = manager.create(new double[] {7});
            long readsBefore = HostReads.count();
            double norm =
                    GradientTransform.clipGlobalNorm(6.5)
                            .applyToCopies(List.of(List.of(a1, a2), List.of(b1, b2)));
            assertEquals(1, HostReads.count() - readsBefore, "host reads for two parameters");
            assertEquals(13.0, norm, 1e-12);
            assertArrayEquals(new double[] {0.5, 0.5}, a1.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {1.0, 1.5}, a2.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {2.5}, b1.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {3.5}, b2.toDoubleArray(), 1e-15);
            double unchanged =
                    GradientTransform.clipGlobalNorm(100)
                            .applyToCopies(List.of(List.of(a1, a2), List.of(b1, b2)));
            assertEquals(6.5, unchanged, 1e-12);
            assertArrayEquals(new double[] {0.5, 0.5}, a1.toDoubleArray(), 1e-15);
        }
    }

    /**
     * For L = sum(Linear(x)) with x = (3, 4) the gradients are (3, 4) for the weight and 1 for
     * the bias: global norm sqrt(26).
     */
    private static double[] transformed(GradientTransform transform, double[] normOut) {
        try (Model model = Model.newInstance("g", Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            model.setDataType(DataType.FLOAT64);
            Block block = Linear.builder().setUnits(1).build();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT64, new Shape(1, 2));
            NDArray x = manager.create(new double[][] {{3, 4}});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = block.forward(new ParameterStore(manager, false), new NDList(x), true);
                collector.backward(out.singletonOrThrow().sum());
            }
            List<Parameter> parameters = new ArrayList<>(block.getParameters().values());
            normOut[0] = transform.apply(parameters);
            List<Double> values = new ArrayList<>();
            for (Parameter p : parameters) {
                try (NDArray g = p.getArray().getGradient()) {
                    for (double v : g.toDoubleArray()) {
                        values.add(v);
                    }
                }
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Test
    void normalizeRescalesTheGlobalNormToTheTarget() {
        double[] norm = new double[1];
        double[] g = transformed(GradientTransform.normalizeTo(100), norm);
        double s = 100 / Math.sqrt(26);
        assertEquals(Math.sqrt(26), norm[0], 1e-12);
        assertArrayEquals(new double[] {3 * s, 4 * s, s}, g, 1e-12);
    }

    @Test
    void clippingScalesOnlyGradientsAboveTheBound() {
        double[] norm = new double[1];
        double[] clipped = transformed(GradientTransform.clipGlobalNorm(1.0), norm);
        double s = 1 / Math.sqrt(26);
        assertArrayEquals(new double[] {3 * s, 4 * s, s}, clipped, 1e-12);
        double[] untouched = transformed(GradientTransform.clipGlobalNorm(10.0), norm);
        assertArrayEquals(new double[] {3, 4, 1}, untouched, 0.0);
    }
}
