package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Durations;
import io.canarygate.core.Json;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RolloutSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class StatusCommand extends ClusterCommand {
    /** The phase output when the rollout has no record. */
    static final String NO_RECORD = "NONE";

    private final Flags.Value<String> output = new Flags.Value<>();
    private final Flags.Value<Boolean> watch = new Flags.Value<>();
    private final Flags.Value<String> interval = new Flags.Value<>();
    private Duration every = DEFAULT_INTERVAL;

    /** Time between reads with {@code --watch}. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

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
        spec.addOption(Flags.option(
                        watch,
                        Boolean.class,
                        "",
                        "Keep reading, printing the status again whenever it changes, until the rollout is promoted or"
                                + " rolled back (like kubectl argo rollouts get rollout --watch); text only.",
                        "-w",
                        "--watch")
                .arity("0")
                .defaultValue("false")
                .build());
        spec.addOption(Flags.string(
                interval, "DURATION", "Time between reads with --watch, e.g. 5s (default: 2s).", "--interval"));
        return spec;
    }

    @Override
    void check(RolloutSpec spec) {
        if (!output.value().equals("text") && !output.value().equals("json")) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT, "--output: \"" + output.value() + "\" is not a format; write text or json");
        }
        if (Boolean.TRUE.equals(watch.value()) && output.value().equals("json")) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT, "--output: \"json\" cannot be watched; drop --watch, or use --output text");
        }
        if (interval.value() != null) {
            every = Durations.parse(interval.value())
                    .filter(d -> !d.isZero())
                    .orElseThrow(() -> new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "--interval: \"" + interval.value() + "\" is not a duration; " + Durations.EXAMPLES));
            if (!Boolean.TRUE.equals(watch.value())) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "--interval: \"" + interval.value() + "\" is only read with --watch; add --watch or drop it");
            }
        }
    }

    @Override
    Outcome execute(EngineSession s) {
        if (Boolean.TRUE.equals(watch.value())) {
            return watch(s);
        }
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
        } else {
            run.console.info(text(s, status));
        }
        return outcome(s, status);
    }

    /** Reads every {@link #every}, prints the view whenever it changes, ends when the rollout is promoted or rolled back. */
    private Outcome watch(EngineSession s) {
        String last = null;
        while (true) {
            Optional<RolloutStatus> status = s.engine.status(s.spec);
            String view = text(s, status);
            if (!view.equals(last)) {
                run.console.info(
                        (last == null ? "" : "\n") + "── " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " ──");
                run.console.info(view);
                last = view;
            }
            if (status.isPresent() && status.get().record().phase().isTerminal()) {
                return outcome(s, status);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome(s, status);
            }
        }
    }

    private static String text(EngineSession s, Optional<RolloutStatus> status) {
        return status.map(StatusView::text)
                .orElse("rollout " + s.spec.name() + " in namespace "
                        + s.spec.target().namespace() + " has no record: not started (run deploy)");
    }

    private static Outcome outcome(EngineSession s, Optional<RolloutStatus> status) {
        return status.map(st -> Outcome.of(st, "", "", ExitCode.DONE))
                .orElse(new Outcome(
                        s.spec.name(), NO_RECORD, Optional.empty(), "", "", Optional.empty(), ExitCode.DONE));
    }
}
