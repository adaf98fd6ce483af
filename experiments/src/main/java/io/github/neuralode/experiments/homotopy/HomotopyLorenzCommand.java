package io.github.neuralode.experiments.homotopy;

import io.github.neuralode.data.systems.Lorenz;
import io.github.neuralode.data.systems.Trajectory;

import picocli.CommandLine.Command;

import java.util.List;

/**
 * {@code homotopy-lorenz}: the Lorenz system ({@code sigma, rho, beta = 10, 28, 8/3} from {@code
 * (1.2, 2.1, 1.7)}), 31 training samples every 0.1 and 31 held out, absolute Gaussian noise 0.25
 * (noise seed {@value HomotopyLvCommand#NOISE_SEED}); one study, {@code blackbox}.
 */
@Command(
        name = "homotopy-lorenz",
        mixinStandardHelpOptions = true,
        description =
                "Homotopy training vs vanilla and multiple shooting on noisy Lorenz data (Ko et al."
                        + " 2023).")
public final class HomotopyLorenzCommand extends HomotopyCommand {

    /** Training samples. */
    static final int TRAINING = 31;
    /** Held-out samples. */
    static final int HELD_OUT = 31;

    /** {@inheritDoc} */
    @Override
    HomotopyRecipe recipe() {
        return HomotopyRecipe.LORENZ;
    }

    /** {@inheritDoc} */
    @Override
    List<Study> studies(boolean quick) {
        double dt = Lorenz.PAPER_DT;
        Trajectory series =
                Lorenz.paper()
                        .noisy(
                                Lorenz.paperInitialState(),
                                dt,
                                (TRAINING + HELD_OUT) * dt - dt / 2,
                                HomotopyLvCommand.NOISE_SEED);
        return List.of(Study.split("blackbox", "", series, TRAINING, () -> blackBox(3)));
    }
}
