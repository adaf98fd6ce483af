package io.github.neuralode.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.util.Preconditions;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.github.neuralode.io.AtomicFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of training checkpoints, written so that a kill at any moment leaves the last complete
 * checkpoint readable, and so that no run ever deletes a checkpoint another run wrote.
 *
 * <p>Layout: a checkpoint folder {@code epoch-NNNN-HEX} ({@link Kind#LATEST}, periodic) or {@code
 * best-epoch-NNNN-HEX} ({@link Kind#BEST}) holds {@code parameters.ndlist} (parameters keyed by
 * their names in the block), {@code optimizer.ndlist} (state tensors keyed {@code
 * name|device|slot}) and {@code checkpoint.json} (format version 2: run id, time written, epoch,
 * iterations, seed, the {@link RunDefinition}, the SHA-256 of both tensor files, metric history,
 * optimizer step counters). The pointer files {@code latest.json} and {@code best.json} name the
 * current folder of each kind; {@code .lock} is the lock file.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li><b>Atomic saves:</b> a save writes a fresh folder {@code .writing-RUNID-UUID} (created
 *       with {@link Files#createDirectory}, so the process umask sets its permissions), renames it
 *       into place, replaces the pointer by an atomic rename, and only then deletes stale folders.
 *   <li><b>Run ids:</b> every checkpoint records the id of the run that wrote it ({@link
 *       Checkpoint#runId()}); a resumed run keeps the id of the run it continues. Stale-folder
 *       cleanup deletes only folders of the saved kind whose {@code checkpoint.json} carries the
 *       saved checkpoint's run id: the two newest {@link Kind#LATEST} and the newest {@link
 *       Kind#BEST} of that run are kept (the older periodic one is the fallback when the newest
 *       turns out corrupt); {@link #pruneFinishedRun} drops that fallback once a run has ended.
 *       Folders of other runs, of format version 1 (no run id) or with an unreadable {@code
 *       checkpoint.json} are never deleted. Leftover {@code .writing-*} folders are deleted under
 *       the lock: holding it proves that their writer has ended, and such a folder is never a
 *       complete checkpoint.
 *   <li><b>Lock:</b> {@link #lock()} takes an exclusive OS lock on {@code .lock} until {@link
 *       #close()}; a second store on the same folder, in this or another process, is refused.
 *       {@link #save} takes the lock for its own duration when the store does not hold it.
 *   <li><b>Pointer rebuild:</b> a pointer file that is missing, empty, unreadable or names a
 *       missing folder is rebuilt from the newest complete folder of its kind (complete: {@code
 *       checkpoint.json}, both tensor files, and a {@code checkpoint.json} that parses), with a
 *       warning; the rebuilt pointer is written when the store holds the lock.
 *   <li><b>Corruption:</b> a tensor file that does not match its recorded SHA-256 or cannot be
 *       decoded, or a {@code checkpoint.json} that does not parse, raises a {@link
 *       CorruptCheckpointException} naming the file, how to move its folder aside and the
 *       checkpoint the run then continues from.
 * </ul>
 */
public final class CheckpointStore implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String WRITING = ".writing-";
    private static final Gson GSON = new Gson();
    private static final Comparator<Found> NEWEST_FIRST =
            Comparator.comparingInt((Found f) -> f.metadata().epoch())
                    .thenComparingLong(f -> f.metadata().iterations())
                    .thenComparing(f -> Objects.toString(f.metadata().writtenAt(), ""))
                    .thenComparing(f -> f.folder().getFileName().toString())
                    .reversed();

    private final Path folder;
    private CheckpointLock lock;

    /**
     * Opens (without creating or locking) a checkpoint folder.
     *
     * @param folder the folder; created on the first save or {@link #lock()}
     */
    public CheckpointStore(Path folder) {
        this.folder = folder;
    }

    /**
     * Returns the folder.
     *
     * @return the checkpoint folder
     */
    public Path getFolder() {
        return folder;
    }

    /**
     * Takes the folder's exclusive lock (creating the folder if needed) until {@link #close()}.
     *
     * @return this store
     * @throws IllegalStateException if another store, in this or another process, holds the
     *     lock, or this store already does
     * @throws UncheckedIOException if the folder or its lock file cannot be created
     */
    public CheckpointStore lock() {
        if (lock != null) {
            throw new IllegalStateException("this store already holds the lock of " + folder);
        }
        try {
            lock = CheckpointLock.acquire(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the checkpoint folder " + folder, e);
        }
        return this;
    }

    /**
     * Releases the lock if this store holds it (the lock file stays).
     *
     * @throws UncheckedIOException if the lock cannot be released
     */
    @Override
    public void close() {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of " + folder, e);
        } finally {
            lock = null;
        }
    }

    /**
     * Saves a checkpoint of the given kind, replacing the older ones of that kind and run (the
     * newest one before it is kept for {@link Kind#LATEST}).
     *
     * @param kind latest (periodic) or best
     * @param checkpoint the metadata (its {@code folder} is ignored; its run id and definition are
     *     recorded)
     * @param block the model's block, whose parameters are saved
     * @param optimizer the optimizer whose state is saved, or null for none
     * @return the metadata with the written folder
     * @throws IllegalStateException if another store holds the folder's lock
     * @throws UncheckedIOException if writing fails (the previous checkpoint stays valid)
     */
    public Checkpoint save(
            Kind kind, Checkpoint checkpoint, Block block, StatefulOptimizer optimizer) {
        return save(kind, checkpoint, CheckpointTensors.encode(block, optimizer));
    }

    /**
     * Saves a checkpoint whose tensors were encoded earlier (a snapshot of the best epoch, kept in
     * memory until the next periodic write).
     *
     * @param kind latest (periodic) or best
     * @param checkpoint the metadata of the epoch the tensors belong to
     * @param tensors the encoded parameters and optimizer state of that epoch
     * @return the metadata with the written folder
     */
    Checkpoint save(Kind kind, Checkpoint checkpoint, CheckpointTensors.Encoded tensors) {
        Preconditions.checkArgument(
                checkpoint.runId() != null, "the checkpoint to save needs a run id, got null");
        try (CheckpointLock held = lock == null ? CheckpointLock.acquire(folder) : null) {
            Path temporary =
                    Files.createDirectory(
                            folder.resolve(WRITING + checkpoint.runId() + "-" + UUID.randomUUID()));
            tensors.writeTo(temporary);
            Map<String, Long> counters = tensors.counters();
            CheckpointMetadata metadata =
                    new CheckpointMetadata(
                            CheckpointMetadata.VERSION,
                            checkpoint.runId(),
                            Instant.now().toString(),
                            checkpoint.epoch(),
                            checkpoint.iterations(),
                            checkpoint.seed(),
                            checkpoint.definition().entries(),
                            CheckpointTensors.sha256(temporary),
                            checkpoint.history(),
                            counters);
            metadata.write(temporary);
            String name =
                    String.format("%s%04d-%x", kind.prefix, checkpoint.epoch(), System.nanoTime());
            Path target = folder.resolve(name);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            writePointer(kind, name);
            deleteStale(kind, checkpoint.runId(), kind.kept);
            return metadata.toCheckpoint(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + folder, e);
        }
    }

    /**
     * Deletes the periodic checkpoints of an ended run but its newest: the fallback kept for a
     * corrupt newest checkpoint is no longer needed. Takes the lock for its own duration when the
     * store does not hold it.
     *
     * @param runId the run's id
     * @throws IllegalStateException if another store holds the folder's lock
     * @throws UncheckedIOException if a folder cannot be deleted
     */
    public void pruneFinishedRun(String runId) {
        try (CheckpointLock held = lock == null ? CheckpointLock.acquire(folder) : null) {
            deleteStale(Kind.LATEST, runId, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete old checkpoints in " + folder, e);
        }
    }

    /**
     * Returns whether a checkpoint of a kind exists.
     *
     * @param kind the kind
     * @return {@code true} if {@link #current} finds one
     */
    public boolean exists(Kind kind) {
        return current(kind).isPresent();
    }

    /**
     * Returns whether the folder holds anything a run wrote: a pointer file or a checkpoint
     * folder, complete or not.
     *
     * @return {@code false} for a missing folder or one without checkpoints
     */
    public boolean holdsCheckpoints() {
        return holdsCheckpoints(folder);
    }

    /**
     * Returns the folder of the current checkpoint of a kind: the one its pointer file names, or,
     * when the pointer is missing, empty, unreadable or names a missing folder, the newest
     * complete folder of that kind (logged as a warning; the pointer is rewritten if this store
     * holds the lock).
     *
     * @param kind the kind
     * @return the folder, if one was written
     */
    public Optional<Path> current(Kind kind) {
        Optional<Path> pointed = pointerTarget(kind);
        if (pointed.isPresent()) {
            return pointed;
        }
        Optional<Path> rebuilt = newestComplete(kind, null).map(Found::folder);
        rebuilt.ifPresent(target -> rebuildPointer(kind, target));
        return rebuilt;
    }

    /**
     * Returns the metadata of the newest current checkpoint of either kind (the higher epoch; on
     * a tie the more iterations, then the later written): the one a resumed run continues from.
     * Reads no tensors.
     *
     * @return the checkpoint, or empty if the folder holds no complete one
     * @throws CorruptCheckpointException if the current checkpoint's {@code checkpoint.json}
     *     cannot be read
     */
    public Optional<Checkpoint> newest() {
        Found newest = null;
        for (Kind kind : Kind.values()) {
            Optional<Path> current = current(kind);
            if (current.isPresent()) {
                Found found = new Found(current.get(), readMetadata(current.get()));
                newest = newest == null || NEWEST_FIRST.compare(found, newest) < 0 ? found : newest;
            }
        }
        return Optional.ofNullable(newest).map(f -> f.metadata().toCheckpoint(f.folder()));
    }

    /**
     * Loads the current checkpoint of a kind into a block and an optimizer.
     *
     * @param kind the kind
     * @param block the block whose parameters are overwritten (same architecture, initialized)
     * @param optimizer the optimizer whose state is replaced, or null
     * @param manager owns the restored optimizer state (the model's manager)
     * @return the checkpoint's metadata
     * @throws IllegalStateException if there is no such checkpoint, or it does not fit the block
     * @throws CorruptCheckpointException if a file of the checkpoint cannot be read back
     */
    public Checkpoint load(
            Kind kind, Block block, StatefulOptimizer optimizer, NDManager manager) {
        Path source =
                current(kind)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no "
                                                        + kind.pointer
                                                        + " checkpoint in "
                                                        + folder
                                                        + ": start without resuming"));
        return load(source, block, optimizer, manager);
    }

    /**
     * Loads one checkpoint folder into a block and an optimizer. Both tensor files are decoded
     * (and their checksums verified) before anything is overwritten.
     *
     * @param source the checkpoint folder, for example {@link #newest()}'s
     * @param block the block whose parameters are overwritten (same architecture, initialized)
     * @param optimizer the optimizer whose state is replaced, or null
     * @param manager owns the restored optimizer state (the model's manager)
     * @return the checkpoint's metadata
     * @throws IllegalStateException if the checkpoint does not fit the block
     * @throws CorruptCheckpointException if a file of the checkpoint cannot be read back
     */
    public Checkpoint load(
            Path source, Block block, StatefulOptimizer optimizer, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            CheckpointMetadata metadata = CheckpointMetadata.read(source);
            NDList parameters =
                    CheckpointTensors.decode(
                            source, CheckpointTensors.PARAMETERS, metadata, scratch);
            NDList state =
                    optimizer == null
                            ? null
                            : CheckpointTensors.decode(
                                    source, CheckpointTensors.OPTIMIZER, metadata, scratch);
            CheckpointTensors.applyParameters(source, parameters, block);
            if (optimizer != null) {
                optimizer.loadState(
                        CheckpointTensors.optimizerState(state, metadata, block), manager);
            }
            return metadata.toCheckpoint(source);
        } catch (CheckpointCorruption e) {
            throw corrupt(source, e);
        }
    }

    /**
     * Explains that the folder holds no checkpoint, with a guess at the folder meant: its parent,
     * or folders one or two levels below (or beside it, if it does not exist) that hold
     * checkpoints.
     *
     * @return one line naming the folder, what was expected and the guesses
     */
    public String describeMissingCheckpoint() {
        StringBuilder message = new StringBuilder("no checkpoint in ").append(folder);
        if (!Files.isDirectory(folder)) {
            message.append(" (the folder does not exist)");
        }
        message.append(": expected latest.json or epoch-* folders written by FitLoop");
        List<String> guesses = guesses().stream().limit(4).map(Path::toString).toList();
        if (!guesses.isEmpty()) {
            message.append("; did you mean ").append(String.join(" or ", guesses)).append('?');
        }
        return message.toString();
    }

    private List<Path> guesses() {
        Path absolute = folder.toAbsolutePath().normalize();
        List<Path> guesses = new ArrayList<>();
        Path parent = absolute.getParent();
        if (parent != null
                && (mayHoldCheckpoints(parent)
                        || Files.isRegularFile(absolute.resolve(CheckpointMetadata.FILE)))) {
            guesses.add(parent);
        }
        if (Files.isDirectory(absolute)) {
            for (Path child : subfolders(absolute)) {
                if (mayHoldCheckpoints(child)) {
                    guesses.add(child);
                }
                subfolders(child).stream()
                        .filter(CheckpointStore::mayHoldCheckpoints)
                        .forEach(guesses::add);
            }
        } else if (parent != null && Files.isDirectory(parent)) {
            subfolders(parent).stream()
                    .filter(CheckpointStore::mayHoldCheckpoints)
                    .forEach(guesses::add);
        }
        return guesses;
    }

    /** {@link #holdsCheckpoints(Path)} for guesses: an unreadable folder is no guess. */
    private static boolean mayHoldCheckpoints(Path dir) {
        try {
            return holdsCheckpoints(dir);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Kind.of(p) == null)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean holdsCheckpoints(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (Kind kind : Kind.values()) {
            if (Files.exists(dir.resolve(kind.pointer))) {
                return true;
            }
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(p -> Kind.of(p) != null && Files.isDirectory(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private CheckpointMetadata readMetadata(Path source) {
        try {
            return CheckpointMetadata.read(source);
        } catch (CheckpointCorruption e) {
            throw corrupt(source, e);
        }
    }

    private CorruptCheckpointException corrupt(Path source, CheckpointCorruption e) {
        Optional<Found> fallback = fallbackFor(source);
        String advice =
                fallback.map(
                                f ->
                                        "move the folder "
                                                + source
                                                + " aside (rename it to "
                                                + source.getFileName()
                                                + ".corrupt) and resume again: the run continues"
                                                + " from "
                                                + f.folder()
                                                + " (epoch "
                                                + f.metadata().epoch()
                                                + ")")
                        .orElse(
                                "no other complete checkpoint is left in "
                                        + folder
                                        + ": start a fresh run in another folder");
        return new CorruptCheckpointException(
                "checkpoint file " + e.getFile() + " " + e.getMessage() + ": " + advice,
                e.getFile(),
                fallback.map(Found::folder).orElse(null),
                e);
    }

    /** What {@link #newest()} would pick once {@code corrupt} is moved aside. */
    private Optional<Found> fallbackFor(Path corrupt) {
        List<Found> candidates = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Optional<Path> pointed = pointerTarget(kind).filter(p -> !p.equals(corrupt));
            if (pointed.isPresent()) {
                try {
                    Path target = pointed.get();
                    candidates.add(new Found(target, CheckpointMetadata.read(target)));
                } catch (CheckpointCorruption e) {
                    // that one is corrupt as well: resuming reports it next
                }
            } else {
                newestComplete(kind, corrupt).ifPresent(candidates::add);
            }
        }
        return candidates.stream().min(NEWEST_FIRST);
    }

    private Optional<Path> pointerTarget(Kind kind) {
        Path pointer = folder.resolve(kind.pointer);
        try {
            Pointer read = GSON.fromJson(Files.readString(pointer), Pointer.class);
            if (read == null || read.folder() == null || Kind.of(Path.of(read.folder())) != kind) {
                return Optional.empty();
            }
            Path target = folder.resolve(read.folder());
            return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
        } catch (IOException | JsonParseException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private void rebuildPointer(Kind kind, Path target) {
        logger.warn(
                "{} in {} is missing, empty, unreadable or names a missing folder: using the"
                        + " newest complete checkpoint {}{}",
                kind.pointer,
                folder,
                target.getFileName(),
                lock == null ? "" : " and rewriting the pointer");
        if (lock != null) {
            try {
                writePointer(kind, target.getFileName().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rewrite " + folder.resolve(kind.pointer), e);
            }
        }
    }

    private Optional<Found> newestComplete(Kind kind, Path excluded) {
        return complete(kind).stream()
                .filter(f -> !f.folder().equals(excluded))
                .min(NEWEST_FIRST);
    }

    /** The complete folders of a kind: all three files present and a readable metadata file. */
    private List<Found> complete(Kind kind) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Found> complete = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.filter(p -> Kind.of(p) == kind).toList()) {
                if (Files.isRegularFile(child.resolve(CheckpointTensors.PARAMETERS))
                        && Files.isRegularFile(child.resolve(CheckpointTensors.OPTIMIZER))) {
                    try {
                        complete.add(new Found(child, CheckpointMetadata.read(child)));
                    } catch (CheckpointCorruption | IllegalStateException e) {
                        // incomplete, or written by a newer library: not a candidate
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint folder " + folder, e);
        }
        return complete;
    }

    private void writePointer(Kind kind, String name) throws IOException {
        AtomicFiles.writeString(folder.resolve(kind.pointer), GSON.toJson(new Pointer(name)));
    }

    /**
     * Deletes the complete folders of a kind that carry a run id but its {@code keep} newest, and
     * every leftover temporary folder. Called only under the lock.
     */
    private void deleteStale(Kind kind, String runId, int keep) throws IOException {
        List<Found> ofThisRun =
                complete(kind).stream()
                        .filter(f -> runId.equals(f.metadata().runId()))
                        .sorted(NEWEST_FIRST)
                        .toList();
        for (Found stale : ofThisRun.subList(Math.min(keep, ofThisRun.size()), ofThisRun.size())) {
            deleteRecursively(stale.folder());
        }
        List<Path> temporary;
        try (Stream<Path> children = Files.list(folder)) {
            temporary =
                    children.filter(p -> p.getFileName().toString().startsWith(WRITING))
                            .toList();
        }
        for (Path path : temporary) {
            deleteRecursively(path);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Which checkpoint: the periodic one to resume from, or the best by the chosen metric. */
    public enum Kind {
        /** The most recent periodic checkpoints ({@code latest.json}; two are kept per run). */
        LATEST("latest.json", "epoch-", 2),
        /** The best epoch by the fit loop's best metric ({@code best.json}; one per run). */
        BEST("best.json", "best-epoch-", 1);

        private final String pointer;
        private final String prefix;
        private final Pattern name;
        private final int kept;

        Kind(String pointer, String prefix, int kept) {
            this.pointer = pointer;
            this.prefix = prefix;
            this.name = Pattern.compile(Pattern.quote(prefix) + "\\d{4,}-[0-9a-f]+");
            this.kept = kept;
        }

        /** Returns the kind a folder's name has, or null if it is no checkpoint folder name. */
        private static Kind of(Path path) {
            Path name = path.getFileName();
            for (Kind kind : values()) {
                if (name != null && kind.name.matcher(name.toString()).matches()) {
                    return kind;
                }
            }
            return null;
        }
    }

    private record Pointer(String folder) {}

    private record Found(Path folder, CheckpointMetadata metadata) {}
}
