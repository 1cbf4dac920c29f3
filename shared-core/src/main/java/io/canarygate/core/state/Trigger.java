package io.canarygate.core.state;

/**
 * Who or what asked for a transition. The pipeline run is the lease holder: every stage of one Jenkins build or one
 * GitHub workflow run shares the same {@link #holder()}, so its stages and its guard job may work on the rollout while
 * another pipeline may not.
 *
 * @param system {@code jenkins}, {@code github}, {@code cli} or {@code demo}
 * @param runId the pipeline run: Jenkins build id ({@code job/name#12}), GitHub run id, or a CLI session id
 * @param actor the person or account behind it, if known
 * @param url link to the run (Jenkins build URL, GitHub run URL), if known
 */
public record Trigger(String system, String runId, String actor, String url) {

    /** The lease holder identity: {@code github:123456789}. */
    public String holder() {
        return system + ":" + runId;
    }

    /** For messages: {@code github run 123456789 (alice) https://github.com/...}. */
    public String describe() {
        StringBuilder b = new StringBuilder(system).append(" run ").append(runId);
        if (actor != null && !actor.isBlank()) {
            b.append(" (").append(actor).append(')');
        }
        if (url != null && !url.isBlank()) {
            b.append(' ').append(url);
        }
        return b.toString();
    }
}
