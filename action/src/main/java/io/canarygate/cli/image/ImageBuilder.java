package io.canarygate.cli.image;

/** Builds the action image with jib-core. */
public final class ImageBuilder {
    /** Where releases push the action image; action.yml pins it by digest. */
    public static final String RELEASE_REPOSITORY = "ghcr.io/canary-gate/canary-gate";

    private ImageBuilder() {}
}
