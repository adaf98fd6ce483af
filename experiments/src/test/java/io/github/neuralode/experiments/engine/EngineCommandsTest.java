package io.github.neuralode.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.neuralode.experiments.NeuralOdeCli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Device choice, the engine description, and the {@code doctor} and {@code warmup} commands on
 * this machine's CPU (GPUs are simulated by count where the logic needs them).
 */
class EngineCommandsTest {

    @Test
    void devicesResolveAgainstTheGpusFound() {
        assertEquals(Device.cpu(), DeviceChoice.resolve("cpu", 0));
        assertEquals(Device.cpu(), DeviceChoice.resolve("auto", 0));
        assertEquals(Device.gpu(0), DeviceChoice.resolve("auto", 2));
        assertEquals(Device.gpu(0), DeviceChoice.resolve("gpu", 2));
        assertEquals(Device.gpu(1), DeviceChoice.resolve("GPU:1", 2));
        assertEquals(List.of(Device.cpu(), Device.gpu(0), Device.gpu(1)), DeviceChoice.available(2));
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu:3", 2));
        assertTrue(missing.getMessage().contains("gpu:3 is not on this machine: PyTorch sees 2 GPU(s)"), missing.getMessage());
        assertTrue(missing.getMessage().contains("[cpu(), gpu(0), gpu(1)]"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu", 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("tpu", 0));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu:x", 4));
    }

    @Test
    void flavourComesFromTheNativeFolderName() {
        assertEquals("cpu", EngineDescription.flavour("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64", false));
        assertEquals("cu128", EngineDescription.flavour("/cache/pytorch/2.7.1-cu128-linux-x86_64", true));
        assertEquals("cuda", EngineDescription.flavour("/usr/lib/python3/site-packages/torch/lib", true));
        assertEquals("cpu", EngineDescription.flavour(null, false));
        EngineDescription here = EngineDescription.current();
        assertEquals("PyTorch", here.engine());
        assertEquals(Engine.getInstance().getGpuCount(), here.gpus());
        assertTrue(here.summary().startsWith("PyTorch " + here.version()), here.summary());
    }

    @Test
    void doctorAgreesWithTheCpuAndWritesItsKeys(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("doctor", "--out", out.toString()));
        JsonObject results = read(out);
        assertEquals("PyTorch", results.get("engine").getAsString());
        assertEquals(0.0, results.get("cpu_direct_float64_rel_error").getAsDouble(), 0.0);
        assertTrue(results.get("cpu_checkpoint_float64_rel_error").getAsDouble() < DoctorCommand.FLOAT64_TOLERANCE);
        assertTrue(results.get("cpu_checkpoint_float32_rel_error").getAsDouble() < DoctorCommand.FLOAT32_TOLERANCE);
        assertEquals(
                results.get("cpu_direct_float64_loss").getAsDouble(),
                results.get("cpu_checkpoint_float64_loss").getAsDouble(),
                1e-12);
    }

    @Test
    void aMissingGpuIsAUsageErrorBeforeAnyWork(@TempDir Path out) {
        int gpus = Engine.getInstance().getGpuCount();
        String absent = "gpu:" + gpus;
        assertEquals(2, NeuralOdeCli.execute("doctor", "--device", absent, "--out", out.resolve("doctor").toString()));
        String[] commands = {
            "mnist-anode", "stiff-rober", "homotopy-lv", "lookahead", "spheres", "sines",
            "stiff-gradients", "bench-solve", "bench-adjoint", "bench-stiff"
        };
        for (String command : commands) {
            assertEquals(2, NeuralOdeCli.execute(command, "--device", absent, "--out", out.resolve(command).toString()), command);
        }
        assertFalse(Files.exists(out.resolve("doctor")));
    }

    @Test
    void warmupRunsOneOperationOnTheDevice(@TempDir Path out) throws IOException {
        assertEquals(0, NeuralOdeCli.execute("warmup", "--device", "auto", "--out", out.toString()));
        JsonObject results = read(out);
        assertEquals(55.0, results.get("check").getAsDouble(), 0.0);
        assertEquals(EngineDescription.current().flavour(), results.get("flavour").getAsString());
    }

    private static JsonObject read(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
    }
}
