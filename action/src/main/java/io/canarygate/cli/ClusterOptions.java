package io.canarygate.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** How a command reaches the cluster, who it acts as, and where it leaves evidence. */
final class ClusterOptions {
    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: its current one).")
    String context;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "Pipeline run id; runs with the same id share the rollout's lease (default: the CI's"
                    + " pipeline id, or user@host).")
    String runId;

    @Option(
            names = "--report-dir",
            paramLabel = "DIR",
            description = "Write canary-report.json, canary-report.md and canary-junit.xml here.")
    String reportDir;

    Optional<String> reportDir() {
        return Optional.ofNullable(reportDir);
    }
}
