package io.github.neuralode.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class FitLoopTest {

    private static final int EPOCHS = 6;

    /** Simulated kill: a run that dies in epoch 3 (after the epoch-2 checkpoint). */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void resumedRunRepeatsTheUninterruptedLossCurveExactly(@TempDir Path tmp) {
        FitResult uninterrupted = run(tmp.resolve("a"), 11, Integer.MAX_VALUE);
        assertThrows(Killed.class, () -> run(tmp.resolve("b"), 11, 3));
        // a fresh model with other initial weights, a fresh optimizer and trainer
        FitResult resumed = run(tmp.resolve("b"), 99, Integer.MAX_VALUE);

        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(EPOCHS, resumed.epochs());
        assertEquals(uninterrupted.iterations(), resumed.iterations());
        assertArrayEquals(
                uninterrupted.curve("train_loss"), resumed.curve("train_loss"), 0.0);
        assertArrayEquals(
                uninterrupted.curve("validation_loss"), resumed.curve("validation_loss"), 0.0);
    }

    /**
     * The best checkpoint reaches the disk with the periodic ones: a run killed in epoch 3 has
     * written its best of epochs 1-2 only; resumed, its CSV (rewritten from the restored history,
     * then appended to) and its best checkpoint equal an uninterrupted run's.
     */
    @Test
    void killedAndResumedRunWritesTheUninterruptedCsvAndBestCheckpoint(@TempDir Path tmp)
            throws IOException {
        FitResult uninterrupted = run(tmp.resolve("a"), 11, Integer.MAX_VALUE);
        assertThrows(Killed.class, () -> run(tmp.resolve("b"), 11, 3));
        CheckpointStore killed = new CheckpointStore(tmp.resolve("b").resolve("checkpoints"));
        Checkpoint bestBeforeResume = bestCheckpoint(killed);
        assertTrue(bestBeforeResume.epoch() <= 2, "best of epoch " + bestBeforeResume.epoch());
        assertEquals(bestBeforeResume.epoch(), bestBeforeResume.history().size());
        assertEquals(1 + 2, Files.readAllLines(tmp.resolve("b").resolve("metrics.csv")).size());

        run(tmp.resolve("b"), 99, Integer.MAX_VALUE);
        assertEquals(
                withoutSeconds(tmp.resolve("a").resolve("metrics.csv")),
                withoutSeconds(tmp.resolve("b").resolve("metrics.csv")));
        Checkpoint best = bestCheckpoint(new CheckpointStore(tmp.resolve("a").resolve("checkpoints")));
        Checkpoint resumedBest = bestCheckpoint(killed);
        assertEquals(uninterrupted.bestEpoch(), best.epoch());
        assertEquals(best.epoch(), resumedBest.epoch());
        assertEquals(best.iterations(), resumedBest.iterations());
    }

    private static Checkpoint bestCheckpoint(CheckpointStore store) {
        Path folder = store.current(CheckpointStore.Kind.BEST).orElseThrow();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.model(true)) {
            model.getBlock().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 2));
            return store.load(folder, model.getBlock(), null, manager);
        }
    }

    /** The CSV's lines without the last column ({@code seconds}, wall time). */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> line.substring(0, line.lastIndexOf(',')))
                .toList();
    }

    @Test
    void sameSeedGivesTheSameLossCurve(@TempDir Path tmp) {
        double[] first = run(tmp.resolve("a"), 5, Integer.MAX_VALUE).curve("train_loss");
        double[] second = run(tmp.resolve("b"), 5, Integer.MAX_VALUE).curve("train_loss");
        assertArrayEquals(first, second, 0.0);
        assertTrue(first[EPOCHS - 1] < 0.5 * first[0], "the loss must fall: " + first[0]);
    }

    @Test
    void metricsCsvAndBestCheckpointFollowTheHistory(@TempDir Path tmp) throws IOException {
        FitResult result = run(tmp.resolve("run"), 5, Integer.MAX_VALUE);
        List<String> lines = Files.readAllLines(tmp.resolve("run").resolve("metrics.csv"));
        assertEquals(EPOCHS + 1, lines.size());
        assertTrue(
                lines.get(0).startsWith("epoch,iterations,train_loss,grad_norm,validation_loss"));
        double[] validation = result.curve("validation_loss");
        int best = 0;
        for (int e = 1; e < validation.length; e++) {
            best = validation[e] < validation[best] ? e : best;
        }
        assertEquals(best + 1, result.bestEpoch());
        assertEquals(validation[best], result.bestValue(), 0.0);
        CheckpointStore store = new CheckpointStore(tmp.resolve("run").resolve("checkpoints"));
        String bestFolder =
                store.current(CheckpointStore.Kind.BEST).orElseThrow().getFileName().toString();
        assertTrue(bestFolder.startsWith(String.format("best-epoch-%04d", best + 1)), bestFolder);
        assertEquals(2, countCheckpointFolders(store.getFolder()));
    }

    @Test
    void nonFiniteLossStopsNamingTheEpochAndKeepsTheLastCheckpoint(@TempDir Path tmp) {
        Path folder = tmp.resolve("nan");
        NonFiniteTrainingException error;
        StatefulOptimizer optimizer = adamLookahead();
        int[] calls = {0};
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.model(true);
                Trainer trainer = TrainingFixtures.trainer(model, optimizer, 3, 8)) {
            NDArray nan = manager.create(Double.NaN);
            FitLoop loop =
                    baseLoop(trainer, manager, folder, optimizer)
                            .optLossFunction(
                                    (t, batch) -> {
                                        NDArray loss =
                                                t.getLoss()
                                                        .evaluate(
                                                                batch.getLabels(),
                                                                t.forward(batch.getData()));
                                        // 4 batches per epoch: call 9 is epoch 3's first batch
                                        return ++calls[0] == 9 ? loss.add(nan) : loss;
                                    })
                            .build();
            error = assertThrows(NonFiniteTrainingException.class, loop::fit);
        }
        assertEquals(3, error.getEpoch());
        assertTrue(error.getMessage().contains("in epoch 3"), error.getMessage());
        assertTrue(error.getMessage().contains("epoch-0002"), error.getMessage());
        CheckpointStore store = new CheckpointStore(folder.resolve("checkpoints"));
        assertTrue(
                store.current(CheckpointStore.Kind.LATEST)
                        .orElseThrow()
                        .getFileName()
                        .toString()
                        .startsWith("epoch-0002"));
    }

    @Test
    void iterationBudgetStopsMidEpochAfterExactlyThatManySteps(@TempDir Path tmp) {
        StatefulOptimizer optimizer = adamLookahead();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.model(true);
                Trainer trainer = TrainingFixtures.trainer(model, optimizer, 3, 8)) {
            FitResult result =
                    baseLoop(trainer, manager, tmp, optimizer).optIterationBudget(6).build().fit();
            assertEquals(StopReason.ITERATION_BUDGET, result.reason());
            assertEquals(6, result.iterations());
            assertEquals(2, result.epochs());
            assertEquals(6, result.history().get(1).iterations());
        }
    }

    @Test
    void earlyStoppingEndsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping stopping = new EarlyStopping(MetricGoal.minimize("loss"), 2, 0.01);
        double[] losses = {1.0, 0.5, 0.495, 0.6, 0.4, 0.45, 0.399};
        boolean[] expected = {false, false, false, true, false, false, true};
        List<EpochMetrics> history = new java.util.ArrayList<>();
        for (int e = 0; e < losses.length; e++) {
            history.add(new EpochMetrics(e + 1, e + 1, Map.of("loss", losses[e])));
            assertEquals(expected[e], stopping.shouldStop(history), "after epoch " + (e + 1));
        }
    }

    private static long countCheckpointFolders(Path folder) throws IOException {
        try (var children = Files.list(folder)) {
            return children.filter(Files::isDirectory).count();
        }
    }

    /**
     * Trains the 2-8-1 MLP with Lookahead(Adam) for 6 epochs of 4 shuffled batches, checkpoints
     * every 2 epochs, resuming from the folder if it holds one; dies in epoch {@code killAt}.
     */
    private static FitResult run(Path folder, int initSeed, int killAt) {
        StatefulOptimizer optimizer = adamLookahead();
        try (NDManager manager = NDManager.newBaseManager();
                Model model = TrainingFixtures.model(true);
                Trainer trainer = TrainingFixtures.trainer(model, optimizer, initSeed, 8)) {
            return baseLoop(trainer, manager, folder, optimizer)
                    .addEvaluation(
                            (t, epoch) -> {
                                if (epoch >= killAt) {
                                    throw new Killed();
                                }
                                return Map.of();
                            })
                    .build()
                    .fit();
        }
    }

    private static FitLoop.Builder baseLoop(
            Trainer trainer, NDManager manager, Path folder, StatefulOptimizer optimizer) {
        ArrayDataset train = TrainingFixtures.regression(manager, 8, true);
        ArrayDataset validation = TrainingFixtures.regression(manager, 32, false);
        return FitLoop.builder()
                .setTrainer(trainer)
                .setTrainingData(train)
                .optValidationData(validation)
                .optOptimizer(optimizer)
                .optEpochs(EPOCHS)
                .optSeed(2024)
                .optResumeFrom(folder.resolve("checkpoints"))
                .optCheckpoints(folder.resolve("checkpoints"), 2)
                .optMetricsCsv(folder.resolve("metrics.csv"))
                .optGradientTransform(GradientTransform.clipGlobalNorm(5.0))
                .optProgress(FitLoop.ProgressDisplay.NONE);
    }

    private static StatefulOptimizer adamLookahead() {
        return Lookahead.builder()
                .setInner(Adam.builder().optLearningRate(0.05).build())
                .optK(3)
                .optAlpha(0.5)
                .build();
    }
}
