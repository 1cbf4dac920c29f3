package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RolloutSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class StatusCommand extends ClusterCommand {
    /** The phase output when the rollout has no record. */
    static final String NO_RECORD = "NONE";

    private final Flags.Value<String> output = new Flags.Value<>();

    StatusCommand(Run run) {
        super(run);
    }

    @Override
    CommandSpec spec() {
        CommandSpec spec = spec(
                "status",
                "Show where the rollout stands: phase, weight, stable and canary images and replicas, the latest"
                        + " analyses, the history.");
        spec.addOption(Flags.option(
                        output, String.class, "FORMAT", "text or json (default: ${DEFAULT-VALUE}).", "-o", "--output")
                .defaultValue("text")
                .build());
        return spec;
    }

    @Override
    void check(RolloutSpec spec) {
        if (!output.value().equals("text") && !output.value().equals("json")) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT, "--output: \"" + output.value() + "\" is not a format; write text or json");
        }
    }

    @Override
    Outcome execute(EngineSession s) {
        Optional<RolloutStatus> status = s.engine.status(s.spec);
        if (output.value().equals("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rollout", s.spec.name());
            json.put("namespace", s.spec.target().namespace());
            json.put("found", status.isPresent());
            status.ifPresent(st -> json.put("status", st));
            try {
                run.console.info(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("status is not serialisable", e);
            }
        } else if (status.isPresent()) {
            run.console.info(StatusView.text(status.get()));
        } else {
            run.console.info("rollout " + s.spec.name() + " in namespace "
                    + s.spec.target().namespace() + " has no record: not started (run deploy)");
        }
        return status.map(st -> Outcome.of(st, "", "", ExitCode.DONE))
                .orElse(new Outcome(
                        s.spec.name(), NO_RECORD, Optional.empty(), "", "", Optional.empty(), ExitCode.DONE));
    }
}
