package io.canarygate.core.state;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events as the audit trail: one per transition, on the stable Deployment, so {@code kubectl get events} and
 * {@code kubectl describe deployment} show what Canary Gate did. A failure to write an Event never fails the rollout.
 */
public final class AuditTrail {
    /** The Event source component, as {@code kubectl get events} shows it. */
    public static final String COMPONENT = "canary-gate";

    /** The API server rejects longer Event messages. */
    static final int MAX_MESSAGE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final KubernetesClient kube;
    private final Map<String, String> uids = new ConcurrentHashMap<>();

    public AuditTrail(KubernetesClient kube) {
        this.kube = kube;
    }

    /** Records an Event (type Warning when {@code warning}) with {@code reason} (CamelCase) and {@code message}. */
    public void record(String namespace, String deployment, String reason, String message, boolean warning) {
        try {
            Instant now = Instant.now();
            String uid = uid(namespace, deployment);
            String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withName(eventName(deployment, now))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(deployment)
                    .withNamespace(namespace)
                    .withUid(uid)
                    .endInvolvedObject()
                    .withReason(reason)
                    .withMessage(text)
                    .withType(warning ? "Warning" : "Normal")
                    .withNewSource()
                    .withComponent(COMPONENT)
                    .endSource()
                    .withReportingComponent(COMPONENT)
                    .withReportingInstance(COMPONENT)
                    .withFirstTimestamp(SECONDS.format(now))
                    .withLastTimestamp(SECONDS.format(now))
                    .withEventTime(new MicroTime(MICROS.format(now.truncatedTo(ChronoUnit.MICROS))))
                    .withAction(reason)
                    .withCount(1)
                    .build();
            kube.v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.debug(
                    "could not record event {} on deployment {}/{}: {}", reason, namespace, deployment, e.getMessage());
        }
    }

    /**
     * The Deployment's uid: kubectl describe matches Events by uid as well as name. Looked up once per Deployment (a
     * Deployment deleted and re-created under the same name keeps the old uid here; its Events still list by name).
     */
    private String uid(String namespace, String deployment) {
        String key = namespace + "/" + deployment;
        String cached = uids.get(key);
        if (cached != null) {
            return cached;
        }
        Deployment d = kube.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get();
        String uid = d == null ? null : d.getMetadata().getUid();
        if (uid != null) {
            uids.put(key, uid);
        }
        return uid;
    }

    /** {@code checkout.18c4f2a1b3e.5f3a1}: the kubelet's style (object name, time in hex) plus a random part. */
    static String eventName(String deployment, Instant now) {
        return deployment + "." + Long.toHexString(now.toEpochMilli()) + "."
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
