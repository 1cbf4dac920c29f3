package io.canarygate.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KubeCalls#edit} against the mock API server: a write in between is a real 409, and the edit retries. */
class KubeCallsTest {
    MockCluster cluster;
    KubernetesClient kube;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        kube.services()
                .inNamespace("shop")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("checkout")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("app", "checkout")
                        .endSpec()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Another writer changes the Service between our read and our write, {@code times} times. */
    private Runnable editRacingWith(int times, AtomicInteger attempts) {
        return () -> kube.services().inNamespace("shop").withName("checkout").edit(s -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= times) {
                kube.services().inNamespace("shop").withName("checkout").edit(other -> {
                    other.getMetadata().getLabels().put("written-by", "controller-" + attempt);
                    return other;
                });
            }
            s.getSpec().getSelector().put("track", "stable");
            return s;
        });
    }

    @Test
    void aWriteInBetweenIsAConflictAndTheEditRunsAgainOnTheFreshObject() {
        AtomicInteger attempts = new AtomicInteger();
        KubeCalls.edit("update service shop/checkout", editRacingWith(2, attempts));

        assertThat(attempts).hasValue(3);
        Service now = kube.services().inNamespace("shop").withName("checkout").get();
        assertThat(now.getSpec().getSelector()).containsEntry("track", "stable");
        assertThat(now.getMetadata().getLabels()).containsEntry("written-by", "controller-2");
    }

    @Test
    void itGivesUpAfterTheBoundedTriesNamingWhatItWasDoing() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() ->
                        KubeCalls.edit("update service shop/checkout", editRacingWith(Integer.MAX_VALUE, attempts)))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("cannot update service shop/checkout: HTTP 409");
        assertThat(attempts).hasValue(KubeCalls.EDIT_TRIES);
        assertThat(kube.services()
                        .inNamespace("shop")
                        .withName("checkout")
                        .get()
                        .getSpec()
                        .getSelector())
                .doesNotContainKey("track");
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> KubeCalls.edit("update service shop/missing", () -> kube.services()
                        .inNamespace("shop")
                        .withName("missing")
                        .edit(s -> {
                            attempts.incrementAndGet();
                            return s;
                        })))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("cannot update service shop/missing");
        assertThat(attempts).hasValue(0);
    }
}
