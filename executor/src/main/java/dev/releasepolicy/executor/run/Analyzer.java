package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ExecutionStep;
import java.util.Optional;

/**
 * Runs an {@code analysis} step: queries the step's metrics ({@code parameters.metrics}, with their
 * queries and thresholds) and says whether they are healthy. The Prometheus implementation plugs in
 * here; without one, analyses are reported as not performed and do not block.
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

    /** Analyses a step; empty when this analyzer cannot (then the step is reported as skipped). */
    Optional<Verdict> analyze(ExecutionPlan plan, ExecutionStep step);

    /**
     * Checks the step's automatic-rollback triggers ({@link ExecutionStep#watches()}) now; called on
     * every poll while the step waits in-process (readiness, Jobs, short pauses). An unhealthy verdict
     * rolls the release back at once. The default watches nothing.
     */
    default Optional<Verdict> watch(ExecutionPlan plan, ExecutionStep step) {
        return Optional.empty();
    }

    /**
     * After a rollback: checks with the release's metrics that the previous version is healthy again
     * (healthy: recovered; unhealthy or inconclusive: not verified, with why). Empty when this analyzer
     * cannot (no metrics provider).
     */
    default Optional<Verdict> verifyRecovery(ExecutionPlan plan) {
        return Optional.empty();
    }

    /** No metrics provider: every analysis is skipped with a note, no trigger is watched. */
    Analyzer NONE = (plan, step) -> Optional.empty();
}
