package dev.releasepolicy.core.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * One automatic-rollback condition of {@code spec.rollback.automatic}: roll back when the metric is
 * above (or below) the threshold for a while.
 *
 * @param comparison {@code >} for {@code above}, {@code <} for {@code below}
 * @param holdFor    how long the condition must hold; empty: the first failing measurement
 */
public record RollbackTrigger(String metric, String comparison, BigDecimal threshold, Optional<Duration> holdFor) {

    /** {@code errorRate > 0.01 for 2m → rollback}. */
    public String describe() {
        return metric + " " + comparison + " " + threshold.toPlainString()
                + holdFor.map(d -> " for " + PlanDurations.format(d)).orElse("") + " → rollback";
    }
}
