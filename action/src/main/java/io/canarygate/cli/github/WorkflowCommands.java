package io.canarygate.cli.github;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The workflow commands a step prints on stdout ({@code ::add-mask::}, {@code ::group::}, {@code ::error ...::}), with
 * the escaping the runner expects (the actions/toolkit {@code escapeData}/{@code escapeProperty} convention): in
 * messages {@code %}, CR and LF; in properties also {@code :} and {@code ,}.
 */
public final class WorkflowCommands {
    private WorkflowCommands() {}

    public static String addMask(String value) {
        return "::add-mask::" + escapeData(value);
    }

    public static String group(String title) {
        return "::group::" + escapeData(title);
    }

    public static String endGroup() {
        return "::endgroup::";
    }

    /** {@code ::error title=T::message}; a multi-line message stays one annotation. */
    public static String error(String title, String message) {
        return command("error", Map.of("title", title), message);
    }

    public static String warning(String title, String message) {
        return command("warning", Map.of("title", title), message);
    }

    public static String notice(String title, String message) {
        return command("notice", Map.of("title", title), message);
    }

    static String command(String name, Map<String, String> properties, String message) {
        StringBuilder b = new StringBuilder("::").append(name);
        if (!properties.isEmpty()) {
            StringJoiner props = new StringJoiner(",", " ", "");
            properties.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> props.add(e.getKey() + "=" + escapeProperty(e.getValue())));
            b.append(props);
        }
        return b.append("::").append(escapeData(message)).toString();
    }

    public static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    public static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }
}
