package io.github.neuralode.experiments;

import io.github.neuralode.experiments.bench.BenchAdjointCommand;
import io.github.neuralode.experiments.bench.BenchSolveCommand;
import io.github.neuralode.experiments.demo.DemoCommand;
import io.github.neuralode.experiments.gradcheck.GradCheckCommand;
import io.github.neuralode.experiments.lookahead.LookaheadCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code neuralode.jar}: one sub-command per experiment or benchmark.
 *
 * <p>Contract relied on by scripts: {@code java -jar neuralode.jar COMMAND [--quick] [--seed N]
 * [--out DIR]}; every command writes {@code DIR/results.json}; the exit status is non-zero on
 * failure, with a one-line reason on standard error.
 */
@Command(
        name = "neuralode",
        mixinStandardHelpOptions = true,
        version = "neuralode 0.1.0",
        description = "Neural ODE experiments and benchmarks on DJL (PyTorch engine).",
        subcommands = {
            DemoCommand.class,
            BenchSolveCommand.class,
            BenchAdjointCommand.class,
            GradCheckCommand.class,
            LookaheadCommand.class
        })
public final class NeuralOdeCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing COMMAND: pick one of the commands listed by --help");
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Never download engine natives: pytorch-native-cpu inside the jar provides them.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // One intra-op thread unless asked otherwise: see EngineThreads on spinning OpenMP threads.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting the JVM (for tests).
     *
     * @param args the command line
     * @return the exit status: 0 on success, 2 for a usage error (e.g. a value out of range)
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Builds the command line; a failure while running is reported on one line.
     *
     * @return the command line, ready to execute
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new NeuralOdeCli());
        commandLine.setExecutionExceptionHandler(
                (ex, cmd, parseResult) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + oneLine(ex));
                    return 1;
                });
        return commandLine;
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return message.replace('\n', ' ');
    }
}
