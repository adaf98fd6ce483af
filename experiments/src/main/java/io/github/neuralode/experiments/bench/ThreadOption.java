package io.github.neuralode.experiments.bench;

import io.github.neuralode.experiments.OptionChecks;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads} option of the benchmark commands, mixed in with {@code @Mixin}: the
 * intra-op thread count of the PyTorch engine, checked at parse time against the available
 * processors (a usage error names the option).
 */
public final class ThreadOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private int threads;

    /** Sets {@code --threads} after checking it against the available processors. */
    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Intra-op threads, 1..available processors (default: ${DEFAULT-VALUE}; more"
                            + " help large batches only on an otherwise idle machine).")
    void setThreads(int value) {
        threads = OptionChecks.requireThreads(spec, "--threads", value);
    }

    /**
     * Returns the thread count.
     *
     * @return at least 1
     */
    public int threads() {
        return threads;
    }
}
