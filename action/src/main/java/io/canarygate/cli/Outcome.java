package io.canarygate.cli;

import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.state.RolloutRecord;
import java.util.Optional;

/**
 * What a command ends with: the values it reports as action outputs, the record for the report and summary, the exit
 * code.
 *
 * @param rollout rollout id
 * @param phase phase after the command, or {@code NONE} without a record
 * @param weight canary weight after the command, if known
 * @param verdict verdict of a wait, or empty
 * @param reason the verdict's reason or the error, or empty
 * @param record the record after the command, if one exists
 * @param exitCode see {@link ExitCode}
 */
record Outcome(
        String rollout,
        String phase,
        Optional<Integer> weight,
        String verdict,
        String reason,
        Optional<RolloutRecord> record,
        int exitCode) {

    static Outcome of(RolloutStatus status, String verdict, String reason, int exitCode) {
        RolloutRecord r = status.record();
        return new Outcome(
                r.rollout(), r.phase().name(), Optional.of(r.weight()), verdict, reason, Optional.of(r), exitCode);
    }

    static Outcome of(RolloutRecord r, String verdict, String reason, int exitCode) {
        return new Outcome(
                r.rollout(), r.phase().name(), Optional.of(r.weight()), verdict, reason, Optional.of(r), exitCode);
    }
}
