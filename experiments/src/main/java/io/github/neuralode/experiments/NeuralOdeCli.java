package io.github.neuralode.experiments;

import io.github.neuralode.experiments.anode.MnistAnodeCommand;
import io.github.neuralode.experiments.anode.MnistReportCommand;
import io.github.neuralode.experiments.anode.SinesCommand;
import io.github.neuralode.experiments.anode.SpheresCommand;
import io.github.neuralode.experiments.bench.BenchAdjointCommand;
import io.github.neuralode.experiments.bench.BenchMnistCommand;
import io.github.neuralode.experiments.bench.BenchSolveCommand;
import io.github.neuralode.experiments.bench.BenchStiffCommand;
import io.github.neuralode.experiments.demo.DemoCommand;
import io.github.neuralode.experiments.engine.DoctorCommand;
import io.github.neuralode.experiments.engine.EngineDescription;
import io.github.neuralode.experiments.engine.WarmupCommand;
import io.github.neuralode.experiments.gradcheck.GradCheckCommand;
import io.github.neuralode.experiments.homotopy.HomotopyLorenzCommand;
import io.github.neuralode.experiments.homotopy.HomotopyLvCommand;
import io.github.neuralode.experiments.homotopy.HomotopyPendulumCommand;
import io.github.neuralode.experiments.lookahead.LookaheadCommand;
import io.github.neuralode.experiments.stiff.StiffGradientsCommand;
import io.github.neuralode.experiments.stiff.StiffPolluCommand;
import io.github.neuralode.experiments.stiff.StiffRoberCommand;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of {@code neuralode.jar}: one sub-command per experiment or benchmark.
 *
 * <p>Contract relied on by scripts: {@code java -jar neuralode.jar COMMAND [--quick] [--seed N]
 * [--out DIR]}; every command writes {@code DIR/results.json}. The exit status is 0 on success;
 * 2 for a usage error (an unknown option, a value outside its range, an {@code --out} folder that
 * cannot receive files: all refused before any work starts), reported as the reason followed by
 * the command's usage; 1 for a failure while running, reported as one line {@code command:
 * reason} on standard error, with the stack trace in {@code DIR/error.log}.
 */
@Command(
        name = "neuralode",
        mixinStandardHelpOptions = true,
        version = "neuralode 0.1.0",
        description = "Neural ODE experiments and benchmarks on DJL (PyTorch engine).",
        subcommands = {
            DemoCommand.class,
            DoctorCommand.class,
            WarmupCommand.class,
            BenchSolveCommand.class,
            BenchAdjointCommand.class,
            BenchStiffCommand.class,
            BenchMnistCommand.class,
            GradCheckCommand.class,
            LookaheadCommand.class,
            MnistReportCommand.class,
            MnistAnodeCommand.class,
            SpheresCommand.class,
            SinesCommand.class,
            StiffRoberCommand.class,
            StiffPolluCommand.class,
            StiffGradientsCommand.class,
            HomotopyLvCommand.class,
            HomotopyLorenzCommand.class,
            HomotopyPendulumCommand.class
        })
public final class NeuralOdeCli implements Runnable {

    private static final Logger logger = LoggerFactory.getLogger(NeuralOdeCli.class);

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
     * @return the exit status: 0 on success, 1 if the command failed while running, 2 for a usage
     *     error
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Builds the command line: every command's {@code --out} folder is checked before it runs,
     * and a failure while running (exception or {@link Error}) is reported by {@link
     * FailureReport}.
     *
     * @return the command line, ready to execute
     */
    static CommandLine commandLine() {
        return new CommandLine(new NeuralOdeCli())
                .setExecutionStrategy(NeuralOdeCli::checkOutputAndRun)
                .setExecutionExceptionHandler(new FailureReport());
    }

    /**
     * Runs the chosen command after checking its {@code --out} folder; a folder that cannot
     * receive files is a usage error. Picocli passes only exceptions to the execution-exception
     * handler and lets an {@link Error} escape {@code execute}, so errors are reported here.
     */
    private static int checkOutputAndRun(ParseResult parseResult) {
        Integer help = CommandLine.executeHelpRequest(parseResult);
        if (help != null) {
            return help;
        }
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine command = chain.get(chain.size() - 1);
        ExperimentOptions.of(command.getCommandSpec())
                .ifPresent(options -> requireOutput(command, options.out()));
        try {
            logger.info("{}: {}", command.getCommandName(), EngineDescription.current().summary());
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error error) {
            return FailureReport.report(error, command, parseResult);
        }
    }

    private static void requireOutput(CommandLine command, Path out) {
        Optional<String> problem = OutputFolder.problem(out);
        if (problem.isPresent()) {
            throw new CommandLine.ParameterException(
                    command,
                    "Invalid value for option '--out': "
                            + out
                            + " cannot receive files: "
                            + problem.get());
        }
    }
}
