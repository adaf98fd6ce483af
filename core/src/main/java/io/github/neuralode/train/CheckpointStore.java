package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.github.neuralode.engine.Autograd;
import io.github.neuralode.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of training checkpoints, written so that a kill at any moment leaves the last complete
 * checkpoint readable.
 *
 * <p>Layout: {@code latest.json} and {@code best.json} name the current folder of each {@link
 * Kind}; a checkpoint folder holds {@code parameters.ndlist} (parameters keyed by their names in
 * the block), {@code optimizer.ndlist} (state tensors keyed {@code name|device|slot}) and {@code
 * checkpoint.json} (epoch, iterations, seed, metric history, optimizer step counters). A save
 * writes a fresh temporary folder, renames it into place, then replaces the pointer file by an
 * atomic rename, and only then deletes the folder the pointer named before.
 */
public final class CheckpointStore {

    private static final int VERSION = 1;
    private static final String PARAMETERS = "parameters.ndlist";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String METADATA = "checkpoint.json";

    private final Path folder;
    private final Gson gson =
            new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /**
     * Opens (without creating) a checkpoint folder.
     *
     * @param folder the folder; created on the first save
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
     * Saves a checkpoint of the given kind, replacing the previous one of that kind.
     *
     * @param kind latest (periodic) or best
     * @param checkpoint the metadata (its {@code folder} is ignored)
     * @param block the model's block, whose parameters are saved
     * @param optimizer the optimizer whose state is saved, or null for none
     * @return the metadata with the written folder
     * @throws UncheckedIOException if writing fails (the previous checkpoint stays valid)
     */
    public Checkpoint save(
            Kind kind, Checkpoint checkpoint, Block block, StatefulOptimizer optimizer) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempDirectory(folder, ".writing-");
            Map<String, Long> counters = writeTensors(temporary, block, optimizer);
            Metadata metadata =
                    new Metadata(
                            VERSION,
                            checkpoint.epoch(),
                            checkpoint.iterations(),
                            checkpoint.seed(),
                            checkpoint.history(),
                            counters);
            Files.writeString(
                    temporary.resolve(METADATA), gson.toJson(metadata), StandardCharsets.UTF_8);
            String name =
                    String.format(
                            "%s%04d-%x", kind.prefix, checkpoint.epoch(), System.nanoTime());
            Path target = folder.resolve(name);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            writePointer(kind, name);
            deleteStale(kind, name);
            return new Checkpoint(
                    target,
                    checkpoint.epoch(),
                    checkpoint.iterations(),
                    checkpoint.seed(),
                    checkpoint.history());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint into " + folder, e);
        }
    }

    /**
     * Returns whether a checkpoint of a kind exists.
     *
     * @param kind the kind
     * @return {@code true} if its pointer file names an existing folder
     */
    public boolean exists(Kind kind) {
        return current(kind).isPresent();
    }

    /**
     * Returns the folder of the current checkpoint of a kind.
     *
     * @param kind the kind
     * @return the folder, if one was written
     */
    public Optional<Path> current(Kind kind) {
        Path pointer = folder.resolve(kind.pointer);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            Pointer read = gson.fromJson(Files.readString(pointer), Pointer.class);
            Path target = folder.resolve(read.folder());
            return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
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
        try (NDManager scratch = manager.newSubManager()) {
            Metadata metadata =
                    gson.fromJson(Files.readString(source.resolve(METADATA)), Metadata.class);
            if (metadata.version() != VERSION) {
                throw new IllegalStateException(
                        "checkpoint " + source + " has unknown version " + metadata.version());
            }
            readParameters(source, block, scratch);
            if (optimizer != null) {
                optimizer.loadState(readOptimizer(source, block, metadata, scratch), manager);
            }
            return new Checkpoint(
                    source,
                    metadata.epoch(),
                    metadata.iterations(),
                    metadata.seed(),
                    metadata.history());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + source, e);
        }
    }

    private Map<String, Long> writeTensors(Path target, Block block, StatefulOptimizer optimizer)
            throws IOException {
        Map<String, String> idToName = idToName(block);
        Map<String, Long> counters = new LinkedHashMap<>();
        NDManager manager = firstManager(block).newSubManager();
        try (manager) {
            NDList parameters = new NDList();
            for (Pair<String, Parameter> pair : block.getParameters()) {
                NDArray copy = pair.getValue().getArray().duplicate();
                copy.attach(manager);
                copy.setName(pair.getKey());
                parameters.add(copy);
            }
            writeList(target.resolve(PARAMETERS), parameters);
            NDList tensors = new NDList();
            if (optimizer != null) {
                OptimizerState state =
                        optimizer.saveState(manager).mapKeys(k -> rename(k, idToName));
                state.tensors()
                        .forEach(
                                (key, value) -> {
                                    value.setName(key.encode());
                                    tensors.add(value);
                                });
                state.counters().forEach((key, value) -> counters.put(key.encode(), value));
            }
            writeList(target.resolve(OPTIMIZER), tensors);
        }
        return counters;
    }

    private static void writeList(Path path, NDList list) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            list.encode(out);
        }
    }

    private static NDList readList(Path path, NDManager manager) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return NDList.decode(manager, in);
        }
    }

    private static void readParameters(Path source, Block block, NDManager scratch)
            throws IOException {
        Map<String, NDArray> saved = new HashMap<>();
        for (NDArray array : readList(source.resolve(PARAMETERS), scratch)) {
            saved.put(array.getName(), array);
        }
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                NDArray value = saved.get(pair.getKey());
                NDArray target = pair.getValue().getArray();
                if (value == null || !value.getShape().equals(target.getShape())) {
                    throw new IllegalStateException(
                            "checkpoint "
                                    + source
                                    + " does not fit the block: parameter "
                                    + pair.getKey()
                                    + " is missing or has another shape");
                }
                target.set(new NDIndex("..."), value.toType(target.getDataType(), false));
            }
        }
    }

    private OptimizerState readOptimizer(
            Path source, Block block, Metadata metadata, NDManager scratch) throws IOException {
        Map<String, String> nameToId = new HashMap<>();
        idToName(block).forEach((id, name) -> nameToId.put(name, id));
        Map<StateKey, NDArray> tensors = new LinkedHashMap<>();
        for (NDArray array : readList(source.resolve(OPTIMIZER), scratch)) {
            tensors.put(rename(StateKey.decode(array.getName()), nameToId), array);
        }
        Map<StateKey, Long> counters = new LinkedHashMap<>();
        metadata.optimizerCounters()
                .forEach(
                        (key, value) ->
                                counters.put(rename(StateKey.decode(key), nameToId), value));
        return new OptimizerState(tensors, counters);
    }

    private static StateKey rename(StateKey key, Map<String, String> mapping) {
        String renamed = mapping.get(key.parameter());
        if (renamed == null) {
            throw new IllegalStateException(
                    "optimizer state names parameter "
                            + key.parameter()
                            + ", which the block does not have");
        }
        return key.withParameter(renamed);
    }

    private static Map<String, String> idToName(Block block) {
        Map<String, String> idToName = new HashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            idToName.put(pair.getValue().getId(), pair.getKey());
        }
        return idToName;
    }

    private static NDManager firstManager(Block block) {
        return block.getParameters().get(0).getValue().getArray().getManager();
    }

    private void writePointer(Kind kind, String name) throws IOException {
        AtomicFiles.writeString(folder.resolve(kind.pointer), gson.toJson(new Pointer(name)));
    }

    private void deleteStale(Kind kind, String keep) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            List<Path> stale =
                    children.filter(
                                    p -> {
                                        String name = p.getFileName().toString();
                                        return (name.startsWith(kind.prefix)
                                                        || name.startsWith(".writing-"))
                                                && !name.equals(keep);
                                    })
                            .toList();
            for (Path path : stale) {
                deleteRecursively(path);
            }
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
        /** The most recent periodic checkpoint ({@code latest.json}). */
        LATEST("latest.json", "epoch-"),
        /** The best epoch by the fit loop's best metric ({@code best.json}). */
        BEST("best.json", "best-epoch-");

        private final String pointer;
        private final String prefix;

        Kind(String pointer, String prefix) {
            this.pointer = pointer;
            this.prefix = prefix;
        }
    }

    private record Pointer(String folder) {}

    private record Metadata(
            int version,
            int epoch,
            long iterations,
            long seed,
            List<EpochMetrics> history,
            Map<String, Long> optimizerCounters) {}
}
