package io.canarygate.core.engine;

import io.canarygate.core.analysis.AnalysisOutcome;

/**
 * How a wait ended.
 *
 * @param outcome the analysis verdict and its evidence
 * @param status where the rollout stands afterwards (rolled back when the verdict was FAIL and rollback was on)
 * @param rolledBack whether this wait rolled the rollout back
 */
public record WaitResult(AnalysisOutcome outcome, RolloutStatus status, boolean rolledBack) {}
