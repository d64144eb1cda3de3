package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import java.util.Optional;

/**
 * Runs an {@code analysis} step: queries the step's metrics (defined in the plan's {@code monitoring}
 * block) and says whether they are healthy. The Prometheus implementation plugs in here. An analysis
 * gate fails closed: an analyzer that cannot judge (empty) never lets the release pass it.
 */
@FunctionalInterface
public interface Analyzer {

    /**
     * The verdict of an analysis step: healthy (go on), unhealthy (roll back), or inconclusive (no data,
     * metrics provider unreachable: a person decides, the release waits for {@code approve} or
     * {@code rollback}). Inconclusive is never healthy.
     */
    record Verdict(boolean healthy, boolean inconclusive, String summary) {

        public Verdict {
            if (healthy && inconclusive) {
                throw new IllegalArgumentException("a verdict cannot be healthy and inconclusive");
            }
        }

        public static Verdict healthy(String summary) {
            return new Verdict(true, false, summary);
        }

        public static Verdict unhealthy(String summary) {
            return new Verdict(false, false, summary);
        }

        public static Verdict inconclusive(String summary) {
            return new Verdict(false, true, summary);
        }
    }

    /** Analyses a step; empty when this analyzer cannot, which the executor treats as inconclusive. */
    Optional<Verdict> analyze(Plan plan, PlanStep step);

    /**
     * Checks the step's automatic-rollback triggers ({@link PlanStep#watches()}) now; called on
     * every poll while the step waits in-process (readiness, Jobs, short pauses). An unhealthy verdict
     * rolls the release back at once. The default watches nothing.
     */
    default Optional<Verdict> watch(Plan plan, PlanStep step) {
        return Optional.empty();
    }

    /**
     * After a rollback: checks with the release's metrics that the previous version is healthy again
     * (healthy: recovered; unhealthy or inconclusive: not verified, with why). Empty when this analyzer
     * cannot (no metrics provider).
     */
    default Optional<Verdict> verifyRecovery(Plan plan) {
        return Optional.empty();
    }
}
