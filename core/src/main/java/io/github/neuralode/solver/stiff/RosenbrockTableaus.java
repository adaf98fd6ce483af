package io.github.neuralode.solver.stiff;

/**
 * The Rosenbrock methods shipped with the library, as constants in the transformed form of
 * {@link RosenbrockTableau}.
 *
 * <table>
 *   <caption>Methods</caption>
 *   <tr><th>constant</th><th>order</th><th>error estimate</th><th>stages (solves)</th>
 *       <th>evaluations per step</th><th>dense output</th><th>stability</th></tr>
 *   <tr><td>ROSENBROCK23</td><td>2</td><td>3</td><td>3</td><td>2 (FSAL)</td>
 *       <td>own, order 2</td><td>L-stable</td></tr>
 *   <tr><td>RODAS5P</td><td>5</td><td>4</td><td>8</td><td>8</td><td>own, order 4</td>
 *       <td>L-stable, stiffly accurate</td></tr>
 * </table>
 *
 * <p>Both are Rosenbrock methods: their orders hold with the exact Jacobian (analytic, autograd,
 * or finite differences accurate to the step's error level).
 */
public final class RosenbrockTableaus {

    private static final double D = 1.0 / (2.0 + Math.sqrt(2.0));
    private static final double E32 = 6.0 + Math.sqrt(2.0);

    /**
     * The method of MATLAB's {@code ode23s}: Shampine and Reichelt, "The MATLAB ODE Suite", SIAM
     * J. Sci. Comput. 18(1), 1-22 (1997), Sect. 3, with {@code d = 1/(2 + sqrt 2)} and {@code e32
     * = 6 + sqrt 2}. Their formulas (with {@code W = I - h d J}, {@code T = f_t})
     *
     * <pre>
     *   k1 = W^-1 (F0 + h d T);  F1 = f(t + h/2, y + h k1/2);  k2 = W^-1 (F1 - k1) + k1
     *   y1 = y + h k2;  F2 = f(t + h, y1)
     *   k3 = W^-1 (F2 - e32 (k2 - F1) - 2 (k1 - F0) + h d T);  error = h (k1 - 2 k2 + k3) / 6
     *   y(t + theta h) = y + h (theta (1 - theta) k1 + theta (theta - 2 d) k2) / (1 - 2 d)
     * </pre>
     *
     * are a 3-stage Rosenbrock method with {@code gamma = d}, {@code alpha = (0, 1/2, 1)}, {@code
     * Gamma = d [[1], [-1, 1], [e32 - 2, -e32, 1]]}, {@code b = (0, 1, 0)} (order 2) and the
     * order-3 solution {@code bHat = (1, 4, 1)/6} that the error estimate compares with; the
     * coefficients below are that method transformed ({@code u = Gamma k h}, so {@code h k1 =
     * u_0/d}, {@code h k2 = (u_0 + u_1)/d}). L-stable; FSAL (the third stage is {@code f(t + h,
     * y1)}); dense output of order 2. The time-derivative weight of the third stage is {@code
     * -d}, which is what {@code h d T} in {@code k3} gives; OrdinaryDiffEq.jl's {@code
     * Rosenbrock23} writes {@code h T} there, which changes only the error estimate of
     * time-dependent problems and fails the check {@code gammaSum_i = sum_j Gamma_ij}.
     */
    public static final RosenbrockTableau ROSENBROCK23 =
            RosenbrockTableau.builder("Rosenbrock 2(3), Shampine-Reichelt ode23s", "rosenbrock23")
                    .setMethod(
                            2,
                            D,
                            new double[][] {{}, {1 / (2 * D)}, {1 / D, 1 / D}},
                            new double[][] {{}, {-1 / D}, {-2 / D, -E32 / D}},
                            new double[] {1 / D, 1 / D, 0})
                    .setNodes(new double[] {0, 0.5, 1}, new double[] {D, 0, -D})
                    .setEmbedded(3, new double[] {7 / (6 * D), (4 + E32) / (6 * D), 1 / (6 * D)})
                    .setDenseOutput(
                            2,
                            new double[][] {
                                {1 / D, 0}, {-2 / (1 - 2 * D), 1 / ((1 - 2 * D) * D)}, {0, 0}
                            })
                    .build();

    private static final double[] RODAS5P_LAST_INPUT = {
        -7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256,
        0.030198172008377946, 1.0, 1.0
    };

