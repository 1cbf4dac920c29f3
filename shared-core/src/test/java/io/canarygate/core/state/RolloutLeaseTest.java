package io.canarygate.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutLeaseTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:02:11Z");
    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final Trigger ALICE =
            new Trigger("jenkins", "job/x#12", "alice", "https://ci.example.com/job/x/12/");
    private static final Trigger BOB = new Trigger("github", "555", "bob", null);

    private MockCluster cluster;
    private KubernetesClient kube;
    private RolloutLease leases;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        leases = new RolloutLease(kube);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void secondPipelineIsRefusedWithTheHolderNamed() {
        leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);

        assertThatThrownBy(() -> leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessage("rollout checkout is held by jenkins run job/x#12 (alice) https://ci.example.com/job/x/12/"
                        + " since 10:02:11Z, lease valid until 10:03:11Z; wait for it to finish or roll it back from"
                        + " that pipeline");
    }

    @Test
    void sameRunRenewsItsLease() {
        leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        leases.acquire("shop", "checkout", ALICE, MINUTE, NOW.plusSeconds(50));

        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("jenkins:job/x#12");
        assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(NOW.plusSeconds(50));
        assertThat(lease.getSpec().getAcquireTime().toInstant()).isEqualTo(NOW);
        // Still valid 100 s after the first acquire because of the renewal.
        assertThatThrownBy(() -> leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(100)))
                .hasMessageContaining("held by jenkins run job/x#12");
    }

    @Test
    void expiredLeaseIsTakenOver() {
        leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);

        leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(61));

        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("github:555");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(lease.getMetadata().getAnnotations())
                .containsEntry(RolloutLease.HOLDER_ANNOTATION, "github run 555 (bob)");
    }

    @Test
    void racingAcquirersOfAnExpiredLeaseExactlyOneWins() throws Exception {
        leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Trigger t = new Trigger("github", "run-" + i, null, null);
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        new RolloutLease(kube).acquire("shop", "checkout", t, MINUTE, NOW.plusSeconds(120));
                        return "won";
                    } catch (CanaryGateException e) {
                        return e.kind() + ": " + e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.equals("won")).allSatisfy(o -> assertThat(o)
                    .startsWith("CONFLICT: rollout checkout is held by github run run-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releaseGivesTheLeaseUpAndIsIdempotent() {
        LeaseHandle handle = leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        handle.release();
        handle.release();

        assertThat(lease()).isNull();
        leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(1));
    }

    @Test
    void releaseLeavesAnotherRunsLeaseAlone() {
        LeaseHandle alice = leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(120));

        alice.release();

        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("github:555");
    }

    @Test
    void keepRenewingRenewsEveryThirdOfTheDurationUntilReleased() {
        VirtualScheduler scheduler = new VirtualScheduler(NOW);
        List<Exception> errors = new ArrayList<>();
        LeaseHandle handle = leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        handle.keepRenewing(scheduler, errors::add);

        scheduler.advance(Duration.ofSeconds(20));
        assertThat(lease().getSpec().getRenewTime().toInstant()).isEqualTo(NOW.plusSeconds(20));
        scheduler.advance(Duration.ofSeconds(100));
        assertThat(lease().getSpec().getRenewTime().toInstant()).isEqualTo(NOW.plusSeconds(120));
        assertThat(errors).isEmpty();

        handle.release();
        assertThat(scheduler.pending()).isZero();
        assertThat(lease()).isNull();
    }

    @Test
    void renewalReportsALostLeaseAndStops() {
        VirtualScheduler scheduler = new VirtualScheduler(NOW);
        List<Exception> errors = new ArrayList<>();
        LeaseHandle handle = leases.acquire("shop", "checkout", ALICE, MINUTE, NOW);
        handle.keepRenewing(scheduler, errors::add);
        leases.acquire("shop", "checkout", BOB, MINUTE, NOW.plusSeconds(61));

        scheduler.advance(Duration.ofSeconds(20));

        assertThat(errors).singleElement().asString().contains("lost the lease shop/canarygate-checkout to github:555");
        assertThat(scheduler.pending()).isZero();
    }

    private Lease lease() {
        return kube.leases().inNamespace("shop").withName("canarygate-checkout").get();
    }
}
