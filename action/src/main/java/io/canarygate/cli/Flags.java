package io.canarygate.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line declared in code with picocli's programmatic model, not its annotations. A pipeline step builds
 * its command on every run, and reading annotations costs the JVM a dynamic proxy class per annotation type, generated
 * at run time and never held in a CDS/AOT archive: ~75 ms of a step's cold start (bench/cold-start.sh). The help
 * text, the parsing and the error messages are picocli's, as before.
 */
final class Flags {
    /** The commands' footer: what each exit code means (docs/cli.md lists the same). */
    static final List<String> EXIT_CODES = List.of(
            "  0  done (deployed, judged PASS, promoted, rolled back, printed)",
            "  1  the gate did not pass (FAIL or INCONCLUSIVE; traffic on stable or held), or the canary never"
                    + " became ready",
            "  2  bad input (canary.yaml, a flag, an action input); nothing was changed",
            "  3  infrastructure unreachable or failing (API server, Prometheus)",
            "  4  conflict: another pipeline run holds the rollout, or its phase forbids the command",
            " 70  internal error (a bug: please report it with the output)");

    private Flags() {}

    /** Where picocli puts a flag's value; {@code null} until the flag is given (or its default applied). */
    static final class Value<T> implements IGetter, ISetter {
        private T value;

        Value() {}

        T value() {
            return value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R get() {
            return (R) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R set(R newValue) {
            R old = (R) value;
            value = (T) newValue;
            return old;
        }
    }

    /** An option of {@code type} bound to {@code value}; the builder takes the rest (default value, arity). */
    static OptionSpec.Builder option(Value<?> value, Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names)
                .type(type)
                .paramLabel(label)
                .description(description)
                .getter(value)
                .setter(value);
    }

    /** A string option bound to {@code value}. */
    static OptionSpec string(Value<String> value, String label, String description, String... names) {
        return option(value, String.class, label, description, names).build();
    }

    /**
     * A command's spec for {@code command} (a {@link java.util.concurrent.Callable} picocli calls): its name, its
     * description, {@code -h/--help}, {@code -V/--version} and the exit codes' footer, as on every level.
     */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.versionProvider(Flags::version);
        spec.usageMessage()
                .description(description)
                .footerHeading("%nExit codes:%n")
                .footer(EXIT_CODES.toArray(String[]::new));
        // The two options picocli's mixinStandardHelpOptions adds, with its words, minus its annotation scan.
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .build());
        return spec;
    }

    /** What {@code --version} prints. */
    static String[] version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"canarygate " + (v == null ? "dev" : v)};
    }
}
