package io.github.neuralode.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of one checkpoint folder: an OS lock ({@link FileChannel#tryLock()}) on the
 * file {@code .lock} inside it, which also records the holder's process id. At most one {@link
 * CheckpointStore} in any process holds it. Within one JVM a registry of held folders refuses a
 * second store before it opens the lock file (closing a second channel on a locked file would
 * drop the first channel's OS lock on POSIX systems). The lock file stays in place after release.
 */
final class CheckpointLock implements AutoCloseable {

    /** The lock file's name inside the checkpoint folder. */
    static final String FILE = ".lock";

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a folder, creating the folder if needed.
     *
     * @param folder the checkpoint folder
     * @return the held lock; close it to release
     * @throws IllegalStateException if another store, in this or another process, holds it
     * @throws IOException if the folder or the lock file cannot be created
     */
    static CheckpointLock acquire(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path key = folder.toRealPath();
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw inUse(folder, "another checkpoint store of this process holds it");
        }
        try {
            FileChannel channel =
                    FileChannel.open(
                            key.resolve(FILE),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw inUse(folder, holder + " holds " + key.resolve(FILE));
            }
            byte[] pid =
                    ("pid " + ProcessHandle.current().pid() + "\n")
                            .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new CheckpointLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8);
        return text.isBlank() ? "another process" : "process " + text.strip().replace("pid ", "");
    }

    private static IllegalStateException inUse(Path folder, String why) {
        return new IllegalStateException(
                "the checkpoint folder "
                        + folder
                        + " is in use by another run ("
                        + why
                        + "): wait until that run ends, or give this run another folder");
    }

    /** Releases the lock (the lock file stays). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }
}
