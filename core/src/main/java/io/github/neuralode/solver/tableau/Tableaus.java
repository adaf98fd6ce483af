package io.github.neuralode.solver.tableau;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The explicit Runge-Kutta methods shipped with the library, as constants.
 *
 * <table>
 *   <caption>Methods</caption>
 *   <tr><th>constant</th><th>order</th><th>error estimate</th><th>evaluations per step</th>
 *       <th>dense output</th></tr>
 *   <tr><td>EULER</td><td>1</td><td>-</td><td>1</td><td>Hermite</td></tr>
 *   <tr><td>MIDPOINT</td><td>2</td><td>-</td><td>2</td><td>Hermite</td></tr>
 *   <tr><td>HEUN</td><td>2</td><td>1 (Euler)</td><td>2</td><td>Hermite</td></tr>
 *   <tr><td>RK4</td><td>4</td><td>-</td><td>4</td><td>Hermite</td></tr>
 *   <tr><td>BOSH3</td><td>3</td><td>2</td><td>3 (FSAL)</td><td>Hermite</td></tr>
 *   <tr><td>DOPRI5</td><td>5</td><td>4</td><td>6 (FSAL)</td><td>native, order 4</td></tr>
 *   <tr><td>TSIT5</td><td>5</td><td>4</td><td>6 (FSAL)</td><td>Hermite</td></tr>
 * </table>
 *
 * <p>Sources: Bogacki and Shampine, Appl. Math. Lett. 2 (1989); Dormand and Prince, J. Comput.
 * Appl. Math. 6 (1980) with the continuous extension of Hairer, Norsett and Wanner, Solving ODEs I
 * (code DOPRI5); Tsitouras, Comput. Math. Appl. 62 (2011).
 *
 * <p>Dopri5's fifth-order solution has a one-parameter family of fourth-order embedded companions
 * (its seventh stage is free). We use the one torchdiffeq uses, {@code b^ = (1951/21600, 0,
 * 22642/50085, 451/720, -12231/42400, 649/6300, 1/60)}, so a given rtol/atol takes the same steps
 * as there (same function evaluations on the same problem). Hairer's DOPRI5 code uses {@code
 * (5179/57600, 0, 7571/16695, 393/640, -92097/339200, 187/2100, 1/40)}, which on our benchmark
 * took about 6 % more steps for a slightly smaller error.
 */
public final class Tableaus {

    /** Forward Euler, order 1. */
    public static final ButcherTableau EULER =
            ButcherTableau.builder("Euler", "euler")
                    .setMethod(1, new double[] {0}, new double[][] {{}}, new double[] {1})
                    .build();

    /** Explicit midpoint rule, order 2. */
    public static final ButcherTableau MIDPOINT =
            ButcherTableau.builder("Explicit midpoint", "midpoint")
                    .setMethod(
                            2,
                            new double[] {0, 0.5},
                            new double[][] {{}, {0.5}},
                            new double[] {0, 1})
                    .build();

