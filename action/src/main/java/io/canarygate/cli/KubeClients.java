package io.canarygate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeTrust;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Utils;
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
    /**
     * Every call the engine makes is typed (Deployment, ConfigMap, Lease, Event, Ingress, …) or generic, so the client
     * needs no registry of every model class; skipping fabric8's class-loader scan saves ~1,000 class loads at start,
     * which a pipeline step pays on every run.
     */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(new ObjectMapper(), false);

    // The private keys of io.fabric8.kubernetes.client.internal.KubeConfigUtils (7.8.0) that tie a parsed context,
    // cluster or user to its file; KubeconfigParserTest checks relative certificate paths still resolve through them.
    private static final String CONTEXT_FILE_KEY = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
    private static final String CLUSTER_FILE_KEY = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
    private static final String AUTH_INFO_FILE_KEY = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

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
            io.fabric8.kubernetes.api.model.Config parsed = parse(content, Optional.empty());
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
        Config config = config(kubeconfig, context);
        try {
            return build(config);
        } catch (RuntimeException e) {
            // Typically a file the kubeconfig names (CA, client certificate or key) that is missing or not PEM.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    kubeconfig.source() + ": no client can be built from it ("
                            + cause.getClass().getSimpleName()
                            + ": " + cause.getMessage()
                            + "); check the certificate and key files or data it names (relative paths start at"
                            + " the kubeconfig's directory)",
                    e);
        }
    }

    /** A client for {@code config}, with the serialization every client here shares (see {@link Warmup}). */
    static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withKubernetesSerialization(SERIALIZATION)
                .build();
    }

    /** The client configuration {@link #create} uses. */
    static Config config(Kubeconfig kubeconfig, Optional<String> context) {
        Config config;
        try {
            // What Config.fromKubeconfig(context, content, path) does, with KubeconfigParser instead of fabric8's
            // parse (its static Serialization loads every model class, ~1,000, to register them).
            config = Config.empty();
            KubeConfigUtils.merge(config, context.orElse(null), parse(kubeconfig.content(), kubeconfig.path()));
            if (!Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_DISABLE_AUTO_CONFIG_SYSTEM_PROPERTY, false)) {
                Config.configFromSysPropsOrEnvVars(config);
            }
        } catch (RuntimeException e) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    kubeconfig.source() + ": not a usable kubeconfig (" + e.getMessage()
                            + "); check it with kubectl config view",
                    e);
        }
        KubeTrust.trustOnlyTheNamedCa(config);
        config.setRequestRetryBackoffLimit(2);
        config.setRequestRetryBackoffInterval(250);
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        return config;
    }

    /**
     * Parses a kubeconfig into fabric8's model. With the file it came from, its contexts, clusters and users are marked
     * with that file (under the keys {@link KubeConfigUtils#parseConfig(File)} uses), so relative paths in it (CA,
     * client certificate, exec command) resolve against the kubeconfig's directory, as kubectl does.
     */
    static io.fabric8.kubernetes.api.model.Config parse(String content, Optional<Path> from) {
        io.fabric8.kubernetes.api.model.Config parsed = KubeconfigParser.parse(content);
        from.map(Path::toFile).ifPresent(file -> {
            Optional.ofNullable(parsed.getContexts())
                    .ifPresent(l -> l.forEach(c -> c.getAdditionalProperties().put(CONTEXT_FILE_KEY, file)));
            Optional.ofNullable(parsed.getClusters())
                    .ifPresent(l -> l.forEach(c -> c.getAdditionalProperties().put(CLUSTER_FILE_KEY, file)));
            Optional.ofNullable(parsed.getUsers())
                    .ifPresent(l -> l.forEach(u -> u.getAdditionalProperties().put(AUTH_INFO_FILE_KEY, file)));
        });
        return parsed;
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