    /**
     * Rodas5P: Steinebach, "Construction of Rosenbrock-Wanner method Rodas5P and numerical
     * benchmarks within the Julia Differential Equations package", BIT Numer. Math. 63, 27 (2023),
     * doi:10.1007/s10543-023-00967-x; the transformed coefficients ({@code gamma}, {@code a},
     * {@code C}, nodes {@code c} as alpha, {@code d} as gammaSum, dense matrix {@code H}) as
     * tabulated in OrdinaryDiffEq.jl ({@code Rodas5PTableau} in
     * {@code lib/OrdinaryDiffEqRosenbrock/src/rosenbrock_tableaus.jl}). Order 5, 8 stages,
     * stiffly accurate: the embedded order-4 solution is the input of the last stage ({@code mHat
     * = (a_7j, 0)}), the solution adds the last stage ({@code m = (a_7j, 1)}), so the error
     * estimate is {@code u_7}. Its dense output {@code y(theta) = (1 - theta) y + theta (y1 + (1 -
     * theta)(d_0 + theta d_1 + theta^2 d_2))} with {@code d_k = sum_i H_ki u_i} (order 4) is
     * expanded into powers of theta here.
     */
    public static final RosenbrockTableau RODAS5P =
            RosenbrockTableau.builder("Rodas5P (Steinebach 2023)", "rodas5p")
                    .setMethod(
                            5,
                            0.21193756319429014,
                            new double[][] {
                                {},
                                {3.0},
                                {2.849394379747939, 0.45842242204463923},
                                {-6.954028509809101, 2.489845061869568, -10.358996098473584},
                                {
                                    2.8029986275628964, 0.5072464736228206, -0.3988312541770524,
                                    -0.04721187230404641
                                },
                                {
                                    -7.502846399306121, 2.561846144803919, -11.627539656261098,
                                    -0.18268767659942256, 0.030198172008377946
                                },
                                {
                                    -7.502846399306121, 2.561846144803919, -11.627539656261098,
                                    -0.18268767659942256, 0.030198172008377946, 1.0
                                },
                                RODAS5P_LAST_INPUT
                            },
                            new double[][] {
                                {},
                                {-14.155112264123755},
                                {-17.97296035885952, -2.859693295451294},
                                {147.12150275711716, -1.41221402718213, 71.68940251302358},
                                {
                                    165.43517024871676, -0.4592823456491126, 42.90938336958603,
                                    -5.961986721573306
                                },
                                {
                                    24.854864614690072, -3.0009227002832186, 47.4931110020768,
                                    5.5814197821558125, -0.6610691825249471
                                },
                                {
                                    30.91273214028599, -3.1208243349937974, 77.79954646070892,
                                    34.28646028294783, -19.097331116725623, -28.087943162872662
                                },
                                {
                                    37.80277123390563, -3.2571969029072276, 112.26918849496327,
                                    66.9347231244047, -40.06618937091002, -54.66780262877968,
                                    -9.48861652309627
                                }
                            },
                            append(RODAS5P_LAST_INPUT, 1.0))
                    .setNodes(
                            new double[] {
                                0.0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716,
                                0.4288403609558664, 1.0, 1.0, 1.0
                            },
                            new double[] {
                                0.21193756319429014, -0.42387512638858027, -0.3384627126235924,
                                1.8046452872882734, 2.325825639765069, 0.0, 0.0, 0.0
                            })
                    .setEmbedded(4, append(RODAS5P_LAST_INPUT, 0.0))
                    .setDenseOutput(
                            4,
                            rodasDensePolynomial(
                                    append(RODAS5P_LAST_INPUT, 1.0),
                                    new double[][] {
                                        {
                                            25.948786856663858, -2.5579724845846235,
                                            10.433815404888879, -2.3679251022685204,
                                            0.524948541321073, 1.1241088310450404,
                                            0.4272876194431874, -0.17202221070155493
                                        },
                                        {
                                            -9.91568850695171, -0.9689944594115154,
                                            3.0438037242978453, -24.495224566215796,
                                            20.176138334709044, 15.98066361424651,
                                            -6.789040303419874, -6.710236069923372
                                        },
                                        {
                                            11.419903575922262, 2.8879645146136994,
                                            72.92137995996029, 80.12511834622643,
                                            -52.072871366152654, -59.78993625266729,
                                            -0.15582684282751913, 4.883087185713722
                                        }
                                    }))
                    .build();

    private RosenbrockTableaus() {}

    private static double[] append(double[] values, double last) {
        double[] result = java.util.Arrays.copyOf(values, values.length + 1);
        result[values.length] = last;
        return result;
    }

    /**
     * Expands the Rodas dense output {@code theta m_i + theta (1 - theta) sum_k theta^k H_ki}
     * into the coefficients of {@code theta^1 .. theta^(K+1)} per stage.
     */
    private static double[][] rodasDensePolynomial(double[] weights, double[][] h) {
        int s = weights.length;
        int k = h.length;
        double[][] polynomial = new double[s][k + 1];
        for (int i = 0; i < s; i++) {
            polynomial[i][0] = weights[i];
            for (int p = 0; p < k; p++) {
                polynomial[i][p] += h[p][i];
                polynomial[i][p + 1] -= h[p][i];
            }
        }
        return polynomial;
    }
}
