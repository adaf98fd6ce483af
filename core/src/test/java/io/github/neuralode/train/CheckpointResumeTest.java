package io.github.neuralode.train;

import static io.github.neuralode.train.CheckpointRuns.EPOCHS;
import static io.github.neuralode.train.CheckpointRuns.checkpointFolders;
import static io.github.neuralode.train.CheckpointRuns.folderStartingWith;
import static io.github.neuralode.train.CheckpointRuns.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resuming never loses checkpoints and never continues another run: what a checkpoint folder's
 * content means under each {@link FitLoop.ResumeMode}, the pointer rebuild, run ids, the run
 * definition check and the folder lock, with the {@link CheckpointRuns} fixture.
 */
class CheckpointResumeTest {

    private static final int NO_KILL = Integer.MAX_VALUE;

    @Test
    void requiredResumeWithoutACheckpointFailsNamingTheFolderAndWhereCheckpointsAre(
            @TempDir Path tmp) throws IOException {
        Path spiral = tmp.resolve("spiral");
        Path checkpoints = spiral.resolve("adam").resolve("checkpoints");
        run(checkpoints, FitLoop.ResumeMode.NEVER, NO_KILL);
        List<String> before = checkpointFolders(checkpoints);

        // one level too high: the checkpoints two levels below are named
        String tooHigh = requiredResumeError(spiral);
        assertTrue(
                tooHigh.startsWith("no checkpoint in " + spiral + ": expected latest.json"),
                tooHigh);
        assertTrue(tooHigh.contains("did you mean " + checkpoints + "?"), tooHigh);
        // one level too low (a single checkpoint): its parent is named
        Path single = folderStartingWith(checkpoints, "epoch-0006");
        String tooLow = requiredResumeError(single);
        assertTrue(tooLow.contains("did you mean " + checkpoints), tooLow);
        // a typo: the folder is not created, and the checkpoints beside it are named
        Path typo = checkpoints.resolveSibling("checkpoint");
        String missing = requiredResumeError(typo);
        assertTrue(missing.contains(typo + " (the folder does not exist)"), missing);
        assertTrue(missing.contains("did you mean " + checkpoints + "?"), missing);
        assertFalse(Files.exists(typo));

        assertEquals(before, checkpointFolders(checkpoints));
    }

    private static String requiredResumeError(Path folder) {
        return assertThrows(
                        IllegalStateException.class,
                        () -> run(folder, FitLoop.ResumeMode.REQUIRED, NO_KILL))
                .getMessage();
    }

    /** Missing, empty, unparsable and dangling pointers ("delete" removes the file). */
    @ParameterizedTest
    @ValueSource(strings = {"delete", "", "{\"folder\": ", "{\"folder\": \"epoch-0009-abc\"}"})
    void anUnusablePointerIsRebuiltFromTheNewestCompleteCheckpoint(
            String pointer, @TempDir Path tmp) throws IOException {
        FitResult uninterrupted = run(tmp.resolve("a"), FitLoop.ResumeMode.NEVER, NO_KILL);
        Path folder = tmp.resolve("b");
        assertThrows(
                CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 5));
        // a killed run keeps its two newest periodic checkpoints
        assertEquals(
                2, checkpointFolders(folder).stream().filter(n -> n.startsWith("epoch-")).count());
        Path latest = folder.resolve("latest.json");
        if (pointer.equals("delete")) {
            Files.delete(latest);
        } else {
            Files.writeString(latest, pointer);
        }

