package io.canarygate.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** How a command reaches the cluster, who it acts as, and where it leaves evidence. */
final class ClusterOptions {
    final Flags.Value<String> kubeconfig = new Flags.Value<>();
    final Flags.Value<String> context = new Flags.Value<>();
    final Flags.Value<String> runId = new Flags.Value<>();
    final Flags.Value<String> reportDir = new Flags.Value<>();

    /** Adds these flags to {@code command}. */
    void addTo(CommandSpec command) {
        command.addOption(Flags.string(
                kubeconfig, "FILE", "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).", "--kubeconfig"));
        command.addOption(Flags.string(context, "NAME", "Kubeconfig context (default: its current one).", "--context"));
        command.addOption(Flags.string(
                runId,
                "ID",
                "Pipeline run id; runs with the same id share the rollout's lease (default: the CI's pipeline id, or"
                        + " user@host).",
                "--run-id"));
        command.addOption(Flags.string(
                reportDir,
                "DIR",
                "Write canary-report.json, canary-report.md and canary-junit.xml here.",
                "--report-dir"));
    }

    Optional<String> kubeconfig() {
        return Optional.ofNullable(kubeconfig.value());
    }

    Optional<String> context() {
        return Optional.ofNullable(context.value());
    }

    Optional<String> runId() {
        return Optional.ofNullable(runId.value());
    }

    Optional<String> reportDir() {
        return Optional.ofNullable(reportDir.value());
    }
}
