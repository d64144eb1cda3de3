package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Optional;

/** One step of a canary or a stepwise blue-green switch: exactly one of setWeight, pause or analysis. */
public sealed interface StepSpec {

    /**
     * Send a share of the traffic to the new version from this step on.
     *
     * @param weight percent, 0 to 100
     */
    record SetWeight(int weight) implements StepSpec {}

    /**
     * Wait for a duration, or, without one, until someone approves.
     *
     * @param duration how long; empty for a manual approval
     */
    record Pause(Optional<WrittenDuration> duration) implements StepSpec {}

    /**
     * Check metrics against their thresholds of {@code spec.monitoring.metrics}.
     *
     * @param metrics  the metric names, in the order written
     * @param duration how long to keep measuring; empty for one measurement
     */
    record Analysis(List<String> metrics, Optional<WrittenDuration> duration) implements StepSpec {
        public Analysis {
            metrics = List.copyOf(metrics);
        }
    }
}
