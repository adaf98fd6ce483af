package io.github.neuralode.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Checkpointed {@link FitLoop} runs of the 2-8-1 MLP of {@link TrainingFixtures} (4 shuffled
 * batches per epoch, validation set, seed 2024, checkpoints every 2 epochs) for the resume and
 * corruption tests, which can be killed in a chosen epoch.
 */
final class CheckpointRuns {

    /** The epochs of a full run. */
    static final int EPOCHS = 6;

    private CheckpointRuns() {}

    /** Simulated kill: thrown by an evaluation callback, before the epoch's checkpoints. */
    static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs {@link #EPOCHS} epochs with Adam (lr 0.05), as {@link #run(Path, FitLoop.ResumeMode,
     * Supplier, int, UnaryOperator)}.
     */
    static FitResult run(Path folder, FitLoop.ResumeMode mode, int killAt) {
        return run(folder, mode, CheckpointRuns::adam, killAt, b -> b);
    }

    /**
     * Runs the fixture.
     *
     * @param folder the checkpoint folder
     * @param mode the resume mode
     * @param optimizer makes the optimizer (one instance serves trainer and loop)
     * @param killAt the epoch whose metrics pass throws {@link Killed} (after its training
     *     steps, before its checkpoints); {@code Integer.MAX_VALUE} for none
     * @param settings further builder settings (epochs, seed, run options ...)
     * @return the fit result
     */
    static FitResult run(
            Path folder,
            FitLoop.ResumeMode mode,
            Supplier<StatefulOptimizer> optimizer,
            int killAt,
            UnaryOperator<FitLoop.Builder> settings) {
        StatefulOptimizer instance = optimizer.get();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.model(true);
                Trainer trainer = TrainingFixtures.trainer(model, instance, 11, 8)) {
            FitLoop.Builder builder =
                    FitLoop.builder()
                            .setTrainer(trainer)
                            .setTrainingData(TrainingFixtures.regression(manager, 8, true))
                            .optValidationData(TrainingFixtures.regression(manager, 32, false))
                            .optOptimizer(instance)
                            .optEpochs(EPOCHS)
                            .optSeed(2024)
                            .optCheckpoints(folder, 2)
                            .optResume(mode)
                            .optProgress(FitLoop.ProgressDisplay.NONE)
                            .addEvaluation(
                                    (t, epoch) -> {
                                        if (epoch >= killAt) {
                                            throw new Killed();
                                        }
                                        return Map.of();
                                    });
            return settings.apply(builder).build().fit();
        }
    }

    /** Adam with lr 0.05. */
    static StatefulOptimizer adam() {
        return Adam.builder().optLearningRate(0.05).build();
    }

    /** Lookahead (k 3, alpha 0.5) around Adam with lr 0.05. */
    static StatefulOptimizer lookaheadAdam() {
        return Lookahead.builder().setInner(adam()).optK(3).optAlpha(0.5).build();
    }

    /**
     * Lists the checkpoint folders (names starting with {@code epoch-} or {@code best-epoch-})
     * of a folder.
     *
     * @param folder the checkpoint folder
     * @return the names, sorted
     */
    static List<String> checkpointFolders(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("epoch-") || n.startsWith("best-epoch-"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Returns the one checkpoint folder of a folder whose name starts with a prefix.
     *
     * @param folder the checkpoint folder
     * @param prefix for example {@code epoch-0004}
     * @return its path
     */
    static Path folderStartingWith(Path folder, String prefix) throws IOException {
        List<String> matching =
                checkpointFolders(folder).stream().filter(n -> n.startsWith(prefix)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + prefix + "* folder, found " + matching);
        }
        return folder.resolve(matching.get(0));
    }
}
