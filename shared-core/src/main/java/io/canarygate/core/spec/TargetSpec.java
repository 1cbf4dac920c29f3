package io.canarygate.core.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable Deployment the canary is derived from, and the image(s) the canary runs.
 *
 * @param namespace namespace of the stable Deployment
 * @param deployment name of the stable Deployment (left unchanged until promotion)
 * @param images new image per container; a single entry with no container name means "the only container"
 * @param canaryLabels labels the canary pods carry in place of (or beside) the stable pod template's, e.g. {@code
 *     track: canary}, so a Service that selects the stable pods by {@code track: stable} does not reach the canary and
 *     queries can tell the two apart; empty by default
 */
public record TargetSpec(
        String namespace, String deployment, List<ContainerImage> images, Map<String, String> canaryLabels) {
    public TargetSpec {
        images = List.copyOf(images);
        canaryLabels = Collections.unmodifiableMap(new TreeMap<>(canaryLabels));
    }

    /** A target whose canary pods carry the stable pod labels unchanged. */
    public TargetSpec(String namespace, String deployment, List<ContainerImage> images) {
        this(namespace, deployment, images, Map.of());
    }

    /**
     * A new image for one container.
     *
     * @param container the container name, or {@code null} for the Deployment's only container
     * @param image the image reference, e.g. {@code ghcr.io/acme/checkout:1.4.0}
     */
    public record ContainerImage(String container, String image) {}
}
