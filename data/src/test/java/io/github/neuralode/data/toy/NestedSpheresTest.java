package io.github.neuralode.data.toy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The Augmented Neural ODEs paper's nested spheres: counts, labels, radii, seeding. */
class NestedSpheresTest {

    @Test
    void defaultIsAThousandInnerThenAThousandOuterPointsIn2D() {
        LabelledPoints points = NestedSpheres.builder().setSeed(1).build().sample();
        assertEquals(2000, points.size());
        assertEquals(2, points.dimension());
        float[] labels = points.targets();
        for (int i = 0; i < 2000; i++) {
            assertEquals(i < 1000 ? -1f : 1f, labels[i], "point " + i);
        }
    }

    @Test
    void innerPointsLieInsideHalfAndOuterPointsBetweenOneAndOneAndAHalf() {
        for (int dimension : new int[] {1, 2, 3, 10}) {
            LabelledPoints points =
                    NestedSpheres.builder().setSeed(7).optDimension(dimension).build().sample();
            float[][] inputs = points.inputs();
            float[] labels = points.targets();
            double innerMax = 0;
            double outerMin = Double.MAX_VALUE;
            for (int i = 0; i < inputs.length; i++) {
                assertEquals(dimension, inputs[i].length);
                double r = NestedSpheres.radius(inputs[i]);
                if (labels[i] == NestedSpheres.INNER_LABEL) {
                    assertTrue(r < 0.5, "inner point " + i + " at radius " + r);
                    innerMax = Math.max(innerMax, r);
                } else {
                    assertTrue(r >= 1.0 && r <= 1.5, "outer point " + i + " at radius " + r);
                    outerMin = Math.min(outerMin, r);
                }
            }
            // Uniform in volume: the extreme radii come close to the boundaries.
            assertTrue(innerMax > 0.49, "d = " + dimension + ": largest inner radius " + innerMax);
            assertTrue(outerMin < 1.01, "d = " + dimension + ": smallest outer radius " + outerMin);
        }
    }

    @Test
    void areaUniformSamplingPutsThreeQuartersOfTheDiscOutsideRadiusAQuarter() {
        // P(r < 0.25) = (0.25 / 0.5)^2 = 1/4 for points uniform in the disc; 1/2 if uniform in r.
        float[][] inputs =
                NestedSpheres.builder().setSeed(3).optInnerCount(20000).build().sample().inputs();
        long near =
                Arrays.stream(inputs, 0, 20000).filter(p -> NestedSpheres.radius(p) < 0.25).count();
        assertEquals(0.25, near / 20000.0, 0.015);
    }

    @Test
    void sameSeedGivesTheSamePointsAndAnotherSeedOthers() {
        NestedSpheres.Builder builder = NestedSpheres.builder().optInnerCount(10).optOuterCount(20);
        float[][] a = builder.setSeed(42).build().sample().inputs();
        float[][] b = builder.setSeed(42).build().sample().inputs();
        float[][] c = builder.setSeed(43).build().sample().inputs();
        assertEquals(30, a.length);
        assertArrayEquals(a, b);
        assertFalse(Arrays.deepEquals(a, c));
    }

    @Test
    void datasetBatchesPointsAndColumnTargets() throws IOException, TranslateException {
        NestedSpheres spheres =
                NestedSpheres.builder().setSeed(5).optInnerCount(3).optOuterCount(4).build();
        LabelledPoints points = spheres.sample();
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = points.toDataset(manager, 4);
            assertEquals(7, dataset.size());
            try (Batch batch = dataset.getData(manager).iterator().next()) {
                NDArray data = batch.getData().singletonOrThrow();
                NDArray labels = batch.getLabels().singletonOrThrow();
                assertEquals(new Shape(4, 2), data.getShape());
                assertEquals(new Shape(4, 1), labels.getShape());
                assertArrayEquals(new float[] {-1, -1, -1, 1}, labels.toFloatArray());
                assertArrayEquals(points.inputs()[3], data.get(3).toFloatArray());
            }
        }
    }

    @Test
    void builderRejectsMissingSeedAndBadRadii() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NestedSpheres.builder().build());
        assertTrue(e.getMessage().contains("setSeed"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> NestedSpheres.builder().setSeed(1).optInnerRadius(1.2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> NestedSpheres.builder().setSeed(1).optOuterRadii(1.5, 1.0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> NestedSpheres.builder().setSeed(1).optDimension(0).build());
    }
}
