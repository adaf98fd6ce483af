package io.github.neuralode.experiments.stiff;

import picocli.CommandLine.Command;

/**
 * {@code stiff-pollu}: the stiff neural ODE paper's POLLU (Verwer, 20 species on [0, 60])
 * experiment, the scaled model against the failing baseline; settings in {@link StiffRecipe},
 * outputs in {@link StiffTrainCommand}.
 */
@Command(
        name = "stiff-pollu",
        mixinStandardHelpOptions = true,
        description =
                "Stiff neural ODE on POLLU (Verwer, 20 species on [0, 60]): scaled model vs"
                        + " baseline"
                        + " (Kim et al. 2021).")
public final class StiffPolluCommand extends StiffTrainCommand {

    /** {@inheritDoc} */
    @Override
    StiffRecipe recipe() {
        return StiffRecipe.POLLU;
    }
}
