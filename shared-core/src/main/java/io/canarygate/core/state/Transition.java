package io.canarygate.core.state;

import java.time.Instant;

/**
 * One entry of the audit trail kept in the record (and mirrored as a Kubernetes Event).
 *
 * @param at when
 * @param from phase before (null for the first entry)
 * @param to phase after
 * @param weight canary weight after the transition
 * @param trigger who or what asked for it
 * @param reason why, in one sentence
 */
public record Transition(Instant at, Phase from, Phase to, int weight, Trigger trigger, String reason) {}
