package io.github.neuralode.experiments;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One execution of a command line with its standard error captured.
 *
 * @param status the exit status
 * @param err everything printed on standard error
 */
record CapturedRun(int status, String err) {

    /** Executes the jar's command line. */
    static CapturedRun of(String... args) {
        return of(NeuralOdeCli.commandLine(), args);
    }

    /** Executes a command line built by {@link NeuralOdeCli#commandLine()}. */
    static CapturedRun of(CommandLine commandLine, String... args) {
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new CapturedRun(status, err.toString());
    }

    /** Standard error's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
