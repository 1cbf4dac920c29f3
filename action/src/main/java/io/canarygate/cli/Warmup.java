package io.canarygate.cli;

import io.canarygate.cli.github.ActionInput;
import io.canarygate.core.Json;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.Set;

/**
 * Start-up work done on a second core while the main thread reads the inputs, canary.yaml and the kubeconfig: it
 * builds a throw-away Kubernetes client (no request is sent) and the record's JSON mapper, so the classes they need
 * are loaded, verified and initialised by the time the real ones are built. A step's JVM spends most of its cold
 * start doing exactly that, one class at a time; with this the fabric8 client is ready ~130 ms sooner on a 2-core
 * runner (bench/cold-start.sh). The warm-up touches nothing outside the JVM, swallows its own failures and never
 * holds up the exit (a daemon thread). Only commands that talk to the cluster start it.
 */
final class Warmup {
    private static final Set<String> CLUSTER_COMMANDS = Set.of("deploy", "wait", "promote", "rollback", "status");

    private Warmup() {}

    /**
     * Starts the warm-up when the invocation ({@code args}, or the action's command input) is a cluster command.
     *
     * @return whether it started
     */
    static boolean startFor(String[] args, Env env) {
        String command = args.length > 0
                ? args[0]
                : env.isGitHubActions() ? env.get(ActionInput.COMMAND.envName()).orElse("") : "";
        if (!CLUSTER_COMMANDS.contains(command.strip())) {
            return false;
        }
        Thread thread = new Thread(Warmup::run, "canarygate-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return true;
    }

    private static void run() {
        warm();
    }

    /** The warm-up itself; returns what went wrong (nothing, normally: WarmupTest checks). */
    static Optional<Throwable> warm() {
        try {
            Config config = Config.empty();
            config.setMasterUrl("https://127.0.0.1:1");
            config.setTrustCerts(true);
            try (KubernetesClient client = KubeClients.build(config)) {
                client.apps().deployments().inNamespace("warm-up").withName("warm-up");
                client.configMaps().inNamespace("warm-up").withName("warm-up");
            }
            Json.mapper();
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            // Only a warm-up: the real work reports its own problems.
            return Optional.of(e);
        }
    }
}
