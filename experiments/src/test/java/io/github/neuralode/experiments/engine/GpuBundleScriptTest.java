package io.github.neuralode.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * The GPU-host bundle script ({@code experiments/scripts/gpu-host/make-bundle.sh}) on a stand-in
 * jar and a stand-in DJL source tree: its layout (runtime with JNI headers, jar, glue sources with
 * the generated JNI header, runner), the 64 MiB limit, and its refusals.
 */
class GpuBundleScriptTest {

    private static final Path SCRIPT = Path.of("scripts/gpu-host/make-bundle.sh");
    private static final long LIMIT = 64L * 1024 * 1024;

    @Test
    void bundleHasItsLayoutAndStaysUnderTheLimit(@TempDir Path work) throws Exception {
        Path jar = standInJar(work.resolve("app.jar"));
        Path djl = standInDjl(work.resolve("djl"));
        Path out = work.resolve("bundle");
        Run run = run("--djl-src", djl.toString(), "--jar", jar.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.output());
        assertTrue(Files.isExecutable(out.resolve("java/bin/java")), run.output());
        assertTrue(Files.exists(out.resolve("java/include/jni.h")), "JNI headers for the glue build");
        assertTrue(Files.exists(out.resolve("neuralode.jar")));
        Path header =
                out.resolve(
                        "jni-src/engines/pytorch/pytorch-native/build/include/"
                                + "ai_djl_pytorch_jni_PyTorchLibrary.h");
        assertTrue(
                Files.readString(header).contains("Java_ai_djl_pytorch_jni_PyTorchLibrary_torchVersion"),
                "generated JNI header");
        assertTrue(Files.exists(out.resolve("jni-src/api/src/main/native/djl/utils.h")));
        assertTrue(Files.exists(out.resolve("jni-src/engines/pytorch/pytorch-native/CMakeLists.txt")));
        assertTrue(Files.isExecutable(out.resolve("run.sh")));
        assertTrue(Files.exists(out.resolve("BUNDLE")));
        long size;
        try (var files = Files.walk(out)) {
            size = files.filter(Files::isRegularFile).mapToLong(GpuBundleScriptTest::sizeOf).sum();
        }
        assertTrue(size < LIMIT, "bundle of " + size + " bytes");
        assertTrue(run.output().contains("bundle: " + out), run.output());
    }

    @Test
    void refusesAMissingDjlTreeAndAFolderInUse(@TempDir Path work) throws Exception {
        Run missing = run("--djl-src", work.resolve("nothing").toString(), "--out", work.resolve("b").toString());
        assertEquals(2, missing.status(), missing.output());
        assertTrue(missing.output().contains("git clone -b v0.35.1"), missing.output());
        Path used = Files.createDirectories(work.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        Run busy =
                run(
                        "--djl-src", standInDjl(work.resolve("djl")).toString(),
                        "--jar", standInJar(work.resolve("app.jar")).toString(),
                        "--out", used.toString());
        assertEquals(2, busy.status(), busy.output());
        assertEquals("mine", Files.readString(used.resolve("keep.txt")));
    }

    private record Run(int status, String output) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the script finishes");
        return new Run(process.exitValue(), output);
    }

    /** A jar holding one class of ours (so jdeps finds java.base). */
    private static Path standInJar(Path jar) throws IOException {
        String name = "io/github/neuralode/experiments/engine/DeviceChoice.class";
        byte[] bytes;
        try (var in = GpuBundleScriptTest.class.getClassLoader().getResourceAsStream(name)) {
            bytes = in.readAllBytes();
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }

    /** The files of a DJL source tree that the script packs, with a one-method JNI class. */
    private static Path standInDjl(Path root) throws IOException {
        Path native_ = root.resolve("engines/pytorch/pytorch-native");
        Files.createDirectories(native_.resolve("src/main/native"));
        Files.writeString(native_.resolve("CMakeLists.txt"), "project(djl_torch)\n");
        Files.writeString(native_.resolve("src/main/native/glue.cc"), "// glue\n");
        Path utils = Files.createDirectories(root.resolve("api/src/main/native/djl"));
        Files.writeString(utils.resolve("utils.h"), "// utils\n");
        Path library = Files.createDirectories(root.resolve("engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni"));
        Files.writeString(
                library.resolve("PyTorchLibrary.java"),
                "package ai.djl.pytorch.jni;\npublic final class PyTorchLibrary {\n"
                        + "    public native long torchVersion();\n}\n");
        return root;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
