package io.github.neuralode.experiments;

import io.github.neuralode.io.AtomicFiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reports a command that failed while running, exception or {@link Error}: one line on standard
 * error, {@code command: reason (stack trace in DIR/error.log)}, and the exit status of a run-time
 * failure ({@code CommandLine.ExitCode.SOFTWARE}, 1). The stack trace never reaches the console:
 * it goes to {@code error.log} in the command's {@code --out} folder (written atomically) and to
 * the log at DEBUG. Errors get a hint (for {@link OutOfMemoryError}: raise {@code -Xmx}).
 */
final class FailureReport implements CommandLine.IExecutionExceptionHandler {

    /** The file in the {@code --out} folder that receives the stack trace. */
    static final String FILE_NAME = "error.log";

    private static final Logger logger = LoggerFactory.getLogger(FailureReport.class);

    /** {@inheritDoc} */
    @Override
    public int handleExecutionException(
            Exception ex, CommandLine command, ParseResult parseResult) {
        return report(ex, command, parseResult);
    }

    /**
     * Reports a failure of a running command.
     *
     * @param failure what the command threw
     * @param command the command that threw it
     * @param parseResult the parsed command line
     * @return the exit status of a run-time failure
     */
    static int report(Throwable failure, CommandLine command, ParseResult parseResult) {
        logger.debug("{} failed", command.getCommandName(), failure);
        String where =
                writeLog(failure, command, parseResult)
                        .map(file -> " (stack trace in " + file + ")")
                        .orElse("");
        command.getErr().println(command.getCommandName() + ": " + reason(failure) + where);
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The failure in words, on one line, with a hint for errors of the JVM. */
    private static String reason(Throwable failure) {
        String message =
                failure.getMessage() == null
                        ? ""
                        : failure.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        if (failure instanceof OutOfMemoryError) {
            return "out of memory (" + message + "): raise the Java heap limit with -Xmx,"
                    + " e.g. java -Xmx8g -jar neuralode.jar ...";
        }
        if (failure instanceof StackOverflowError) {
            return "stack overflow: raise the thread stack size with -Xss,"
                    + " e.g. java -Xss16m -jar neuralode.jar ...";
        }
        String name = failure.getClass().getSimpleName();
        if (failure instanceof Error) {
            return "internal error " + name + (message.isEmpty() ? "" : ": " + message);
        }
        return message.isEmpty() ? name : message;
    }

    /** Writes the command line and stack trace to error.log in --out; empty if that fails. */
    private static Optional<Path> writeLog(
            Throwable failure, CommandLine command, ParseResult parseResult) {
        Optional<ExperimentOptions> options = ExperimentOptions.of(command.getCommandSpec());
        if (options.isEmpty()) {
            return Optional.empty();
        }
        StringWriter text = new StringWriter();
        try (PrintWriter printer = new PrintWriter(text)) {
            printer.println("neuralode " + String.join(" ", parseResult.originalArgs()));
            failure.printStackTrace(printer);
        }
        try {
            Path file = options.get().out().resolve(FILE_NAME);
            return Optional.of(AtomicFiles.writeString(file, text.toString()));
        } catch (IOException e) {
            logger.debug("cannot write {}", FILE_NAME, e);
            return Optional.empty();
        }
    }
}
