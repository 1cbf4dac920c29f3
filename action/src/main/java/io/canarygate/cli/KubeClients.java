package io.canarygate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Kubernetes client from a kubeconfig: given as content or a path (the action's {@code kubeconfig} input),
 * a path ({@code --kubeconfig}), {@code $KUBECONFIG} (first entry), or {@code ~/.kube/config}. Reads only the
 * {@link Env} it is given, never the process environment, so the action and its tests see the same thing.
 */
public final class KubeClients {
    private KubeClients() {}

    /** Where the kubeconfig came from, and its text. */
    public record Kubeconfig(String source, String content, Optional<Path> path) {}

    /**
     * Finds the kubeconfig.
     *
     * @param given content or a path (action input / flag); content is recognised by a line break
     * @throws CanaryGateException INVALID_INPUT when none is found or it cannot be read
     */
    public static Kubeconfig find(Env env, Optional<String> given) {
        if (given.isPresent()) {
            String value = given.get();
            if (value.contains("\n")) {
                return new Kubeconfig("the kubeconfig input", value, Optional.empty());
            }
            return read(env.resolve(value.strip()), "kubeconfig " + value.strip());
        }
        Optional<String> fromEnv =
                env.get("KUBECONFIG").map(v -> v.split(File.pathSeparator)[0]).filter(v -> !v.isBlank());
        if (fromEnv.isPresent()) {
            return read(env.resolve(fromEnv.get()), "KUBECONFIG " + fromEnv.get());
        }
        Optional<Path> home = env.get("HOME").map(h -> Path.of(h, ".kube", "config"));
        if (home.isPresent() && Files.isRegularFile(home.get())) {
            return read(home.get(), home.get().toString());
        }
        throw new CanaryGateException(
                Kind.INVALID_INPUT,
                "kubeconfig: missing; pass --kubeconfig <file>, set KUBECONFIG, or give the action's kubeconfig input"
                        + " (the file's content or its path in the workspace)");
    }

    /** The values in a kubeconfig that are credentials: tokens, passwords, client keys. */
    public static List<String> secretsIn(String content) {
        List<String> secrets = new ArrayList<>();
        try {
            io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfigFromString(content);
            if (parsed.getUsers() == null) {
                return secrets;
            }
            for (NamedAuthInfo user : parsed.getUsers()) {
                AuthInfo a = user.getUser();
                if (a == null) {
                    continue;
                }
                for (String v : new String[] {a.getToken(), a.getPassword(), a.getClientKeyData()}) {
                    if (v != null && !v.isBlank()) {
                        secrets.add(v);
                    }
                }
            }
        } catch (RuntimeException e) {
            // Not parseable: creating the client will say why; there is nothing to mask we could find.
        }
        return secrets;
    }

    /** A client for {@code kubeconfig}, failing fast when the API server is unreachable (few, short retries). */
    public static KubernetesClient create(Kubeconfig kubeconfig, Optional<String> context) {
        Config config;
        try {
            config = Config.fromKubeconfig(
                    context.orElse(null),
                    kubeconfig.content(),
                    kubeconfig.path().map(Path::toString).orElse(null));
        } catch (RuntimeException e) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    kubeconfig.source() + ": not a usable kubeconfig (" + e.getMessage()
                            + "); check it with kubectl config view",
                    e);
        }
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(250);
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        // Every call the engine makes is typed (Deployment, ConfigMap, Lease, Event, Ingress, …) or generic, so the
        // client needs no registry of every model class; skipping the class-loader scan saves ~1,000 class loads
        // at start, which a pipeline step pays on every run.
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(new KubernetesSerialization(new ObjectMapper(), false))
                .build();
    }

    private static Kubeconfig read(Path path, String source) {
        try {
            return new Kubeconfig(source, Files.readString(path, StandardCharsets.UTF_8), Optional.of(path));
        } catch (IOException e) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    source + ": cannot be read (" + e.getClass().getSimpleName()
                            + "); check the path (relative paths start at the working directory)");
        }
    }
}
