package io.github.neuralode.train;

/**
 * Names one piece of optimizer state: a slot (for example {@code "mean"}, {@code "slow"}) of one
 * parameter on one device.
 *
 * <p>In a running optimizer {@code parameter} is DJL's parameter id (a random UUID); a {@link
 * CheckpointStore} translates ids into the stable parameter names of the model's block before
 * writing, and back after reading, so state written by one process loads into another.
 *
 * @param parameter the parameter id (in memory) or name (on disk)
 * @param device the device, as {@code Device.toString()} (for example {@code "cpu()"})
 * @param slot the kind of state, unique within one optimizer
 */
public record StateKey(String parameter, String device, String slot) {

    /**
     * Returns a copy naming another parameter (id to name translation and back).
     *
     * @param other the new parameter id or name
     * @return the key with {@code parameter} replaced
     */
    public StateKey withParameter(String other) {
        return new StateKey(other, device, slot);
    }

    /**
     * Returns a copy whose slot carries a prefix (used by wrapping optimizers for the inner state).
     *
     * @param prefix the prefix, for example {@code "inner."}
     * @return the key with the prefixed slot
     */
    public StateKey withSlotPrefix(String prefix) {
        return new StateKey(parameter, device, prefix + slot);
    }

    /**
     * Encodes the key as one string {@code parameter|device|slot} (names without {@code |}).
     *
     * @return the encoded key
     */
    public String encode() {
        return parameter + '|' + device + '|' + slot;
    }

    /**
     * Decodes a key written by {@link #encode()}.
     *
     * @param text the encoded key
     * @return the key
     * @throws IllegalArgumentException if the text does not have three parts
     */
    public static StateKey decode(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "optimizer state key must be parameter|device|slot, got '" + text + "'");
        }
        return new StateKey(parts[0], parts[1], parts[2]);
    }
}
