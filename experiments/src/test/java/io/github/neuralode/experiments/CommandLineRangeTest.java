package io.github.neuralode.experiments;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Every numeric option is checked while parsing: out of range is a usage error, before any work. */
class CommandLineRangeTest {

    private static final String CPUS = Integer.toString(Runtime.getRuntime().availableProcessors());

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "demo --iterations -5               | --iterations | 1..1000000",
                "demo --iterations 0                | --iterations | 1..1000000",
                "demo --iterations 1000001          | --iterations | 1..1000000",
                "bench-solve --warmup Infinity      | --warmup     | 0.0..86400.0",
                "bench-solve --warmup NaN           | --warmup     | 0.0..86400.0",
                "bench-solve --warmup 86401         | --warmup     | 0.0..86400.0",
                "bench-solve --warmup -1            | --warmup     | 0.0..86400.0",
                "bench-solve --hold Infinity        | --hold       | 0.0..86400.0",
                "bench-solve --hold -1              | --hold       | 0.0..86400.0",
                "bench-solve --threads 0            | --threads    | 1..CPUS",
                "bench-solve --threads 999          | --threads    | 1..CPUS",
                "bench-adjoint --steps 100,0        | --steps      | 1..100000",
                "bench-adjoint --steps 100001       | --steps      | 1..100000",
                "bench-adjoint --threads 999        | --threads    | 1..CPUS",
                "grad-check --rtol 0                | --rtol       | 1.0E-13..0.1",
                "grad-check --rtol NaN              | --rtol       | 1.0E-13..0.1",
                "grad-check --rtol 1                | --rtol       | 1.0E-13..0.1",
                "grad-check --steps 0               | --steps      | 1..100000",
                "grad-check --batch 0               | --batch      | 1..1024",
                "grad-check --batch 1025            | --batch      | 1..1024",
                "bench-stiff --warmup -1            | --warmup     | 0.0..86400.0",
                "bench-stiff --threads 0            | --threads    | 1..CPUS",
                "bench-mnist --runs 0               | --runs       | 1..10000",
                "bench-mnist --conv-runs 1001       | --conv-runs  | 1..1000",
                "bench-mnist --warmup -1            | --warmup     | 0.0..86400.0",
                "bench-mnist --threads 0            | --threads    | 1..CPUS",
                "stiff-rober --epochs 0             | --epochs     | 1..10000000",
                "stiff-rober --baseline-epochs 10000001 | --baseline-epochs | 1..10000000",
                "stiff-pollu --checkpoint-every 0   | --checkpoint-every | 1..10000000",
                "stiff-pollu --threads 999          | --threads    | 1..CPUS",
                "homotopy-lv --checkpoint-every 0   | --checkpoint-every | 1..1000000",
                "homotopy-lorenz --threads 999      | --threads    | 1..CPUS",
            })
    void outOfRangeValueIsAUsageErrorNamingOptionAndRange(
            String commandLine, String option, String range, @TempDir Path tmp) {
        Path out = tmp.resolve("out");
        CapturedRun run = CapturedRun.of(args(commandLine + " --out " + out));
        assertEquals(CommandLine.ExitCode.USAGE, run.status(), run.err());
        String first = run.errLines().get(0);
        assertTrue(first.startsWith("Invalid value for option '" + option + "': "), first);
        assertTrue(first.endsWith(" is not in " + range.replace("CPUS", CPUS)), first);
        assertFalse(Files.exists(out), "refused before --out was created");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo --iterations 1 --seed -9223372036854775808",
                "demo --iterations 1000000 --seed 9223372036854775807",
                "bench-solve --warmup 0 --hold 86400 --threads 1",
                "bench-solve --warmup 86400 --hold 0 --threads CPUS",
                "bench-adjoint --steps 1,100000 --threads CPUS",
                "grad-check --rtol 1e-13 --steps 100000 --batch 1024",
                "grad-check --rtol 0.1 --steps 1 --batch 1",
                "bench-stiff --warmup 0 --threads CPUS",
                "bench-mnist --runs 1 --conv-runs 1000 --warmup 0 --threads CPUS",
                "bench-mnist --runs 10000 --conv-runs 1 --warmup 86400 --threads 1",
                "stiff-rober --epochs 10000000 --baseline-epochs 1 --checkpoint-every 1 --threads 1",
                "stiff-pollu --epochs 1 --baseline-epochs 10000000 --checkpoint-every 10000000",
                "homotopy-pendulum --checkpoint-every 1000000 --threads 1",
            })
    void valuesAtTheEndsOfEachRangeAreAccepted(String commandLine) {
        assertDoesNotThrow(() -> NeuralOdeCli.commandLine().parseArgs(args(commandLine)));
    }

    @Test
    void everyNumericOptionOfEveryCommandRefusesNaNAndTheSmallestInteger() {
        Set<Class<?>> floating = Set.of(double.class, Double.class);
        Set<Class<?>> integral = Set.of(int.class, Integer.class, int[].class);
        int checked = 0;
        for (CommandLine command : NeuralOdeCli.commandLine().getSubcommands().values()) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : spec.options()) {
                String value =
                        floating.contains(option.type())
                                ? "NaN"
                                : integral.contains(option.type()) ? "-2147483648" : null;
                if (value != null) {
                    String[] args = {spec.name(), option.longestName(), value};
                    assertThrows(
                            CommandLine.ParameterException.class,
                            () -> NeuralOdeCli.commandLine().parseArgs(args),
                            String.join(" ", args));
                    checked++;
                }
            }
        }
        assertEquals(
                35,
                checked,
                "numeric options of demo, bench-solve, bench-adjoint, grad-check, bench-stiff,"
                        + " bench-mnist, mnist-report, mnist-anode, spheres, sines, stiff-rober,"
                        + " stiff-pollu, homotopy-lv, homotopy-lorenz, homotopy-pendulum");
    }

    private static String[] args(String commandLine) {
        return commandLine.replace("CPUS", CPUS).trim().split("\\s+");
    }
}
