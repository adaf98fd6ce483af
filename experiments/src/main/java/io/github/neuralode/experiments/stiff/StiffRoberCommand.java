package io.github.neuralode.experiments.stiff;

import picocli.CommandLine.Command;

/**
 * {@code stiff-rober}: the stiff neural ODE paper's ROBER (Robertson, 3 species on [0, 1e5])
 * experiment, the scaled model against the failing baseline; settings in {@link StiffRecipe},
 * outputs in {@link StiffTrainCommand}.
 */
@Command(
        name = "stiff-rober",
        mixinStandardHelpOptions = true,
        description =
                "Stiff neural ODE on ROBER (Robertson, 3 species on [0, 1e5]): scaled model vs"
                        + " baseline"
                        + " (Kim et al. 2021).")
public final class StiffRoberCommand extends StiffTrainCommand {

    /** {@inheritDoc} */
    @Override
    StiffRecipe recipe() {
        return StiffRecipe.ROBER;
    }
}
