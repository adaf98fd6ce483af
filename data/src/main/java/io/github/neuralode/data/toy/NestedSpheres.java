package io.github.neuralode.data.toy;

import java.util.Random;

/**
 * The nested spheres of Dupont, Doucet and Teh, "Augmented Neural ODEs" (NeurIPS 2019): a ball of
 * radius 0.5 labelled -1 inside a shell from radius 1.0 to 1.5 labelled +1. No neural ODE without
 * augmentation can separate them, since its flow is a homeomorphism that cannot pull the ball out
 * through the shell. In 2 dimensions these are concentric circles: a disc inside an annulus.
 *
 * <p>Defaults: dimension 2, 1,000 inner and 1,000 outer points (2,000 in all, half each). The
 * {@link #sample()} result lists the inner points first, then the outer ones; shuffle when
 * batching.
 *
 * <p>Sampling, uniform in volume (in area for {@code d = 2}): the radius is {@code r = (a^d + U
 * (b^d - a^d))^(1/d)} with {@code U} uniform on [0, 1) and {@code [a, b] = [0, 0.5]} inside,
 * {@code [1.0, 1.5]} outside (for {@code d = 2}, {@code r = sqrt(U(a^2, b^2))}); the direction is a
 * standard Gaussian vector divided by its norm. A point whose float32 coordinates round across a
 * boundary is drawn again, so every inner point has radius below 0.5 and every outer one lies in
 * [1.0, 1.5]. (The paper's code draws {@code r = a + (b - a) U^(1/d)} instead, which is not uniform
 * in a shell; the classes are the same.)
 */
public final class NestedSpheres {

    /** Target of a point of the inner ball. */
    public static final float INNER_LABEL = -1f;

    /** Target of a point of the outer shell. */
    public static final float OUTER_LABEL = 1f;

    private final long seed;
    private final int dimension;
    private final int innerCount;
    private final int outerCount;
    private final double innerRadius;
    private final double outerMin;
    private final double outerMax;

    private NestedSpheres(Builder builder) {
        seed = builder.seed;
        dimension = builder.dimension;
        innerCount = builder.innerCount;
        outerCount = builder.outerCount;
        innerRadius = builder.innerRadius;
        outerMin = builder.outerMin;
        outerMax = builder.outerMax;
    }

    /**
     * Returns a builder; {@link Builder#setSeed} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the points; the same settings give the same points on every call.
     *
     * @return inputs {@code (innerCount + outerCount, d)}, inner points first, and targets
     *     {@link #INNER_LABEL} or {@link #OUTER_LABEL}
     */
    public LabelledPoints sample() {
        Random random = new Random(seed);
        int count = innerCount + outerCount;
        float[][] points = new float[count][];
        float[] labels = new float[count];
        for (int i = 0; i < count; i++) {
            boolean inner = i < innerCount;
            points[i] = inner ? pointInBall(random) : pointInShell(random);
            labels[i] = inner ? INNER_LABEL : OUTER_LABEL;
        }
        return new LabelledPoints(points, labels);
    }

    /**
     * Returns the dimension of the points.
     *
     * @return {@code d}, at least 1
     */
    public int dimension() {
        return dimension;
    }

    private float[] pointInBall(Random random) {
        float[] point;
        do {
            point = point(random, 0, innerRadius);
        } while (radius(point) >= innerRadius);
        return point;
    }

    private float[] pointInShell(Random random) {
        float[] point;
        double r;
        do {
            point = point(random, outerMin, outerMax);
            r = radius(point);
        } while (r < outerMin || r > outerMax);
        return point;
    }

