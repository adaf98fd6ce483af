package io.github.neuralode.experiments;

import com.google.gson.GsonBuilder;

import io.github.neuralode.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat JSON object of named numbers and strings that every command writes as {@code
 * results.json}. Keys keep their insertion order; files are written atomically (a temporary file
 * in the same folder, then a rename), so a killed run never leaves a half-written result.
 */
public final class Results {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * Records a number.
     *
     * @param key the key, as documented per command in the README
     * @param value the value; NaN and infinities are written as strings
     * @return this object
     */
    public Results put(String key, double value) {
        values.put(key, Double.isFinite(value) ? (Object) value : Double.toString(value));
        return this;
    }

    /**
     * Records a string.
     *
     * @param key the key
     * @param value the value
     * @return this object
     */
    public Results put(String key, String value) {
        values.put(key, value);
        return this;
    }

    /**
     * Returns the recorded value of a key.
     *
     * @param key the key
     * @return the value, or {@code null} if none was recorded
     */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * Writes {@code results.json} into a folder, atomically.
     *
     * @param folder the output folder (created if missing)
     * @return the written file
     * @throws IOException if the file cannot be written
     */
    public Path write(Path folder) throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(values);
        return writeAtomically(folder.resolve("results.json"), json);
    }

    /**
     * Writes a text file atomically (see {@link AtomicFiles}).
     *
     * @param target the file to write
     * @param text its content
     * @return the target
     * @throws IOException if the file cannot be written
     */
    public static Path writeAtomically(Path target, String text) throws IOException {
        return AtomicFiles.writeString(target, text);
    }
}
