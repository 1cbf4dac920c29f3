package io.canarygate.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordStoreTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private RecordStore store;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        store = new RecordStore(kube);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void recordIsAConfigMapPerRolloutWithJsonInside() {
        RolloutRecord record = Records.sample("shop", "checkout");
        assertThat(store.read("shop", "checkout")).isEmpty();

        store.create(record);

        ConfigMap cm = kube.configMaps()
                .inNamespace("shop")
                .withName("canarygate-checkout")
                .get();
        assertThat(cm.getMetadata().getLabels()).containsEntry(Workloads.ROLLOUT_LABEL, "checkout");
        assertThat(cm.getData()).containsKey("record.json");
        assertThat(store.read("shop", "checkout")).contains(record);
    }

    @Test
    void secondCreateIsAConflict() {
        store.create(Records.sample("shop", "checkout"));
        assertThatThrownBy(() -> store.create(Records.sample("shop", "checkout")))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("rollout checkout already has a record (configmap shop/canarygate-checkout)");
    }

    @Test
    void updateWritesTheEditAndReturnsIt() {
        store.create(Records.sample("shop", "checkout"));

        RolloutRecord written = store.update("shop", "checkout", r -> Records.withWeight(r, 25));

        assertThat(written.weight()).isEqualTo(25);
        assertThat(store.read("shop", "checkout")).contains(written);
    }

    @Test
    void unchangedEditWritesNothing() {
        store.create(Records.sample("shop", "checkout"));
        String rv = configMap().getMetadata().getResourceVersion();

        store.update("shop", "checkout", r -> r);

        assertThat(configMap().getMetadata().getResourceVersion()).isEqualTo(rv);
    }

    @Test
    void concurrentWriterBetweenReadAndWriteMakesTheEditApplyAgainOnTheNewRecord() {
        store.create(Records.sample("shop", "checkout"));
        RecordStore other = new RecordStore(kube);
        AtomicInteger calls = new AtomicInteger();

        RolloutRecord written = store.update("shop", "checkout", r -> {
            if (calls.incrementAndGet() == 1) {
                // Another pipeline stage pauses the rollout after we read, before we write.
                other.update("shop", "checkout", o -> Records.withPhase(o, Phase.PAUSED));
            }
            return Records.withWeight(r, 50);
        });

        assertThat(calls).hasValue(2);
        assertThat(written.weight()).isEqualTo(50);
        assertThat(written.phase()).isEqualTo(Phase.PAUSED);
        assertThat(store.read("shop", "checkout")).contains(written);
    }

    @Test
    void givesUpWithConflictAfterBoundedRetries() {
        store.create(Records.sample("shop", "checkout"));
        RecordStore other = new RecordStore(kube);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> store.update("shop", "checkout", r -> {
                    int n = calls.incrementAndGet();
                    other.update("shop", "checkout", o -> Records.withWeight(o, 1000 + n));
                    return Records.withWeight(r, 50);
                }))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("configmap shop/canarygate-checkout kept changing");
        assertThat(calls).hasValue(RecordStore.MAX_TRIES);
    }

    @Test
    void updateWithoutARecordIsAConflict() {
        assertThatThrownBy(() -> store.update("shop", "checkout", r -> r))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("rollout checkout in namespace shop has no record");
    }

    @Test
    void unreadableRecordIsAConflictNamingTheConfigMap() {
        kube.configMaps()
                .inNamespace("shop")
                .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("canarygate-checkout")
                        .endMetadata()
                        .withData(Map.of("record.json", "{\"phase\": \"RUNN"))
                        .build())
                .create();

        assertThatThrownBy(() -> store.read("shop", "checkout"))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining(
                        "configmap shop/canarygate-checkout: record.json is not a readable rollout record");
    }

    private ConfigMap configMap() {
        return kube.configMaps()
                .inNamespace("shop")
                .withName("canarygate-checkout")
                .get();
    }
}
