package io.canarygate.cli.github;

import io.canarygate.cli.Env;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a container-action step asks for, read from the {@code INPUT_*} variables the runner sets: the CLI arguments the
 * inputs stand for, the secrets (which never become arguments) and the kubeconfig. The runner does not enforce
 * {@code required: true}, so this does.
 *
 * @param args the command line the inputs amount to, e.g. {@code [deploy, --config=canary.yaml, --weight=10]}
 * @param secrets secret inputs that were set
 * @param kubeconfig the kubeconfig input (content or a path), if set
 * @param warnings inputs that were set but do not apply to the command
 */
public record ActionInvocation(
        List<String> args, Map<ActionInput, String> secrets, Optional<String> kubeconfig, List<String> warnings) {

    public ActionInvocation {
        args = List.copyOf(args);
        secrets = Map.copyOf(secrets);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads every input.
     *
     * @throws CanaryGateException INVALID_INPUT naming the input when a required one is missing or the command unknown
     */
    public static ActionInvocation from(Env env) {
        String commandId = value(env, ActionInput.COMMAND)
                .map(String::strip)
                .orElseThrow(() -> new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "input command: missing; set it in the step's with:, e.g. command: deploy (one of "
                                + commandList() + ")"));
        ActionInput.Commands command = ActionInput.Commands.byId(commandId)
                .orElseThrow(() -> new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "input command: \"" + commandId + "\" is not a command; write one of " + commandList()));

        List<String> args = new ArrayList<>();
        args.add(command.id());
        Map<ActionInput, String> secrets = new EnumMap<>(ActionInput.class);
        Optional<String> kubeconfig = Optional.empty();
        List<String> warnings = new ArrayList<>();
        for (ActionInput input : ActionInput.values()) {
            Optional<String> value = value(env, input);
            if (input.role() == ActionInput.Role.COMMAND || value.isEmpty()) {
                continue;
            }
            if (!input.commands().contains(command)) {
                if (!value.equals(input.defaultValue())) {
                    warnings.add("input " + input.id() + " is ignored by " + command.id() + "; it applies to "
                            + input.commands().stream()
                                    .sorted()
                                    .map(ActionInput.Commands::id)
                                    .collect(Collectors.joining(", ")));
                }
                continue;
            }
            switch (input.role()) {
                case OPTION -> args.add(input.flag() + "=" + value.get().strip());
                case REPEATED_OPTION ->
                    value.get()
                            .lines()
                            .map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .forEach(l -> args.add(input.flag() + "=" + l));
                case SECRET -> secrets.put(input, value.get());
                case KUBECONFIG -> kubeconfig = value;
                case COMMAND -> throw new AssertionError("handled above");
            }
        }
        return new ActionInvocation(args, secrets, kubeconfig, warnings);
    }

    /** Every secret input that is set, for masking before anything else is printed; validates nothing. */
    public static List<String> secretValues(Env env) {
        return Stream.of(ActionInput.values())
                .filter(i -> i.role() == ActionInput.Role.SECRET)
                .map(i -> value(env, i))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The raw kubeconfig input, if set (content or path). */
    public static Optional<String> kubeconfigInput(Env env) {
        return value(env, ActionInput.KUBECONFIG);
    }

    private static Optional<String> value(Env env, ActionInput input) {
        return env.get(input.envName()).filter(v -> !v.isBlank());
    }

    private static String commandList() {
        return Stream.of(ActionInput.Commands.values())
                .map(ActionInput.Commands::id)
                .collect(Collectors.joining(", "));
    }
}
