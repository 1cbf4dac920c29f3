package io.canarygate.cli.github;

/**
 * Every output of {@code action.yml}, in one place ({@code ActionYmlTest} checks action.yml lists exactly these). Later
 * jobs read them as {@code needs.<job>.outputs.<name>} once the job maps them.
 */
public enum ActionOutput {
    /** The rollout id. */
    ROLLOUT("rollout"),
    /** The phase after the command: RUNNING, PAUSED, PROMOTED, ROLLED_BACK, ... (NONE when there is no record). */
    PHASE("phase"),
    /** The canary weight after the command, 0–100. */
    WEIGHT("weight"),
    /** The verdict of {@code wait}: PASS, FAIL or INCONCLUSIVE; empty for other commands. */
    VERDICT("verdict"),
    /** Why: the verdict's reason, or the error; may span lines. */
    REASON("reason"),
    /** Directory with canary-report.json, canary-report.md and canary-junit.xml, relative to the workspace. */
    REPORT("report");

    private final String id;

    ActionOutput(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
