package io.canarygate.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeTrust;
import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.time.Scheduler;
import io.canarygate.core.time.SystemScheduler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * What every step execution in one controller shares: one small scheduler (2 threads; a waiting rollout holds a queued
 * task, not a thread), the metric sources, one Kubernetes client per kubeconfig, and the credentials lookup. Tests
 * {@link #install} their own (a mock cluster, a fixed metric source).
 */
public final class CanaryGateRuntime {
    private static volatile CanaryGateRuntime current;

    private final Scheduler scheduler;
    private final MetricSourceFactory metrics;
    private final Clusters clusters;
    private final CredentialStore credentials;

    /** Connects to a cluster: {@code kubeconfig} is a kubeconfig's text, or null for the controller's own config. */
    @FunctionalInterface
    public interface Clusters {
        KubernetesClient connect(String kubeconfig);
    }

    /** Reads credentials the build may use. Values are secrets: never print them. */
    public interface CredentialStore {
        /** A "Secret text" credential's value. */
        Optional<String> secretText(Run<?, ?> run, String id);

        /** A kubeconfig kept as a "Secret file" or "Secret text" credential. */
        Optional<String> kubeconfig(Run<?, ?> run, String id);
    }

    public CanaryGateRuntime(
            Scheduler scheduler, MetricSourceFactory metrics, Clusters clusters, CredentialStore credentials) {
        this.scheduler = new PluginClassLoaderScheduler(scheduler);
        this.metrics = metrics;
        this.clusters = clusters;
        this.credentials = credentials;
    }

    /** The runtime in use; the production one is built on first use. */
    public static CanaryGateRuntime get() {
        CanaryGateRuntime r = current;
        if (r == null) {
            synchronized (CanaryGateRuntime.class) {
                if (current == null) {
                    current = new CanaryGateRuntime(
                            new SystemScheduler(2),
                            MetricSources.defaultFactory(),
                            new CachedClusters(),
                            new JenkinsCredentials());
                }
                r = current;
            }
        }
        return r;
    }

    /** Replaces the runtime (tests); returns the previous one, which may be null. */
    public static synchronized CanaryGateRuntime install(CanaryGateRuntime runtime) {
        CanaryGateRuntime previous = current;
        current = runtime;
        return previous;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public MetricSourceFactory metrics() {
        return metrics;
    }

    public Clusters clusters() {
        return clusters;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    /** Runs tasks with the plugin's class loader as context loader, so library lookups (ServiceLoader) find ours. */
    private record PluginClassLoaderScheduler(Scheduler delegate) implements Scheduler {
        @Override
        public java.time.Instant now() {
            return delegate.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return delegate.schedule(
                    delay,
                    () -> withPluginClassLoader(() -> {
                        task.run();
                        return null;
                    }));
        }
    }

    static <T> T withPluginClassLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CanaryGateRuntime.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** One client per distinct kubeconfig, kept for the controller's lifetime (clients pool their connections). */
    static final class CachedClusters implements Clusters {
        private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

        @Override
        public KubernetesClient connect(String kubeconfig) {
            return clients.computeIfAbsent(
                    kubeconfig == null ? "" : sha256(kubeconfig),
                    k -> withPluginClassLoader(() -> {
                        Config config =
                                kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(kubeconfig);
                        KubeTrust.trustOnlyTheNamedCa(config);
                        return new KubernetesClientBuilder()
                                .withConfig(config)
                                .withHttpClientFactory(new OkHttpClientFactory())
                                .build();
                    }));
        }

        private static String sha256(String text) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The Credentials API: what the build's authentication may use, tracked on the build. */
    static final class JenkinsCredentials implements CredentialStore {
        @Override
        public Optional<String> secretText(Run<?, ?> run, String id) {
            StringCredentials c = CredentialsProvider.findCredentialById(id, StringCredentials.class, run, List.of());
            if (c == null) {
                return Optional.empty();
            }
            CredentialsProvider.track(run, c);
            return Optional.of(c.getSecret().getPlainText());
        }

        @Override
        public Optional<String> kubeconfig(Run<?, ?> run, String id) {
            FileCredentials file = CredentialsProvider.findCredentialById(id, FileCredentials.class, run, List.of());
            if (file != null) {
                CredentialsProvider.track(run, file);
                try (InputStream in = file.getContent()) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "kubeconfigCredentialsId: the secret file \"" + id + "\" cannot be read ("
                                    + e.getClass().getSimpleName() + "); upload the kubeconfig again");
                }
            }
            return secretText(run, id);
        }
    }
}
