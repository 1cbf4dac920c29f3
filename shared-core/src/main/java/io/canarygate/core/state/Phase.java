package io.canarygate.core.state;

/** Where a rollout stands. Terminal phases are PROMOTED and ROLLED_BACK. */
public enum Phase {
    /** The canary Deployment is being created or scaled and traffic shifted. */
    DEPLOYING,
    /** The canary takes its share of traffic; analyses may run. */
    RUNNING,
    /** Held at the current weight: an inconclusive analysis or a pause decision; a person decides. */
    PAUSED,
    /** The stable Deployment is rolling to the canary's images (resumable: re-run promote). */
    PROMOTING,
    /** The stable Deployment runs the new version; the canary is gone. */
    PROMOTED,
    /** Traffic is leaving the canary. */
    ROLLING_BACK,
    /** All traffic on the unchanged stable version; the canary is scaled down. */
    ROLLED_BACK;

    public boolean isTerminal() {
        return this == PROMOTED || this == ROLLED_BACK;
    }
}
