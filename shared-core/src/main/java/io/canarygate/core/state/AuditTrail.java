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

    /**
     * Records an Event on Deployment {@code deployment} (type Warning when {@code warning}) with {@code reason}
     * (CamelCase) and {@code message}.
     */
    public void record(String namespace, String deployment, String reason, String message, boolean warning) {
        record(namespace, DEPLOYMENT, deployment, reason, message, warning);
    }

    /** The kind of object an Event is about: a Deployment, or an Argo Rollout when one runs the pods. */
    public record Kind(String apiVersion, String kind, String plural) {}

    public static final Kind DEPLOYMENT = new Kind("apps/v1", "Deployment", "deployments");
    public static final Kind ARGO_ROLLOUT = new Kind("argoproj.io/v1alpha1", "Rollout", "rollouts");

    /** Records an Event on {@code name}, an object of {@code kind}. */
    public void record(String namespace, Kind kind, String name, String reason, String message, boolean warning) {
        try {
            Instant now = Instant.now();
            String uid = uid(namespace, kind, name);
            String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
            Event event = new EventBuilder()
                    .withNewMetadata()
                    .withName(eventName(name, now))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(kind.apiVersion())
                    .withKind(kind.kind())
                    .withName(name)
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
                    "could not record event {} on {} {}/{}: {}", reason, kind.kind(), namespace, name, e.getMessage());
        }
    }

    /**
     * The Deployment's uid: kubectl describe matches Events by uid as well as name. Looked up once per Deployment (a
     * Deployment deleted and re-created under the same name keeps the old uid here; its Events still list by name).
     */
    private String uid(String namespace, Kind kind, String name) {
        String key = kind.kind() + ":" + namespace + "/" + name;
        String cached = uids.get(key);
        if (cached != null) {
            return cached;
        }
        String uid;
        if (kind.equals(DEPLOYMENT)) {
            Deployment d = kube.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            uid = d == null ? null : d.getMetadata().getUid();
        } else {
            String[] gv = kind.apiVersion().split("/");
            var o = kube.genericKubernetesResources(
                            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                                    .withGroup(gv[0])
                                    .withVersion(gv[1])
                                    .withKind(kind.kind())
                                    .withPlural(kind.plural())
                                    .withNamespaced(true)
                                    .build())
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            uid = o == null ? null : o.getMetadata().getUid();
        }
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
