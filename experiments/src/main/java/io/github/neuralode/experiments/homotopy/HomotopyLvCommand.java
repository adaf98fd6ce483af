package io.github.neuralode.experiments.homotopy;

import io.github.neuralode.data.systems.LotkaVolterra;
import io.github.neuralode.data.systems.Trajectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code homotopy-lv}: Lotka-Volterra ({@code x' = 1.3 x - 0.9 x y}, {@code y' = 0.8 x y - 1.8
 * y} from {@code (0.44249296, 4.6280594)}, samples every 0.1 on {@code [0, 6.1)}, Gaussian noise
 * of 5 % of each state's mean over the training window, noise seed {@value #NOISE_SEED}); studies
 * {@code blackbox} (results without prefix), {@code graybox} ({@code graybox_}) and the
 * data-length sweep {@code sweep-t3.1}, {@code sweep-t9.1} (black box; {@code sweep_t3.1_} ...;
 * {@code t = 6.1} is the black-box study). 50 held-out samples follow every window.
 */
@Command(
        name = "homotopy-lv",
        mixinStandardHelpOptions = true,
        description =
                "Homotopy training vs vanilla and multiple shooting on noisy Lotka-Volterra data"
                        + " (Ko et al. 2023): black box, gray box and the data-length sweep.")
public final class HomotopyLvCommand extends HomotopyCommand {

    /** The seed of the measurement noise, fixed for all training seeds. */
    static final long NOISE_SEED = 0;
    /** Samples after each training window used for extrapolation. */
    static final int HELD_OUT = 50;

    @Option(
            names = "--studies",
            split = ",",
            paramLabel = "STUDY",
            description =
                    "Which studies: blackbox, graybox, sweep (default: all three; quick: blackbox"
                            + " and graybox).")
    List<String> studies = List.of("blackbox", "graybox", "sweep");

    /** {@inheritDoc} */
    @Override
    HomotopyRecipe recipe() {
        return HomotopyRecipe.LOTKA_VOLTERRA;
    }

    /** {@inheritDoc} */
    @Override
    List<Study> studies(boolean quick) {
        List<Study> chosen = new ArrayList<>();
        for (String study : studies) {
            switch (study) {
                case "blackbox" -> chosen.add(
                        Study.split("blackbox", "", series(LotkaVolterra.PAPER_T_END), points(LotkaVolterra.PAPER_T_END), () -> blackBox(2)));
                case "graybox" -> chosen.add(
                        Study.split("graybox", "graybox_", series(LotkaVolterra.PAPER_T_END), points(LotkaVolterra.PAPER_T_END), this::grayBox));
                case "sweep" -> {
                    if (!quick) {
                        for (double tEnd : new double[] {3.1, 9.1}) {
                            String tag = String.format(Locale.ROOT, "t%.1f", tEnd);
                            chosen.add(Study.split("sweep-" + tag, "sweep_" + tag + "_", series(tEnd), points(tEnd), () -> blackBox(2)));
                        }
                    }
                }
                default -> throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--studies " + study + " is unknown: use blackbox, graybox or sweep");
            }
        }
        return chosen;
    }

    /** Training samples of {@code [0, tEnd)} at the paper's spacing. */
    private static int points(double tEnd) {
        return (int) Math.round(tEnd / LotkaVolterra.PAPER_DT);
    }

    /**
     * The noisy series of a window {@code [0, tEnd)} and the 50 samples after it; the noise
     * deviation is 5 % of each state's mean over the training window.
     */
    static Trajectory series(double tEnd) {
        int trainingPoints = points(tEnd);
        LotkaVolterra system = LotkaVolterra.paper();
        double dt = LotkaVolterra.PAPER_DT;
        Trajectory clean = system.solve(LotkaVolterra.paperInitialState(), dt, (trainingPoints + HELD_OUT) * dt - dt / 2);
        double[] deviations = clean.slice(0, trainingPoints).means();
        for (int i = 0; i < deviations.length; i++) {
            deviations[i] *= LotkaVolterra.NOISE_FRACTION;
        }
        return clean.withNoise(deviations, NOISE_SEED);
    }
}
