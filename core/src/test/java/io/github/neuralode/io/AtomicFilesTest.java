package io.github.neuralode.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

class AtomicFilesTest {

    @Test
    void writtenFilesGetTheUmaskModeNotOwnerOnly(@TempDir Path folder) throws IOException {
        Set<PosixFilePermission> umaskFile =
                Files.getPosixFilePermissions(Files.createFile(folder.resolve("reference.txt")));
        Set<PosixFilePermission> umaskFolder =
                Files.getPosixFilePermissions(Files.createDirectory(folder.resolve("reference")));

        Path written = AtomicFiles.writeString(folder.resolve("results.json"), "{}");
        Path unique = AtomicFiles.createUnique(folder, ".writing-", "", true);

        assertEquals(umaskFile, Files.getPosixFilePermissions(written));
        assertEquals(umaskFolder, Files.getPosixFilePermissions(unique));
        assertTrue(
                umaskFile.contains(PosixFilePermission.OWNER_READ)
                        && umaskFile.contains(PosixFilePermission.OWNER_WRITE),
                umaskFile.toString());
    }

    @Test
    void rewritingReplacesTheContentAndLeavesNoTemporaryFile(@TempDir Path folder)
            throws IOException {
        Path target = folder.resolve("metrics.csv");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second");

        assertEquals("second", Files.readString(target));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(1, files.count(), "a temporary sibling was left behind");
        }
    }
}
