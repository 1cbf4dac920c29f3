package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.CANARY;
import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.STABLE;
import static io.canarygate.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.state.Phase;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code target.canaryLabels} through the engine with the nginx router: without them the stable Service also selects
 * the canary pods and the deploy says so with the share the canary really gets; with {@code track: stable} on the
 * stable pods and Service and {@code canaryLabels: {track: canary}}, each Service reaches its own pods only.
 */
class CanaryLabelsTest {
    private static final String NGINX = PLAN + "traffic:\n  router: nginx\n  nginx: {ingress: checkout}\n";

    private EngineFixture f;

    @BeforeEach
    void start() {
        f = EngineFixture.start(NGINX);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void deployNotesAStableServiceThatAlsoSelectsTheCanaryPods() {
        await(f.engine().deploy(f.spec, 10));

        assertThat(notes()).anySatisfy(n -> assertThat(n)
                .startsWith("service checkout, which takes the stable 90%, also selects the canary pods")
                .contains("the canary gets about 33% of requests at weight 10% (3 stable and 1 canary pods)")
                .endsWith("and target.canaryLabels: {track: canary}"));
    }

    @Test
    void withTrackLabelsEachServiceSelectsItsOwnPodsAndRollbackLeavesTheStableServiceAsItWas() {
        f.cluster.labelStablePods(NS, STABLE, "track", "stable");
        f.awaitReady(STABLE);
        Service stableBefore = service(STABLE);
        f.spec = EngineFixture.spec(NGINX, Map.of("target.canaryLabels.track", "canary"));

        await(f.engine().deploy(f.spec, 10));

        assertThat(notes()).noneMatch(n -> n.contains("also selects the canary pods"));
        Deployment canary = f.canary();
        Map<String, String> canaryPods =
                canary.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(canaryPods).containsEntry("track", "canary").containsEntry("app", "checkout");
        Map<String, String> stableSelector = service(STABLE).getSpec().getSelector();
        Map<String, String> canarySelector = service(CANARY).getSpec().getSelector();
        Map<String, String> stablePods =
                f.stable().getSpec().getTemplate().getMetadata().getLabels();
        // Each Service selects its own pods, and not the other's.
        assertThat(selects(stableSelector, stablePods)).isTrue();
        assertThat(selects(stableSelector, canaryPods)).isFalse();
        assertThat(selects(canarySelector, canaryPods)).isTrue();
        assertThat(selects(canarySelector, stablePods)).isFalse();

        var back = await(f.engine().rollback(f.spec, "done looking", null));

        assertThat(back.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(service(CANARY)).isNull();
        assertThat(service(STABLE).getSpec()).isEqualTo(stableBefore.getSpec());
        assertThat(f.stable().getSpec().getTemplate().getMetadata().getLabels()).containsEntry("track", "stable");
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> podLabels) {
        return podLabels.entrySet().containsAll(selector.entrySet());
    }

    private List<String> notes() {
        return f.events.stream()
                .filter(e -> e instanceof RolloutEvent.Note)
                .map(e -> ((RolloutEvent.Note) e).message())
                .toList();
    }

    private Service service(String name) {
        return f.kube.services().inNamespace(NS).withName(name).get();
    }
}
