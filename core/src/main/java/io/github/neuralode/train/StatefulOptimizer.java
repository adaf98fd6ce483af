package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;

import io.github.neuralode.engine.Autograd;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL {@link Optimizer} whose complete state can be saved and restored, so that a training run
 * continues after a restart exactly as if it had never stopped.
 *
 * <p>State lives per parameter id and per device, created lazily on the first update. Steps are
 * counted per (parameter, device): multi-device training calls {@code update} once per device
 * copy, and each copy sees exactly one call per training step, so these counters count training
 * steps, not {@code update} calls. Subclasses zero the weight's gradient after their update, as
 * DJL's built-in optimizers do on the PyTorch engine.
 *
 * <p>State tensors are owned by the manager of the weight they belong to; they are updated
 * outside autograd recording.
 */
public abstract class StatefulOptimizer extends Optimizer {

    private final Map<StateKey, Long> steps = new HashMap<>();
    private final Map<StateKey, NDArray> tensors = new LinkedHashMap<>();

    /**
     * Creates the optimizer.
     *
     * @param builder DJL's optimizer builder (rescale, weight decay, clip settings)
     */
    protected StatefulOptimizer(OptimizerBuilder<?> builder) {
        super(builder);
    }

    /**
     * Advances and returns the training-step count of one parameter on one device (1 on the
     * first call).
     *
     * @param parameterId the parameter id
     * @param weight the device copy being updated
     * @return the 1-based step number
     */
    protected final long nextStep(String parameterId, NDArray weight) {
        return steps.merge(key(parameterId, weight, "step"), 1L, Long::sum);
    }

    /**
     * Returns a state tensor, creating it as zeros (or a copy of the weight) on first use.
     *
     * @param parameterId the parameter id
     * @param weight the device copy the state belongs to (shape, type, device)
     * @param slot the state's slot name
     * @param initial how to create the tensor on first use
     * @return the live state tensor (updated in place by the caller)
     */
    protected final NDArray state(
            String parameterId, NDArray weight, String slot, StateInit initial) {
        return tensors.computeIfAbsent(
                key(parameterId, weight, slot),
                k -> {
                    try (Autograd.GradModeScope paused = Autograd.pause()) {
                        NDArray created =
                                initial == StateInit.ZEROS
                                        ? weight.zerosLike()
                                        : weight.duplicate();
                        return created.stopGradient();
                    }
                });
    }

    /**
     * Returns the settings that define this optimizer's update rule, stored in every checkpoint
     * so that a resumed run can refuse the state of another optimizer or other settings.
     *
     * @return setting name to value in words (for example {@code lr=0.01}), in a fixed order
     */
    public abstract Map<String, String> settings();

    /**
     * Describes this optimizer and its settings in one line, for example {@code
     * Adam(lr=0.01, beta1=0.9, beta2=0.999, epsilon=1.0E-8, decoupled_weight_decay=0.0,
     * rescale_grad=1.0)}.
     *
     * @return the class name followed by {@link #settings()}
     */
    public final String describe() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('(');
        String separator = "";
        for (Map.Entry<String, String> setting : settings().entrySet()) {
            text.append(separator).append(setting.getKey()).append('=').append(setting.getValue());
            separator = ", ";
        }
        return text.append(')').toString();
    }

    /**
     * Copies this optimizer's state (counters and tensors) onto a manager.
     *
     * @param manager owns the copies; close it after writing them
     * @return the snapshot
     */
    public OptimizerState saveState(NDManager manager) {
        Map<StateKey, NDArray> copies = new LinkedHashMap<>();
        tensors.forEach(
                (key, value) -> {
                    NDArray copy = value.duplicate();
                    copy.attach(manager);
                    copies.put(key, copy);
                });
        return new OptimizerState(copies, steps);
    }

    /**
     * Replaces this optimizer's state by a snapshot.
     *
     * @param state a snapshot from {@link #saveState}, keyed by parameter id
     * @param manager owns the restored copies; must be on the device the keys name (the model's
     *     manager on single-device training)
     */
    public void loadState(OptimizerState state, NDManager manager) {
        steps.clear();
        steps.putAll(state.counters());
        tensors.values().forEach(NDArray::close);
        tensors.clear();
        state.tensors()
                .forEach(
                        (key, value) -> {
                            NDArray copy = value.duplicate();
                            copy.attach(manager);
                            tensors.put(key, copy);
                        });
    }

    private static StateKey key(String parameterId, NDArray weight, String slot) {
        return new StateKey(parameterId, weight.getDevice().toString(), slot);
    }

    /** How a state tensor starts. */
    protected enum StateInit {
        /** All zeros (moments). */
        ZEROS,
        /** A copy of the weight (slow weights). */
        COPY_OF_WEIGHT
    }
}
