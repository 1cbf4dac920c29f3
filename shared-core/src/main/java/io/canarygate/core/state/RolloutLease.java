package io.canarygate.core.state;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.time.Scheduler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordination.k8s.io Lease per rollout ({@code canarygate-<rollout>}) that keeps two pipelines off one rollout. The
 * holder identity is {@link Trigger#holder()}: stages of one pipeline run share it, another run does not.
 *
 * <p>Every write carries the resourceVersion it read, so of two runs racing for a free or expired lease exactly one
 * wins; the other gets a 409 and reports the winner. An annotation keeps the holder's {@link Trigger#describe()} so the
 * refusal can name the person and link the run.
 */
public final class RolloutLease {
    /** Annotation holding the holder's {@link Trigger#describe()}. */
    public static final String HOLDER_ANNOTATION = "canarygate.io/holder";

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ssX").withZone(ZoneOffset.UTC);

    private final KubernetesClient kube;

    public RolloutLease(KubernetesClient kube) {
        this.kube = kube;
    }

    /**
     * Takes the lease for {@code trigger}, or renews it when {@code trigger}'s run already holds it.
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT naming the holder (and since when, until when) when another
     *     run holds an unexpired lease
     */
    public LeaseHandle acquire(String namespace, String rollout, Trigger trigger, Duration duration, Instant now) {
        String name = RecordStore.objectName(rollout);
        Lease current = get(namespace, name);
        Lease written;
        try {
            if (current == null) {
                written = create(namespace, rollout, trigger, duration, now);
            } else if (trigger.holder().equals(holder(current))) {
                written = renew(current, trigger, duration, now);
            } else if (expired(current, now)) {
                written = takeOver(current, trigger, duration, now);
            } else {
                throw held(rollout, current);
            }
        } catch (KubernetesClientException e) {
            if (!KubeCalls.isConflict(e)) {
                throw KubeCalls.failure("write lease " + namespace + "/" + name, e);
            }
            // Someone wrote the lease between our read and our write: they won, unless it was our own run.
            Lease winner = get(namespace, name);
            if (winner != null && trigger.holder().equals(holder(winner))) {
                // Another operation of this run wrote it: that one renews and releases it.
                return new Handle(kube, namespace, name, trigger, duration, null);
            }
            throw winner == null
                    ? new CanaryGateException(
                            Kind.CONFLICT,
                            "rollout " + rollout + ": another run took and released the lease at the same time; retry",
                            e)
                    : held(rollout, winner);
        }
        return new Handle(kube, namespace, name, trigger, duration, renewTime(written));
    }

    private Lease create(String namespace, String rollout, Trigger trigger, Duration duration, Instant now) {
        Lease lease = new Lease();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(RecordStore.objectName(rollout));
        meta.setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Workloads.ROLLOUT_LABEL, rollout);
        labels.put("app.kubernetes.io/managed-by", "canary-gate");
        meta.setLabels(labels);
        meta.setAnnotations(new LinkedHashMap<>(Map.of(HOLDER_ANNOTATION, trigger.describe())));
        lease.setMetadata(meta);
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(trigger.holder());
        spec.setLeaseDurationSeconds(seconds(duration));
        spec.setAcquireTime(micro(now));
        spec.setRenewTime(micro(now));
        spec.setLeaseTransitions(0);
        lease.setSpec(spec);
        return kube.leases().inNamespace(namespace).resource(lease).create();
    }

    private Lease renew(Lease current, Trigger trigger, Duration duration, Instant now) {
        current.getSpec().setRenewTime(micro(now));
        current.getSpec().setLeaseDurationSeconds(seconds(duration));
        annotate(current, trigger);
        return replace(current);
    }

    private Lease takeOver(Lease current, Trigger trigger, Duration duration, Instant now) {
        LeaseSpec spec = current.getSpec() == null ? new LeaseSpec() : current.getSpec();
        spec.setHolderIdentity(trigger.holder());
        spec.setLeaseDurationSeconds(seconds(duration));
        spec.setAcquireTime(micro(now));
        spec.setRenewTime(micro(now));
        spec.setLeaseTransitions((spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions()) + 1);
        current.setSpec(spec);
        annotate(current, trigger);
        return replace(current);
    }

    /** PUT with the resourceVersion read: a 409 means someone else wrote first. */
    private Lease replace(Lease lease) {
        return kube.leases()
                .inNamespace(lease.getMetadata().getNamespace())
                .resource(lease)
                .update();
    }

    private Lease get(String namespace, String name) {
        return KubeCalls.call(
                "get lease " + namespace + "/" + name,
                () -> kube.leases().inNamespace(namespace).withName(name).get());
    }

    private static void annotate(Lease lease, Trigger trigger) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(lease.getMetadata().getAnnotations());
        annotations.put(HOLDER_ANNOTATION, trigger.describe());
        lease.getMetadata().setAnnotations(annotations);
    }

    private static CanaryGateException held(String rollout, Lease lease) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        String who = annotations != null && annotations.containsKey(HOLDER_ANNOTATION)
                ? annotations.get(HOLDER_ANNOTATION)
                : holder(lease);
        Instant acquired = instant(lease.getSpec().getAcquireTime());
        Instant until = validUntil(lease);
        StringBuilder b = new StringBuilder("rollout ")
                .append(rollout)
                .append(" is held by ")
                .append(who);
        if (acquired != null) {
            b.append(" since ").append(CLOCK.format(acquired));
        }
        if (until != null) {
            b.append(", lease valid until ").append(CLOCK.format(until));
        }
        b.append("; wait for it to finish or roll it back from that pipeline");
        return new CanaryGateException(Kind.CONFLICT, b.toString());
    }

    /** The renewTime as the server stored it: what tells this operation's last write from a later one. */
    static String renewTime(Lease lease) {
        return lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                ? null
                : lease.getSpec().getRenewTime().toInstant().toString();
    }

    static String holder(Lease lease) {
        return lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Free for the taking: no holder, or not renewed within its duration. */
    static boolean expired(Lease lease, Instant now) {
        if (lease.getSpec() == null || holder(lease) == null || holder(lease).isBlank()) {
            return true;
        }
        Instant until = validUntil(lease);
        return until == null || !now.isBefore(until);
    }

    private static Instant validUntil(Lease lease) {
        Instant renewed = instant(lease.getSpec().getRenewTime());
        if (renewed == null) {
            renewed = instant(lease.getSpec().getAcquireTime());
        }
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        if (renewed == null || seconds == null) {
            return null;
        }
        return renewed.plusSeconds(seconds);
    }

    static ZonedDateTime micro(Instant t) {
        return ZonedDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** The held lease: renews on a scheduler until released. */
    private static final class Handle implements LeaseHandle {
        private static final Logger LOG = LoggerFactory.getLogger(RolloutLease.class);

        private final KubernetesClient kube;
        private final String namespace;
        private final String name;
        private final Trigger trigger;
        private final Duration duration;
        private Scheduler.Cancellable next;
        private boolean released;
        /** The renewTime of this handle's last write; null when another operation of the run wrote last. */
        private volatile String renewed;

        Handle(
                KubernetesClient kube,
                String namespace,
                String name,
                Trigger trigger,
                Duration duration,
                String renewed) {
            this.kube = kube;
            this.namespace = namespace;
            this.name = name;
            this.trigger = trigger;
            this.duration = duration;
            this.renewed = renewed;
        }

        @Override
        public synchronized void keepRenewing(Scheduler scheduler, Consumer<Exception> onError) {
            if (released || next != null) {
                return;
            }
            scheduleRenewal(scheduler, onError);
        }

        private synchronized void scheduleRenewal(Scheduler scheduler, Consumer<Exception> onError) {
            if (released) {
                return;
            }
            Duration period = duration.dividedBy(3);
            next = scheduler.schedule(period, () -> {
                synchronized (this) {
                    if (released) {
                        return;
                    }
                }
                try {
                    renewOnce(scheduler.now());
                } catch (RuntimeException e) {
                    onError.accept(e);
                    if (e instanceof CanaryGateException c && c.kind() == Kind.CONFLICT) {
                        return; // lost to another run: renewing further would fight it
                    }
                }
                scheduleRenewal(scheduler, onError);
            });
        }

        /** Renews if still ours; recreates it if it vanished (another stage of this run released it). */
        private void renewOnce(Instant now) {
            RolloutLease leases = new RolloutLease(kube);
            Lease current = leases.get(namespace, name);
            try {
                if (current == null) {
                    String rollout = name.substring("canarygate-".length());
                    renewed = renewTime(leases.create(namespace, rollout, trigger, duration, now));
                } else if (trigger.holder().equals(holder(current))) {
                    renewed = renewTime(leases.renew(current, trigger, duration, now));
                } else {
                    throw new CanaryGateException(
                            Kind.CONFLICT,
                            "lost the lease " + namespace + "/" + name + " to " + holder(current)
                                    + "; another run now works on this rollout");
                }
            } catch (KubernetesClientException e) {
                throw KubeCalls.failure("renew lease " + namespace + "/" + name, e);
            }
        }

        @Override
        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                if (next != null) {
                    next.cancel();
                }
            }
            try {
                Lease current =
                        kube.leases().inNamespace(namespace).withName(name).get();
                // Only if this handle wrote it last: a later renewal is another operation of the same run (a guard
                // job beside a stage) that still works and will release it itself.
                if (current != null
                        && trigger.holder().equals(holder(current))
                        && renewed != null
                        && renewed.equals(renewTime(current))) {
                    kube.leases()
                            .inNamespace(namespace)
                            .resource(current)
                            .lockResourceVersion(current.getMetadata().getResourceVersion())
                            .delete();
                }
            } catch (RuntimeException e) {
                // The lease expires by itself; a failed release only delays the next run by its duration.
                LOG.debug("could not release lease {}/{}: {}", namespace, name, e.getMessage());
            }
        }
    }
}
