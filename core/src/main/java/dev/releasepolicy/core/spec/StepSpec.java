package dev.releasepolicy.core.spec;

import dev.releasepolicy.core.routing.HeaderMatch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a canary or a stepwise blue-green switch: exactly one of setWeight, pause, analysis,
 * setHeaderRoute or setMirrorRoute.
 */
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

    /**
     * Requests that carry the given headers go to the new version, whatever the weights (Argo Rollouts'
     * {@code setHeaderRoute}); the route is removed at promotion and on rollback.
     *
     * @param name  the name of the route the release adds to the team's VirtualService or HTTPRoute
     * @param match the headers a request must carry, all of them
     */
    record SetHeaderRoute(String name, List<HeaderMatch> match) implements StepSpec {
        public SetHeaderRoute {
            Objects.requireNonNull(name, "name");
            match = List.copyOf(match);
        }
    }

    /**
     * A copy of a share of the requests goes to the new version as well, its answers dropped (Argo
     * Rollouts' {@code setMirrorRoute}); removed at promotion and on rollback.
     *
     * @param name       the manifest's name of the mirror, for messages
     * @param percentage the share of requests copied, 1 to 100
     */
    record SetMirrorRoute(String name, int percentage) implements StepSpec {
        public SetMirrorRoute {
            Objects.requireNonNull(name, "name");
        }
    }
}