    /** One point uniform in the volume between radii {@code a} and {@code b}, in float32. */
    private float[] point(Random random, double a, double b) {
        double lower = Math.pow(a, dimension);
        double upper = Math.pow(b, dimension);
        double r = Math.pow(lower + random.nextDouble() * (upper - lower), 1.0 / dimension);
        double[] direction = new double[dimension];
        double norm;
        do {
            norm = 0;
            for (int k = 0; k < dimension; k++) {
                direction[k] = random.nextGaussian();
                norm += direction[k] * direction[k];
            }
            norm = Math.sqrt(norm);
        } while (norm == 0);
        float[] point = new float[dimension];
        for (int k = 0; k < dimension; k++) {
            point[k] = (float) (r * direction[k] / norm);
        }
        return point;
    }

    /**
     * Returns a point's Euclidean norm, computed in double from its float32 coordinates.
     *
     * @param point the coordinates
     * @return the radius
     */
    public static double radius(float[] point) {
        double sum = 0;
        for (float x : point) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    /** Configures {@link NestedSpheres}; radii must be {@code 0 < inner < outerMin < outerMax}. */
    public static final class Builder {

        private Long seed;
        private int dimension = 2;
        private int innerCount = 1000;
        private int outerCount = 1000;
        private double innerRadius = 0.5;
        private double outerMin = 1.0;
        private double outerMax = 1.5;

        Builder() {}

        /**
         * Sets the seed of the {@link Random} that draws the points. Required.
         *
         * @param seed any value; the same seed gives the same points
         * @return this builder
         */
        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the dimension of the points. Default 2 (concentric circles).
         *
         * @param dimension {@code d}, at least 1 (in 1-D the "shell" is two intervals)
         * @return this builder
         */
        public Builder optDimension(int dimension) {
            this.dimension = dimension;
            return this;
        }

        /**
         * Sets the number of points in the inner ball. Default 1,000.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder optInnerCount(int count) {
            this.innerCount = count;
            return this;
        }

        /**
         * Sets the number of points in the outer shell. Default 1,000.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder optOuterCount(int count) {
            this.outerCount = count;
            return this;
        }

        /**
         * Sets the radius of the inner ball. Default 0.5.
         *
         * @param radius positive, below the shell's inner radius
         * @return this builder
         */
        public Builder optInnerRadius(double radius) {
            this.innerRadius = radius;
            return this;
        }

        /**
         * Sets the radii of the outer shell. Default 1.0 and 1.5.
         *
         * @param min the shell's inner radius, above the ball's radius
         * @param max the shell's outer radius, above {@code min}
         * @return this builder
         */
        public Builder optOuterRadii(double min, double max) {
            this.outerMin = min;
            this.outerMax = max;
            return this;
        }

        /**
         * Checks the settings and builds the generator.
         *
         * @return the generator
         * @throws IllegalArgumentException if the seed is missing, a count or the dimension is
         *     below 1, the radii are not {@code 0 < inner < outerMin < outerMax}, all finite, or
         *     the shell is thinner than {@code 1e-6 * outerMax}
         */
        public NestedSpheres build() {
            if (seed == null) {
                throw new IllegalArgumentException("seed is required: call setSeed(long)");
            }
            if (dimension < 1 || innerCount < 1 || outerCount < 1) {
                throw new IllegalArgumentException(
                        "dimension, innerCount and outerCount must be at least 1, got " + dimension
                                + ", " + innerCount + ", " + outerCount);
            }
            if ((long) innerCount + outerCount > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "innerCount + outerCount must fit in one Java array, got "
                                + ((long) innerCount + outerCount));
            }
            if (!(0 < innerRadius && innerRadius < outerMin && outerMin < outerMax
                    && Double.isFinite(outerMax))) {
                throw new IllegalArgumentException(
                        "radii must satisfy 0 < inner < outerMin < outerMax, finite; got inner "
                                + innerRadius + ", outer " + outerMin + " to " + outerMax);
            }
            if (outerMax - outerMin < 1e-6 * outerMax) {
                throw new IllegalArgumentException(
                        "the shell from " + outerMin + " to " + outerMax + " is thinner than 1e-6"
                                + " of its radius, too thin for float32 points; widen"
                                + " optOuterRadii");
            }
            return new NestedSpheres(this);
        }
    }
}
