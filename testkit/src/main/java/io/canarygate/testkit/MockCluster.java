package io.canarygate.testkit;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API for tests and the demo: the fabric8 mock server in CRUD mode on 127.0.0.1 (port picked
 * by the OS), a client on it (okhttp transport), a {@link DeploymentController} that plays the Deployment controller,
 * discovery endpoints so {@code kubectl} can talk to it, and a kubeconfig writer.
 *
 * <p>What the mock does not do (see research/testinfra.md): no server-side apply, no strategic merge patch (use JSON
 * or merge patches), no controllers besides the one here (no ReplicaSets, no Pods), no garbage collection, no
 * status-subresource isolation for built-in kinds, watches over WebSocket only.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start()) {
 *     cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 3);
 *     KubernetesClient kube = cluster.client();
 *     ...
 * }
 * }</pre>
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final DeploymentController controller;

    private MockCluster(boolean controller) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        VersionInfo version = new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("32")
                .withGitVersion("v1.32.0-fabric8mock")
                .withPlatform("linux/amd64")
                .build();
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                responses,
                new KubernetesMixedDispatcher(responses),
                false,
                version);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        Discovery.register(server, version);
        client = server.createClient(new OkHttpClientFactory());
        this.controller = new DeploymentController(client);
        if (controller) {
            this.controller.start();
        }
    }

    /** A mock cluster with the Deployment controller running. */
    public static MockCluster start() {
        return new MockCluster(true);
    }

    /** A mock cluster without the controller: tests write Deployment status themselves. */
    public static MockCluster withoutController() {
        return new MockCluster(false);
    }

    /** A client on the mock (okhttp transport). Closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** The thread playing the Deployment controller, for fault hooks ({@code neverReady}, {@code readyAfter}). */
    public DeploymentController controller() {
        return controller;
    }

    /**
     * The mock server, for tests that inject API failures: {@code server().expect().get().withPath(...).andReturn(403,
     * ...).once()} answers before the CRUD store does.
     */
    public KubernetesMockServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Requests the server has received so far (the controller's watch included). */
    public int requestCount() {
        return server.getRequestCount();
    }

    /**
     * Writes a kubeconfig for this cluster (context {@code mock}, a dummy token) that kubectl and the faces can use.
     * kubectl needs {@code --validate=false} for create and replace, and {@code --type=merge} or {@code --type=json}
     * for patch (see research/testinfra.md §3).
     */
    public Path writeKubeconfig(Path file) {
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: mock\n"
                + "  cluster:\n"
                + "    server: " + url() + "\n"
                + "users:\n"
                + "- name: mock\n"
                + "  user:\n"
                + "    token: mock-token\n"
                + "contexts:\n"
                + "- name: mock\n"
                + "  context:\n"
                + "    cluster: mock\n"
                + "    user: mock\n"
                + "    namespace: default\n"
                + "current-context: mock\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A typical stable workload: Deployment {@code name} (label {@code app: name}, one container {@code app} on port
     * 8080), Service {@code name} (port 80 → 8080) and Ingress {@code name} (class nginx, host {@code name.example.com},
     * path / → the Service). With the controller running, the Deployment becomes ready shortly after.
     */
    public Deployment createStable(String namespace, String name, String image, int replicas) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .addToAnnotations("prometheus.io/scrape", "true")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(image)
                .addNewPort()
                .withName("http")
                .withContainerPort(8080)
                .endPort()
                .addToEnv(new EnvVar("LOG_LEVEL", "info", null))
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        Service s = new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
        Ingress i = new IngressBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withIngressClassName("nginx")
                .addNewRule()
                .withHost(name + ".example.com")
                .withNewHttp()
                .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(name)
                .withNewPort()
                .withNumber(80)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build();
        client.services().inNamespace(namespace).resource(s).create();
        client.network().v1().ingresses().inNamespace(namespace).resource(i).create();
        return client.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    /**
     * Gives the stable workload of {@link #createStable} a label only its pods carry, as Kubernetes' canary pattern
     * does ({@code track: stable}): on the Deployment's pod template (not its selector) and on the Service's selector.
     * Returns the Deployment as it now stands.
     */
    public Deployment labelStablePods(String namespace, String name, String key, String value) {
        client.services().inNamespace(namespace).withName(name).edit(s -> {
            s.getSpec().getSelector().put(key, value);
            return s;
        });
        return labelStablePodTemplate(namespace, name, key, value);
    }

    /**
     * Puts {@code key: value} on the pod template of Deployment {@code name} only: the Service still selects both
     * versions, as the {@code replicas} router needs.
     */
    public Deployment labelStablePodTemplate(String namespace, String name, String key, String value) {
        return client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
            d.getSpec().getTemplate().getMetadata().getLabels().put(key, value);
            return d;
        });
    }

    /**
     * Waits until the controller has made {@code name} ready (normally about 100 ms; up to 20 s on a machine under
     * load); for test setup.
     */
    public Deployment awaitReady(String namespace, String name) {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .waitUntilCondition(d -> d != null && DeploymentController.isReady(d), 20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        controller.close();
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // fabric8's MockWebServer gives up after a few seconds when a client elsewhere (e.g. an engine the test
            // built from the kubeconfig) still holds a connection, or the machine is loaded. The port is ephemeral
            // and the server thread is a daemon: a slow shutdown is no test failure.
        }
    }
}
