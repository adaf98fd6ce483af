package io.github.neuralode.data.kinetics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.solver.OdeSolution;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.PidController;
import io.github.neuralode.solver.stiff.AnalyticJacobian;
import io.github.neuralode.solver.stiff.Rosenbrock;
import io.github.neuralode.solver.stiff.RosenbrockTableaus;

import java.util.Arrays;

/**
 * The training series of the stiff neural ODE experiments (Kim et al., "Stiff neural ordinary
 * differential equations", Chaos 31, 2021): a kinetics problem's true trajectory, computed with
 * this library's Rodas5P and the network's exact Jacobian in float64 at rtol {@value #RTOL}, from
 * {@code t0} and sampled at the given times.
 *
 * <ul>
 *   <li>{@link #rober()}: ROBER from {@code (1, 0, 0)} at 50 times log-spaced over {@code [1e-5,
 *       1e5]} (the start {@code t0 = 0} is not a sample, as in the authors' code);
 *   <li>{@link #pollu()}: POLLU from the Test Set's initial state at 20 times evenly spaced over
 *       {@code [0, 60]} (the first sample is the start).
 * </ul>
 *
 * @param name the problem's name
 * @param t0 the time of the initial state
 * @param initialState the state at {@code t0}, one entry per species
 * @param times the sample times, increasing, all at or after {@code t0}
 * @param values the true state at every sample time, {@code [time][species]}
 */
public record KineticsSeries(
        String name, double t0, double[] initialState, double[] times, double[][] values) {

    /** The relative tolerance of the reference solves. */
    public static final double RTOL = 1e-12;

    /**
     * The absolute tolerance of the reference solves: far below every concentration that matters
     * (ROBER's smallest sampled y2 is about 3e-8, POLLU's y16 about 4e-17 at t = 60).
     */
    static final double ATOL = 1e-20;

    /** Copies the arrays given, so that later changes to them do not reach the series. */
    public KineticsSeries {
        initialState = initialState.clone();
        times = times.clone();
        values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * ROBER's series: 50 samples log-spaced over {@code [1e-5, 1e5]} from {@code (1, 0, 0)} at
     * {@code t0 = 0}.
     *
     * @return the series
     */
    public static KineticsSeries rober() {
        double[] times = new double[50];
        for (int i = 0; i < times.length; i++) {
            times[i] = Math.pow(10, -5 + 10.0 * i / (times.length - 1));
        }
        times[times.length - 1] = 1e5;
        return solve("ROBER", Rober.NETWORK, Rober.initialState(), 0.0, times);
    }

    /**
     * POLLU's series: 20 samples evenly spaced over {@code [0, 60]} from the Test Set's initial
     * state, the first sample being that state.
     *
     * @return the series
     */
    public static KineticsSeries pollu() {
        double[] times = new double[20];
        for (int i = 0; i < times.length; i++) {
            times[i] = 60.0 * i / (times.length - 1);
        }
        return solve("POLLU", Pollu.NETWORK, Pollu.initialState(), 0.0, times);
    }

    /**
     * Solves a network from {@code t0} and samples it.
     *
     * @param name the problem's name
     * @param network the kinetics
     * @param initialState the state at {@code t0}
     * @param t0 the start time
     * @param times the sample times, increasing, none before {@code t0}
     * @return the series
     */
    static KineticsSeries solve(
            String name,
            ReactionNetwork network,
            double[] initialState,
            double t0,
            double[] times) {
        boolean startSampled = times[0] == t0;
        double[] requested = startSampled ? times : prepend(t0, times);
        try (NDManager manager = NDManager.newBaseManager();
                Autograd.GradModeScope paused = Autograd.pause()) {
            MassActionField field = network.field(manager, DataType.FLOAT64);
            NDArray y0 = network.states(manager, new double[][] {initialState}, DataType.FLOAT64);
            OdeSolver solver =
                    OdeSolver.builder()
                            .optMethod(
                                    Rosenbrock.of(
                                            RosenbrockTableaus.RODAS5P,
                                            AnalyticJacobian.autonomous(field.jacobian())))
                            .optStepSizeController(PidController.of(RTOL, ATOL))
                            .optMaxSteps(1_000_000)
                            .build();
            OdeSolution solution =
                    solver.solve(field, y0, SaveAt.times(requested)).throwIfFailed();
            int species = network.species();
            double[] flat = solution.outputs().toDoubleArray(); // (times, 1, species)
            int skip = startSampled ? 0 : 1;
            double[][] values = new double[times.length][species];
            for (int i = 0; i < times.length; i++) {
                System.arraycopy(flat, (i + skip) * species, values[i], 0, species);
            }
            return new KineticsSeries(name, t0, initialState, times, values);
        }
    }

    /**
     * Returns the number of species.
     *
     * @return the state size
     */
    public int species() {
        return initialState.length;
    }

    /**
     * Returns every species' largest sampled value (the ROBER scale of the authors' code).
     *
     * @return one maximum per species
     */
    public double[] maxima() {
        double[] maxima = new double[species()];
        Arrays.fill(maxima, Double.NEGATIVE_INFINITY);
        for (double[] row : values) {
            for (int i = 0; i < row.length; i++) {
                maxima[i] = Math.max(maxima[i], row[i]);
            }
        }
        return maxima;
    }

    /**
     * Returns every species' sampled range, largest minus smallest value (the POLLU scale of the
     * authors' code).
     *
     * @return one range per species
     */
    public double[] ranges() {
        double[] ranges = maxima();
        for (int i = 0; i < ranges.length; i++) {
            double smallest = Double.POSITIVE_INFINITY;
            for (double[] row : values) {
                smallest = Math.min(smallest, row[i]);
            }
            ranges[i] -= smallest;
        }
        return ranges;
    }

    /**
     * Returns the end time, the last sample's.
     *
     * @return {@code times[times.length - 1]}
     */
    public double endTime() {
        return times[times.length - 1];
    }

    private static double[] prepend(double first, double[] rest) {
        double[] all = new double[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
