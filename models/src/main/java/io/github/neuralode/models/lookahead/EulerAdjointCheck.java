package io.github.neuralode.models.lookahead;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;

import io.github.neuralode.ode.VectorField;
import io.github.neuralode.solver.OdeSolver;
import io.github.neuralode.solver.SaveAt;
import io.github.neuralode.solver.stepsize.ConstantStepSize;
import io.github.neuralode.solver.tableau.Tableaus;

/**
 * Checks the hand-written Euler adjoint of {@link SigmoidEulerProblem} against DJL autograd
 * through the same scheme run by {@link OdeSolver} ({@code Tableaus.EULER}, constant step 0.2),
 * in float64 on a chosen device.
 */
public final class EulerAdjointCheck {

    private EulerAdjointCheck() {}

    /**
     * Returns the autograd gradient {@code (dL/dW00, dL/dW01, dL/dW10, dL/dW11, dL/db0,
     * dL/db1)}.
     *
     * @param p the parameters
     * @param device the device that runs the solve and its backward pass
     * @return the flat gradient
     */
    public static double[] autogradGradient(SigmoidEulerProblem.Parameters p, Device device) {
        try (NDManager manager = NDManager.newBaseManager(device);
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray w = manager.create(p.w());
            NDArray b = manager.create(p.b());
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            NDArray z0 = manager.create(new double[][] {SigmoidEulerProblem.initialState()});
            NDArray target = manager.create(new double[][] {SigmoidEulerProblem.target()});
            VectorField field =
                    VectorField.autonomous(z -> Activation.sigmoid(z.matMul(w.transpose()).add(b)));
            OdeSolver solver =
                    OdeSolver.builder()
                            .optMethod(Tableaus.EULER)
                            .optStepSizeController(new ConstantStepSize(SigmoidEulerProblem.STEP))
                            .build();
            NDArray end = solver.solve(field, z0, SaveAt.finalState(0, 2)).finalState();
            collector.backward(end.sub(target).square().sum());
            double[] gw = w.getGradient().toDoubleArray();
            double[] gb = b.getGradient().toDoubleArray();
            return new double[] {gw[0], gw[1], gw[2], gw[3], gb[0], gb[1]};
        }
    }

    /**
     * Returns the largest relative difference, over the six gradient entries, between the
     * hand-written adjoint and autograd: {@code max_i |adj_i - ag_i| / max(|ag_i|, 1e-300)}.
     *
     * @param p the parameters
     * @param device the device of the autograd side
     * @return the maximum relative error
     */
    public static double maxRelativeError(SigmoidEulerProblem.Parameters p, Device device) {
        double[] adjoint = SigmoidEulerProblem.lossAndGradient(p).gradient().flat();
        double[] autograd = autogradGradient(p, device);
        double worst = 0;
        for (int i = 0; i < adjoint.length; i++) {
            double scale = Math.max(Math.abs(autograd[i]), 1e-300);
            worst = Math.max(worst, Math.abs(adjoint[i] - autograd[i]) / scale);
        }
        return worst;
    }
}