    /** Heun's method (explicit trapezoid), order 2, with the Euler solution as error estimate. */
    public static final ButcherTableau HEUN =
            ButcherTableau.builder("Heun-Euler 2(1)", "heun")
                    .setMethod(2, new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5})
                    .optEmbedded(1, new double[] {1, 0})
                    .build();

    /** The classical fourth-order Runge-Kutta method. */
    public static final ButcherTableau RK4 =
            ButcherTableau.builder("Classical Runge-Kutta 4", "rk4")
                    .setMethod(
                            4,
                            new double[] {0, 0.5, 0.5, 1},
                            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
                            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6})
                    .build();

    /** Bogacki-Shampine 3(2), FSAL. */
    public static final ButcherTableau BOSH3 =
            ButcherTableau.builder("Bogacki-Shampine 3(2)", "bosh3")
                    .setMethod(
                            3,
                            new double[] {0, 0.5, 0.75, 1},
                            new double[][] {{}, {0.5}, {0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
                            new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0})
                    .optEmbedded(2, new double[] {7.0 / 24, 0.25, 1.0 / 3, 0.125})
                    .build();

    /**
     * Dormand-Prince 5(4), FSAL, with Hairer's fourth-order continuous extension and torchdiffeq's
     * embedded solution (see the class notes).
     */
    public static final ButcherTableau DOPRI5 = dopri5();

    /** Tsitouras 5(4), FSAL. */
    public static final ButcherTableau TSIT5 = tsit5();

    private static final List<ButcherTableau> ALL =
            List.of(EULER, MIDPOINT, HEUN, RK4, BOSH3, DOPRI5, TSIT5);

    private Tableaus() {}

    /**
     * Returns every shipped method.
     *
     * @return the methods, lowest order first
     */
    public static List<ButcherTableau> all() {
        return ALL;
    }

    /**
     * Looks a method up by its short name (case-insensitive).
     *
     * @param shortName e.g. "dopri5"
     * @return the tableau
     * @throws IllegalArgumentException naming the known methods if there is no such method
     */
    public static ButcherTableau byName(String shortName) {
        String key = shortName.toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(t -> t.shortName().equals(key))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown method '"
                                                + shortName
                                                + "': choose one of "
                                                + ALL.stream()
                                                        .map(ButcherTableau::shortName)
                                                        .collect(Collectors.joining(", "))));
    }

    private static ButcherTableau dopri5() {
        double[] b = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
        double[][] a = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
            {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}
        };
        double[] bHat = {
            1951.0 / 21600, 0, 22642.0 / 50085, 451.0 / 720, -12231.0 / 42400, 649.0 / 6300, 1.0 / 60
        };
        // Continuous extension (Hairer's DOPRI5): y(theta) = y0 + theta*dy + theta(1-theta)*(h k1 - dy)
        // + theta^2(1-theta)*(2 dy - h k1 - h k7) + theta^2(1-theta)^2 * h sum d_i k_i, dy = h sum b_i k_i.
        double[] d = {
            -12715105075.0 / 11282082432.0,
            0,
            87487479700.0 / 32700410799.0,
            -10690763975.0 / 1880347072.0,
            701980252875.0 / 199316789632.0,
            -1453857185.0 / 822651844.0,
            69997945.0 / 29380423.0
        };
        double[][] polynomial = new double[7][4];
        for (int i = 0; i < 7; i++) {
            double first = i == 0 ? 1 : 0;
            double last = i == 6 ? 1 : 0;
            double u = first - b[i];
            double v = 2 * b[i] - first - last;
            polynomial[i] = new double[] {first, -u + v + d[i], -v - 2 * d[i], d[i]};
        }
        return ButcherTableau.builder("Dormand-Prince 5(4)", "dopri5")
                .setMethod(5, new double[] {0, 0.2, 0.3, 0.8, 8.0 / 9, 1, 1}, a, b)
                .optEmbedded(4, bHat)
                .optDenseOutput(4, polynomial)
                .build();
    }

    private static ButcherTableau tsit5() {
        double[][] a = {
            {},
            {0.161},
            {-0.008480655492356989, 0.335480655492357},
            {2.897153057105493, -6.359448489975075, 4.3622954328695815},
            {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
            {
                5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401,
                -0.028269050394068383
            },
            {
                0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742,
                -3.290069515436081, 2.324710524099774
            }
        };
        double[] b = new double[7];
        System.arraycopy(a[6], 0, b, 0, 6);
        double[] errorWeights = {
            -0.00178001105222577714,
            -0.0008164344596567469,
            0.007880878010261995,
            -0.1447110071732629,
            0.5823571654525552,
            -0.45808210592918697,
            1.0 / 66
        };
        double[] bHat = new double[7];
        for (int i = 0; i < 7; i++) {
            bHat[i] = b[i] - errorWeights[i];
        }
        return ButcherTableau.builder("Tsitouras 5(4)", "tsit5")
                .setMethod(5, new double[] {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1}, a, b)
                .optEmbedded(4, bHat)
                .build();
    }
}
