package io.github.neuralode.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a fit leaves behind and shows while it runs: the checkpoint folder with its period and
 * resume mode, the per-epoch metrics CSV, the progress display and the options that define the
 * run (recorded in checkpoints). The one-call fits built on {@link FitLoop} ({@code StiffFit},
 * {@code ClassifierFit}, {@code TrajectoryFit}) take one of these instead of four setters each.
 * Immutable: every {@code with} method returns a changed copy. {@link #NONE} writes nothing.
 */
public final class FitOutputs {

    /** No checkpoints, no metrics file, no progress display. */
    public static final FitOutputs NONE =
            new FitOutputs(
                    null, 1, FitLoop.ResumeMode.NEVER, null, FitLoop.ProgressDisplay.NONE, Map.of());

    private final Path checkpoints;
    private final int checkpointEvery;
    private final FitLoop.ResumeMode resume;
    private final Path metricsCsv;
    private final FitLoop.ProgressDisplay progress;
    private final Map<String, String> runDefinition;

    private FitOutputs(
            Path checkpoints,
            int checkpointEvery,
            FitLoop.ResumeMode resume,
            Path metricsCsv,
            FitLoop.ProgressDisplay progress,
            Map<String, String> runDefinition) {
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
        this.resume = resume;
        this.metricsCsv = metricsCsv;
        this.progress = progress;
        this.runDefinition = runDefinition;
    }

    /**
     * Writes checkpoints.
     *
     * @param folder the checkpoint folder
     * @param everyEpochs the epochs between checkpoints, at least 1
     * @param resumeMode what a folder that already holds checkpoints means
     * @return the changed copy
     */
    public FitOutputs withCheckpoints(Path folder, int everyEpochs, FitLoop.ResumeMode resumeMode) {
        if (folder == null || resumeMode == null || everyEpochs < 1) {
            throw new IllegalArgumentException(
                    "withCheckpoints needs a folder, a resume mode and everyEpochs >= 1, got "
                            + folder + ", " + resumeMode + ", " + everyEpochs);
        }
        return new FitOutputs(folder, everyEpochs, resumeMode, metricsCsv, progress, runDefinition);
    }

    /**
     * Writes the per-epoch metrics to a CSV file (appended to on resume, see {@link MetricsCsv}).
     *
     * @param file the file
     * @return the changed copy
     */
    public FitOutputs withMetricsCsv(Path file) {
        return new FitOutputs(checkpoints, checkpointEvery, resume, file, progress, runDefinition);
    }

    /**
     * Sets the progress display.
     *
     * @param display the display
     * @return the changed copy
     */
    public FitOutputs withProgress(FitLoop.ProgressDisplay display) {
        return new FitOutputs(checkpoints, checkpointEvery, resume, metricsCsv, display, runDefinition);
    }

    /**
     * Records the caller's options in checkpoints (see {@link FitLoop.Builder#optRunDefinition}).
     *
     * @param options the options that define the run
     * @return the changed copy
     */
    public FitOutputs withRunDefinition(Map<String, String> options) {
        return new FitOutputs(
                checkpoints, checkpointEvery, resume, metricsCsv, progress, Map.copyOf(options));
    }

    /**
     * Returns the checkpoint folder.
     *
     * @return the folder, empty when no checkpoints are written
     */
    public Optional<Path> checkpoints() {
        return Optional.ofNullable(checkpoints);
    }

    /**
     * Sets these outputs on a fit loop.
     *
     * @param loop the loop's builder
     * @return the same builder
     */
    public FitLoop.Builder applyTo(FitLoop.Builder loop) {
        loop.optResume(resume).optRunDefinition(runDefinition).optProgress(progress);
        if (checkpoints != null) {
            loop.optCheckpoints(checkpoints, checkpointEvery);
        }
        if (metricsCsv != null) {
            loop.optMetricsCsv(metricsCsv);
        }
        return loop;
    }
}
