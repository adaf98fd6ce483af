package io.github.neuralode.solver;

/**
 * An output time reached inside an accepted step, as the solve loop recorded it: which output,
 * which step group, where in the step, and in which round (in {@code PER_SAMPLE} mode a step can
 * hold several outputs of one sample; each round interpolates every group at most once).
 *
 * @param output the index of the output time
 * @param group the step group (0 for a shared step)
 * @param theta the fraction of the step, in (0, 1]
 * @param round the interpolation round within the step, from 0
 */
public record OutputHit(int output, int group, double theta, int round) {}