        FitResult resumed = run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL);

        assertEquals(4, resumed.resumedFromEpoch());
        assertEquals(EPOCHS, resumed.epochs());
        assertArrayEquals(uninterrupted.curve("train_loss"), resumed.curve("train_loss"), 0.0);
        assertEquals(
                resumed.latestCheckpoint(),
                new CheckpointStore(folder).current(CheckpointStore.Kind.LATEST).orElseThrow());
    }

    @Test
    void checkpointsOfAnotherRunAreNeverDeletedNorReplacedByAFreshRun(@TempDir Path tmp)
            throws IOException {
        Path other = tmp.resolve("other");
        assertThrows(CheckpointRuns.Killed.class, () -> run(other, FitLoop.ResumeMode.NEVER, 3));
        Path folder = tmp.resolve("run");
        assertThrows(CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 3));
        // a complete checkpoint of another run lands in the folder (copied by hand)
        Path foreign = folderStartingWith(other, "epoch-0002");
        Path copied = folder.resolve("epoch-0001-" + "f".repeat(8));
        Files.createDirectory(copied);
        try (var files = Files.list(foreign)) {
            for (Path file : files.toList()) {
                Files.copy(file, copied.resolve(file.getFileName()));
            }
        }
        List<String> before = checkpointFolders(folder);
        String pointer = Files.readString(folder.resolve("latest.json"));

        // starting fresh is refused and changes nothing
        IllegalStateException refused =
                assertThrows(
                        IllegalStateException.class,
                        () -> run(folder, FitLoop.ResumeMode.NEVER, NO_KILL));
        assertTrue(refused.getMessage().contains(folder + " already holds"), refused.getMessage());
        assertTrue(refused.getMessage().contains("resume that run"), refused.getMessage());
        assertEquals(before, checkpointFolders(folder));
        assertEquals(pointer, Files.readString(folder.resolve("latest.json")));

        // resuming replaces this run's folders only
        FitResult resumed = run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL);
        assertEquals(2, resumed.resumedFromEpoch());
        assertTrue(Files.isDirectory(copied), "the other run's checkpoint was deleted");
        List<String> after = checkpointFolders(folder);
        assertTrue(after.contains(copied.getFileName().toString()), after.toString());
        assertEquals(
                1,
                after.stream().filter(n -> n.startsWith("epoch-0006")).count(),
                "an ended run keeps its newest periodic checkpoint: " + after);
        assertFalse(after.stream().anyMatch(n -> n.startsWith("epoch-0002")), after.toString());
    }

    @Test
    void ifPresentStartsFreshOnlyWhenTheFolderHoldsNoCheckpointAtAll(@TempDir Path tmp)
            throws IOException {
        // leftovers of a run killed before its first checkpoint: a lock file, a temporary folder
        Path leftovers = tmp.resolve("leftovers");
        Files.createDirectories(leftovers.resolve(".writing-x"));
        Files.writeString(leftovers.resolve(".lock"), "");
        assertEquals(0, run(leftovers, FitLoop.ResumeMode.IF_PRESENT, NO_KILL).resumedFromEpoch());
        assertFalse(Files.exists(leftovers.resolve(".writing-x")));

        // a pointer without any complete checkpoint is refused
        Path pointerOnly = tmp.resolve("pointer-only");
        Files.createDirectories(pointerOnly);
        Files.writeString(pointerOnly.resolve("latest.json"), "{\"folder\": \"epoch-0004-ab\"}");
        IllegalStateException refused =
                assertThrows(
                        IllegalStateException.class,
                        () -> run(pointerOnly, FitLoop.ResumeMode.IF_PRESENT, NO_KILL));
        assertTrue(refused.getMessage().contains(pointerOnly + " holds"), refused.getMessage());
        assertTrue(refused.getMessage().contains("no complete checkpoint"), refused.getMessage());
        assertTrue(Files.exists(pointerOnly.resolve("latest.json")));
    }

    @Test
    void resumeRefusesACheckpointOfAnotherRunDefinitionNamingEachDifference(@TempDir Path tmp)
            throws IOException {
        Path folder = tmp.resolve("run");
        assertThrows(CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 3));
        List<String> before = checkpointFolders(folder);

        String message =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        run(
                                                folder,
                                                FitLoop.ResumeMode.IF_PRESENT,
                                                CheckpointRuns::lookaheadAdam,
                                                NO_KILL,
                                                b ->
                                                        b.optEpochs(4)
                                                                .optRunDefinition(
                                                                        Map.of("quick", "true"))))
                        .getMessage();

        assertTrue(message.startsWith("cannot resume from " + folder), message);
        assertTrue(
                message.contains(
                        "optimizer: checkpoint Adam(lr=0.05, beta1=0.9, beta2=0.999,"
                                + " epsilon=1.0E-8, decoupled_weight_decay=0.0,"
                                + " rescale_grad=1.0) vs this run Lookahead(k=3, alpha=0.5,"
                                + " inner=Adam(lr=0.05"),
                message);
        assertTrue(message.contains("epochs: checkpoint 6 vs this run 4"), message);
        assertTrue(message.contains("option quick: checkpoint absent vs this run true"), message);
        assertFalse(message.contains("seed:"), message);
        assertEquals(before, checkpointFolders(folder));
    }

    @Test
    void versionOneCheckpointIsResumedWithOnlyItsSeedChecked(@TempDir Path tmp)
            throws IOException {
        FitResult uninterrupted = run(tmp.resolve("a"), FitLoop.ResumeMode.NEVER, NO_KILL);
        Path folder = tmp.resolve("b");
        assertThrows(CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 3));
        for (String name : checkpointFolders(folder)) {
            downgradeToVersionOne(folder.resolve(name).resolve("checkpoint.json"));
        }

        IllegalArgumentException otherSeed =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                run(
                                        folder,
                                        FitLoop.ResumeMode.IF_PRESENT,
                                        CheckpointRuns::adam,
                                        NO_KILL,
                                        b -> b.optSeed(7)));
        assertTrue(
                otherSeed.getMessage().contains("seed: checkpoint 2024 vs this run 7"),
                otherSeed.getMessage());

        FitResult resumed = run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL);
        assertEquals(2, resumed.resumedFromEpoch());
        assertArrayEquals(uninterrupted.curve("train_loss"), resumed.curve("train_loss"), 0.0);
    }

    /** Rewrites a checkpoint.json as version 1 wrote it: no run id, time, definition, checksums. */
    private static void downgradeToVersionOne(Path file) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        for (String field : new String[] {"runId", "writtenAt", "definition", "sha256"}) {
            json.remove(field);
        }
        json.addProperty("version", 1);
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        Files.writeString(file, gson.toJson(json));
    }

    @Test
    void aRunOnAFolderInUseIsRefusedAndAKilledRunReleasesItsLock(@TempDir Path tmp) {
        Path folder = tmp.resolve("run");
        try (CheckpointStore holder = new CheckpointStore(folder).lock()) {
            IllegalStateException refused =
                    assertThrows(
                            IllegalStateException.class,
                            () -> run(folder, FitLoop.ResumeMode.IF_PRESENT, NO_KILL));
            assertTrue(
                    refused.getMessage().contains("the checkpoint folder " + folder + " is in use"),
                    refused.getMessage());
        }
        assertThrows(CheckpointRuns.Killed.class, () -> run(folder, FitLoop.ResumeMode.NEVER, 3));
        // the killed fit released the lock: a store can take it
        new CheckpointStore(folder).lock().close();
    }
}
