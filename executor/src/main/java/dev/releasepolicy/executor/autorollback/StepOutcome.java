package dev.releasepolicy.executor.autorollback;

import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.notify.DeliveryResult;
import java.util.List;
import java.util.Optional;

/**
 * What the executor should do after an analysis step or a watch: go on, stay paused for a person,
 * or stop because the release was rolled back (or the rollback itself failed and needs a person).
 * {@code auditFailures} lists audit records that could not be written (the watcher never lets a
 * failing audit sink delay or stop a rollback); the executor should report them.
 */
public record StepOutcome(Kind kind, AnalysisResult analysis, Optional<RollbackReport> rollback,
        List<DeliveryResult> notifications, List<String> auditFailures) {

    /** The executor's next move. */
    public enum Kind {
        /** The metrics are healthy: go on with the next step. */
        CONTINUE,
        /** The analysis was inconclusive: keep the traffic where it is and wait for a person. */
        PAUSED,
        /** The release was rolled back automatically: stop. */
        ROLLED_BACK,
        /** The rollback could not restore the traffic: stop and page a person. */
        ROLLBACK_FAILED
    }

    public StepOutcome {
        notifications = List.copyOf(notifications);
        auditFailures = List.copyOf(auditFailures);
    }
}
