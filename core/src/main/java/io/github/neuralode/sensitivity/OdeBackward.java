package io.github.neuralode.sensitivity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import io.github.neuralode.engine.Autograd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The backward pass of models that contain adjoint-mode ODE solves: call {@link
 * #backward(GradientCollector, NDArray)} where you would call {@code collector.backward(loss)}.
 *
 * <pre>{@code
 * try (GradientCollector collector = trainer.newGradientCollector()) {
 *     NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data));
 *     OdeBackward.backward(collector, loss); // instead of collector.backward(loss)
 * }
 * trainer.step();
 * }</pre>
 *
 * <p>An adjoint-mode solve (for example an {@code OdeBlock} with {@link
 * Sensitivity#CHECKPOINT_ADJOINT}) runs off the tape and returns a fresh leaf array; it registers a
 * {@link PendingAdjoint} on the current thread. {@code backward} then (1) back-propagates the loss
 * through the ordinary graph, which fills the gradients of those leaves, (2) runs every pending
 * adjoint, newest first, which adds the vector fields' parameter gradients and yields {@code
 * dL/dy0}, and (3) back-propagates {@code dL/dy0} into the graph that produced {@code y0} (upstream
 * layers, or an earlier ODE solve's output leaf, which is why the order is newest first). The
 * graphs are retained during these passes (an upstream graph may be shared by several of them) and
 * freed when their arrays are closed. Everything the adjoints created is closed.
 *
 * <p>Gradients accumulate as with any autograd backward. Registrations are per thread.
 */
public final class OdeBackward {

    private static final Logger logger = LoggerFactory.getLogger(OdeBackward.class);
    private static final int PENDING_WARNING = 256;

    private static final ThreadLocal<Deque<PendingAdjoint>> PENDING =
            ThreadLocal.withInitial(ArrayDeque::new);

    private OdeBackward() {}

    /**
     * Back-propagates a scalar loss through the model, including its adjoint-mode ODE solves.
     *
     * @param collector the open gradient collector (used directly when nothing is pending)
     * @param loss the scalar loss, computed with recording on
     */
    public static void backward(GradientCollector collector, NDArray loss) {
        Deque<PendingAdjoint> pending = PENDING.get();
        if (pending.isEmpty()) {
            collector.backward(loss);
            return;
        }
        try (NDArray ones = loss.onesLike()) {
            Autograd.backward(loss, ones, true);
        }
        try {
            while (!pending.isEmpty()) {
                try (PendingAdjoint next = pending.pollLast()) {
                    run(next);
                }
            }
        } finally {
            // After a failed pass the remaining solves cannot be back-propagated any more.
            discardPending();
        }
    }

    private static void run(PendingAdjoint pending) {
        NDArray output = pending.output();
        if (output.isReleased()) {
            return;
        }
        NDArray outputs = pending.solve().solution().outputs();
        try (NDManager scope = output.getManager().newSubManager();
                Autograd.GradModeScope recording = Autograd.record()) {
            NDArray gradient = output.getGradient();
            gradient.attach(scope);
            NDArray cotangent =
                    gradient.toType(outputs.getDataType(), false).reshape(outputs.getShape());
            cotangent.attach(scope);
            NDArray y0Cotangent = pending.solve().backward(cotangent);
            y0Cotangent.attach(scope);
            NDArray y0 = pending.y0();
            if (!y0.isReleased()) {
                Autograd.backwardIfOnTape(y0, y0Cotangent, true);
            }
            pending.onFinished().accept(pending.solve().backwardEvaluations());
        }
    }

    /**
     * Refuses to go on when an adjoint solve of an earlier forward pass on this thread was
     * back-propagated by an ordinary {@code collector.backward(loss)} (its output leaf holds a
     * gradient) or its output was closed without any backward pass: both mean that {@link
     * #backward} was bypassed, so nothing upstream of the solve and nothing in its vector field
     * was trained. Forward passes of ODE blocks call this first; the stale solves are discarded.
     *
     * @throws IllegalStateException naming {@code AdjointTrain.fit} and {@link #backward}
     */
    public static void requireNoBypassedBackward() {
        Deque<PendingAdjoint> pending = PENDING.get();
        for (PendingAdjoint solve : pending) {
            NDArray output = solve.output();
            if (output.isReleased() || Autograd.hasBackwardGradient(output)) {
                discardPending();
                throw new IllegalStateException(
                        "an adjoint-mode ODE solve (for example an OdeBlock with"
                                + " CHECKPOINT_ADJOINT or BACKSOLVE_ADJOINT) was back-propagated"
                                + " with collector.backward(loss), as EasyTrain.fit and"
                                + " EasyTrain.trainBatch do, or its output was closed without a"
                                + " backward pass: that trains nothing upstream of the solve and"
                                + " nothing in its vector field. Use AdjointTrain.fit instead of"
                                + " EasyTrain.fit, or OdeBackward.backward(collector, loss)"
                                + " instead of collector.backward(loss); after a recorded"
                                + " forward pass that is not back-propagated, call"
                                + " OdeBackward.discardPending()");
            }
        }
    }

    /**
     * Registers an adjoint solve whose backward pass the next {@link #backward} call runs.
     *
     * @param pending the solve, its output leaf and its input
     */
    public static void register(PendingAdjoint pending) {
        Deque<PendingAdjoint> queue = PENDING.get();
        queue.addLast(pending);
        if (queue.size() == PENDING_WARNING) {
            logger.warn(
                    "{} adjoint ODE solves wait for a backward pass on this thread: use"
                            + " OdeBackward.backward(collector, loss) instead of"
                            + " collector.backward(loss) (or AdjointTrain instead of EasyTrain), or"
                            + " call OdeBackward.discardPending() after recorded forward passes"
                            + " that are not back-propagated",
                    PENDING_WARNING);
        }
    }

    /**
     * Returns how many adjoint solves on this thread wait for a backward pass.
     *
     * @return the count
     */
    public static int pendingCount() {
        return PENDING.get().size();
    }

    /**
     * Drops and closes every pending adjoint solve of this thread (after a recorded forward pass
     * that will not be back-propagated).
     */
    public static void discardPending() {
        Deque<PendingAdjoint> pending = PENDING.get();
        while (!pending.isEmpty()) {
            pending.pollLast().close();
        }
    }
}
