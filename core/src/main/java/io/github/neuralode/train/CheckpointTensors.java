package io.github.neuralode.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import io.github.neuralode.engine.Autograd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two tensor files of a checkpoint folder: {@code parameters.ndlist} (the block's parameters,
 * each named by its key in the block) and {@code optimizer.ndlist} (the optimizer's state tensors,
 * named {@code name|device|slot} with parameter names in place of ids). Files are DJL {@link
 * NDList} encodings; their SHA-256 is recorded in {@code checkpoint.json} and checked before
 * decoding.
 */
final class CheckpointTensors {

    /** The parameter file's name. */
    static final String PARAMETERS = "parameters.ndlist";

    /** The optimizer state file's name. */
    static final String OPTIMIZER = "optimizer.ndlist";

    /**
     * The encoding of an empty list (optimizer state without tensors, such as plain gradient
     * descent's), which {@link NDList#decode} cannot read: it reads a 9-byte header first.
     */
    private static final byte[] EMPTY_LIST = new NDList().encode();

    private CheckpointTensors() {}

    /**
     * The two tensor files of a checkpoint, encoded in memory: a snapshot of the parameters and
     * the optimizer state that stays valid while training goes on.
     *
     * @param parameters the bytes of {@code parameters.ndlist}
     * @param optimizer the bytes of {@code optimizer.ndlist}
     * @param counters the optimizer's step counters, keyed {@code name|device|slot}
     */
    record Encoded(byte[] parameters, byte[] optimizer, Map<String, Long> counters) {

        /**
         * Writes both files into a folder.
         *
         * @param target the (temporary) checkpoint folder
         * @throws IOException if writing fails
         */
        void writeTo(Path target) throws IOException {
            Files.write(target.resolve(PARAMETERS), parameters);
            Files.write(target.resolve(OPTIMIZER), optimizer);
        }
    }

    /**
     * Encodes the parameters and the optimizer state in memory.
     *
     * @param block the block whose parameters are encoded
     * @param optimizer the optimizer whose state is encoded, or null (an empty list)
     * @return the encoded files and the optimizer's step counters
     */
    static Encoded encode(Block block, StatefulOptimizer optimizer) {
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
            return new Encoded(parameters.encode(), tensors.encode(), counters);
        }
    }

    /**
     * Returns the SHA-256 of both tensor files of a folder.
     *
     * @param folder the checkpoint folder
     * @return file name to lower-case hex digest
     * @throws IOException if a file cannot be read
     */
    static Map<String, String> sha256(Path folder) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String name : new String[] {PARAMETERS, OPTIMIZER}) {
            digests.put(name, sha256Hex(Files.readAllBytes(folder.resolve(name))));
        }
        return digests;
    }

    /**
     * Reads one tensor file of a checkpoint, verifying its SHA-256 first when the metadata records
     * one.
     *
     * @param source the checkpoint folder
     * @param name {@link #PARAMETERS} or {@link #OPTIMIZER}
     * @param metadata the folder's metadata
     * @param manager owns the decoded arrays
     * @return the named arrays
     * @throws CheckpointCorruption if the file is missing, unreadable, does not match its
     *     checksum or cannot be decoded
     */
    static NDList decode(Path source, String name, CheckpointMetadata metadata, NDManager manager)
            throws CheckpointCorruption {
        Path file = source.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointCorruption(file, "is missing", e);
        } catch (IOException e) {
            throw new CheckpointCorruption(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        String expected = metadata.sha256() == null ? null : metadata.sha256().get(name);
        if (expected != null && !expected.equals(sha256Hex(bytes))) {
            throw new CheckpointCorruption(
                    file,
                    "does not match the SHA-256 recorded in "
                            + CheckpointMetadata.FILE
                            + " (truncated or overwritten after it was written)",
                    null);
        }
        if (Arrays.equals(bytes, EMPTY_LIST)) {
            return new NDList();
        }
        try {
            return NDList.decode(manager, new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            throw new CheckpointCorruption(
                    file, "cannot be decoded as an NDList (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Overwrites a block's parameters with decoded ones.
     *
     * @param source the checkpoint folder (for messages)
     * @param saved the decoded {@link #PARAMETERS} file
     * @param block the block, same architecture, initialized
     * @throws IllegalStateException if a parameter is missing or has another shape
     */
    static void applyParameters(Path source, NDList saved, Block block) {
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray array : saved) {
            byName.put(array.getName(), array);
        }
        try (Autograd.GradModeScope paused = Autograd.pause()) {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                NDArray value = byName.get(pair.getKey());
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

    /**
     * Builds the optimizer state of a checkpoint, keyed by the block's parameter ids.
     *
     * @param saved the decoded {@link #OPTIMIZER} file
     * @param metadata the folder's metadata (step counters)
     * @param block the block whose parameter ids replace the saved names
     * @return the state to pass to {@link StatefulOptimizer#loadState}
     * @throws IllegalStateException if the state names a parameter the block does not have
     */
    static OptimizerState optimizerState(NDList saved, CheckpointMetadata metadata, Block block) {
        Map<String, String> nameToId = new HashMap<>();
        idToName(block).forEach((id, name) -> nameToId.put(name, id));
        Map<StateKey, NDArray> tensors = new LinkedHashMap<>();
        for (NDArray array : saved) {
            tensors.put(rename(StateKey.decode(array.getName()), nameToId), array);
        }
        Map<StateKey, Long> counters = new LinkedHashMap<>();
        metadata.optimizerCounters()
                .forEach(
                        (key, value) ->
                                counters.put(rename(StateKey.decode(key), nameToId), value));
        return new OptimizerState(tensors, counters);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every JVM provides", e);
        }
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
}
