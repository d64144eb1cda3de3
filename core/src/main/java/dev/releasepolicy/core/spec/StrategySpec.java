package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Optional;

/** {@code spec.strategy}: how the new version replaces the running one, one record per type. */
public sealed interface StrategySpec {

    /** The type as written in manifests, such as {@code BlueGreen}. */
    String type();

    /**
     * Bring up green next to blue, then switch the Service (at once, or in weighted steps first).
     *
     * @param service        the Service whose selector switches (defaults to the application)
     * @param trafficRouting weighted routing for the steps; empty: the Service switches all at once
     * @param steps          the steps before the switch; empty when not written
     * @param keepPrevious   how long blue is kept after the switch; empty: cleaned up right away
     * @param subsets        {@code blue} and {@code green}
     * @param previewService a Service pointed at green before the switch; empty: none
     * @param postPromotionAnalysis checks run after the switch while blue still runs; a failure switches back
     */
    record BlueGreen(
            String service,
            Optional<TrafficRouting> trafficRouting,
            List<StepSpec> steps,
            Optional<WrittenDuration> keepPrevious,
            Subsets subsets,
            Optional<String> previewService,
            Optional<StepSpec.Analysis> postPromotionAnalysis)
            implements StrategySpec {
        public BlueGreen {
            steps = List.copyOf(steps);
        }

        /** A blue-green release without checks after the switch. */
        public BlueGreen(
                String service,
                Optional<TrafficRouting> trafficRouting,
                List<StepSpec> steps,
                Optional<WrittenDuration> keepPrevious,
                Subsets subsets,
                Optional<String> previewService) {
            this(service, trafficRouting, steps, keepPrevious, subsets, previewService, Optional.empty());
        }

        @Override
        public String type() {
            return "BlueGreen";
        }
    }

    /**
     * Run the new version beside the running one and move traffic to it step by step.
     *
     * @param trafficRouting weighted routing; empty: the share is approximated by replica counts
     * @param steps          the steps
     * @param subsets        {@code stable} and {@code canary}
     */
    record Canary(
            Optional<TrafficRouting> trafficRouting,
            List<StepSpec> steps,
            Subsets subsets,
            Optional<StepSpec.Analysis> postPromotionAnalysis)
            implements StrategySpec {
        public Canary {
            steps = List.copyOf(steps);
        }

        /** A canary without checks after promotion. */
        public Canary(Optional<TrafficRouting> trafficRouting, List<StepSpec> steps, Subsets subsets) {
            this(trafficRouting, steps, subsets, Optional.empty());
        }

        @Override
        public String type() {
            return "Canary";
        }
    }

    /**
     * Replace the pods of the application's one Deployment gradually.
     *
     * @param maxSurge       pods above the replicas during the update ({@code 25%} when not written)
     * @param maxUnavailable pods that may be unavailable ({@code 0} when not written)
     */
    record Rolling(IntOrPercent maxSurge, IntOrPercent maxUnavailable) implements StrategySpec {
        @Override
        public String type() {
            return "Rolling";
        }
    }
}
