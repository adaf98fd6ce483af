package io.github.neuralode.experiments.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.neuralode.experiments.ExperimentOptions;
import io.github.neuralode.experiments.Results;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code warmup}: loads the engine's natives (so DJL extracts them, or downloads the flavour that
 * {@code PYTORCH_FLAVOR} names when run with {@code -Dai.djl.offline=false}, into its cache) and
 * runs one small operation on {@code --device}; the Docker images run it once at build time so
 * that containers start offline. results.json: {@code engine}, {@code version}, {@code flavour},
 * {@code library_path}, {@code cache_dir}, {@code gpus}, {@code device}, {@code check} (the sum of
 * 1..10 computed on the device, 55).
 */
@Command(
        name = "warmup",
        mixinStandardHelpOptions = true,
        description =
                "Load (and, when allowed, download) the engine's natives and run one operation on"
                        + " --device; for image builds.")
public final class WarmupCommand implements Callable<Integer> {

    @Mixin ExperimentOptions options;

    @Mixin DeviceOption deviceOption;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        EngineDescription engine = EngineDescription.current();
        double check;
        try (NDManager manager = NDManager.newBaseManager(deviceOption.device())) {
            NDArray values = manager.arange(1, 11).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
            check = values.sum().getDouble();
        }
        System.out.println(engine.summary() + "; natives in " + engine.libraryPath() + "; "
                + deviceOption.device() + " ok");
        new Results()
                .put("engine", engine.engine())
                .put("version", engine.version())
                .put("flavour", engine.flavour())
                .put("library_path", engine.libraryPath())
                .put("cache_dir", engine.cacheDir().toString())
                .put("gpus", engine.gpus())
                .put("device", deviceOption.device().toString())
                .put("check", check)
                .write(options.out());
        return 0;
    }
}
