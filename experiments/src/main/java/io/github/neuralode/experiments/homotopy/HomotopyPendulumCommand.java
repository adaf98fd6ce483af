package io.github.neuralode.experiments.homotopy;

import io.github.neuralode.data.systems.DoublePendulum;
import io.github.neuralode.data.systems.Trajectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code homotopy-pendulum}: the measured double pendulum of Schmidt and Lipson (2009), trial 0,
 * the first 100 rows for training and the next 50 held out, time from 0, no added noise; one
 * study, {@code blackbox}. The data file is not part of the repository ({@code --data}).
 */
@Command(
        name = "homotopy-pendulum",
        mixinStandardHelpOptions = true,
        description =
                "Homotopy training vs vanilla and multiple shooting on the real double pendulum"
                        + " (Schmidt and Lipson 2009; Ko et al. 2023).")
public final class HomotopyPendulumCommand extends HomotopyCommand {

    @Option(
            names = "--data",
            paramLabel = "PATH",
            description =
                    "The measurements, "
                            + DoublePendulum.FILE_NAME
                            + " (default: ${DEFAULT-VALUE}; from invar_datasets.zip of the Science"
                            + " paper's supplementary materials).")
    Path data = Path.of(DoublePendulum.SHARED_LOCATION);

    /** {@inheritDoc} */
    @Override
    HomotopyRecipe recipe() {
        return HomotopyRecipe.DOUBLE_PENDULUM;
    }

    /** {@inheritDoc} */
    @Override
    List<Study> studies(boolean quick) throws IOException {
        Trajectory series =
                DoublePendulum.read(
                        data, 0, 0, DoublePendulum.TRAINING_ROWS + DoublePendulum.EXTRAPOLATION_ROWS);
        return List.of(
                Study.split("blackbox", "", series, DoublePendulum.TRAINING_ROWS, () -> blackBox(4)));
    }
}
