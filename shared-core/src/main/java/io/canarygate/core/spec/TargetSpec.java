package io.canarygate.core.spec;

import java.util.List;

/**
 * The stable Deployment the canary is derived from, and the image(s) the canary runs.
 *
 * @param namespace namespace of the stable Deployment
 * @param deployment name of the stable Deployment (left unchanged until promotion)
 * @param images new image per container; a single entry with no container name means "the only container"
 */
public record TargetSpec(String namespace, String deployment, List<ContainerImage> images) {
    public TargetSpec {
        images = List.copyOf(images);
    }

    /**
     * A new image for one container.
     *
     * @param container the container name, or {@code null} for the Deployment's only container
     * @param image the image reference, e.g. {@code ghcr.io/acme/checkout:1.4.0}
     */
    public record ContainerImage(String container, String image) {}
}
