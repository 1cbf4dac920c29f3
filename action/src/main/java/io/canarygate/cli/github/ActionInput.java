package io.canarygate.cli.github;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every input of {@code action.yml}, in one place. The entrypoint reads inputs only through this enum, and
 * {@code ActionYmlTest} fails when action.yml and this list disagree (a name, a default, or whether it is required).
 *
 * <p>Most inputs are the CLI's long options under the same name ({@code prometheus-url} is {@code --prometheus-url}),
 * so the action and the CLI parse and validate one way. Secrets are not: they never become arguments, they are handed
 * to the secret resolver.
 */
public enum ActionInput {
    COMMAND("command", Role.COMMAND, true, null, Commands.ALL),
    CONFIG("config", Role.OPTION, false, "canary.yaml", Commands.ALL),
    NAME("name", Role.OPTION, false, null, Commands.ALL),
    NAMESPACE("namespace", Role.OPTION, false, null, Commands.ALL),
    DEPLOYMENT("deployment", Role.OPTION, false, null, Commands.ALL),
    IMAGE("image", Role.OPTION, false, null, Commands.ALL),
    ROUTER("router", Role.OPTION, false, null, Commands.ALL),
    PROMETHEUS_URL("prometheus-url", Role.OPTION, false, null, Commands.ALL),
    READY_TIMEOUT("ready-timeout", Role.OPTION, false, null, Commands.ALL),
    SET("set", Role.REPEATED_OPTION, false, null, Commands.ALL),
    WEIGHT("weight", Role.OPTION, false, null, EnumSet.of(Commands.DEPLOY)),
    DURATION("duration", Role.OPTION, false, null, EnumSet.of(Commands.WAIT)),
    INTERVAL("interval", Role.OPTION, false, null, EnumSet.of(Commands.WAIT)),
    KEY("key", Role.OPTION, false, null, EnumSet.of(Commands.WAIT)),
    ROLLBACK_ON_FAILURE("rollback-on-failure", Role.OPTION, false, null, EnumSet.of(Commands.WAIT)),
    REASON("reason", Role.OPTION, false, null, EnumSet.of(Commands.ROLLBACK)),
    MODE("mode", Role.OPTION, false, null, EnumSet.of(Commands.ROLLBACK)),
    REPORT_DIR("report-dir", Role.OPTION, false, "canary-gate-report", Commands.CLUSTER),
    KUBECONFIG("kubeconfig", Role.KUBECONFIG, false, null, Commands.CLUSTER),
    PROMETHEUS_TOKEN("prometheus-token", Role.SECRET, false, null, Commands.CLUSTER),
    SLACK_WEBHOOK_URL("slack-webhook-url", Role.SECRET, false, null, Commands.CLUSTER);

    /** How the entrypoint uses an input. */
    public enum Role {
        /** The subcommand to run. */
        COMMAND,
        /** {@code --<name> <value>}. */
        OPTION,
        /** One {@code --<name> <line>} per non-empty line. */
        REPEATED_OPTION,
        /** Kubeconfig content, or a path to it. */
        KUBECONFIG,
        /** A secret: masked first, then given to the secret resolver; never an argument. */
        SECRET
    }

    /** The subcommands, by the name users write. */
    public enum Commands {
        DEPLOY,
        WAIT,
        PROMOTE,
        ROLLBACK,
        STATUS,
        LINT;

        static final Set<Commands> ALL = EnumSet.allOf(Commands.class);
        /** Every command that talks to the cluster (all but lint). */
        static final Set<Commands> CLUSTER = EnumSet.complementOf(EnumSet.of(LINT));

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Commands> byId(String id) {
            for (Commands c : values()) {
                if (c.id().equals(id)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    private final String id;
    private final Role role;
    private final boolean required;
    private final String defaultValue;
    private final Set<Commands> commands;

    ActionInput(String id, Role role, boolean required, String defaultValue, Set<Commands> commands) {
        this.id = id;
        this.role = role;
        this.required = required;
        this.defaultValue = defaultValue;
        this.commands = Set.copyOf(commands);
    }

    /** The input id as action.yml and {@code with:} write it: {@code prometheus-url}. */
    public String id() {
        return id;
    }

    /**
     * The variable the runner sets: {@code INPUT_} + the id upper-cased, spaces to underscores, hyphens kept
     * ({@code INPUT_PROMETHEUS-URL}).
     */
    public String envName() {
        return "INPUT_" + id.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    /** The CLI option this input becomes (for OPTION and REPEATED_OPTION inputs). */
    public String flag() {
        return "--" + id;
    }

    public Role role() {
        return role;
    }

    public boolean required() {
        return required;
    }

    /** The default action.yml declares, if any. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The commands this input applies to. */
    public Set<Commands> commands() {
        return commands;
    }
}
