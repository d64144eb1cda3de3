package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.routing.ReplicaRatio;
import dev.releasepolicy.core.spec.MonitoringSpec;
import dev.releasepolicy.core.spec.StepSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.Subsets;
import dev.releasepolicy.core.spec.WrittenNumber;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the steps that move traffic to the new version: a canary's weights, pauses and analyses and
 * its promotion, or a blue-green release's optional weighted steps and its Service switch.
 */
final class TrafficSteps {

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private final Release release;
    private final Routing routing;
    private final Drafts drafts;
    private int currentWeight;

    TrafficSteps(Release release, Routing routing, Drafts drafts) {
        this.release = release;
        this.routing = routing;
        this.drafts = drafts;
    }

    void canary(StrategySpec.Canary canary) {
        if (routing.weighted()) {
            prepareTraffic();
        }
        steps(canary.steps());
        if (!routing.weighted() && currentWeight < 100) {
            promoteByReplicas();
        }
        if (routing.weighted()) {
            String stable = routing.subsets().current();
            Draft d = drafts.add(
                    Action.PROMOTE,
                    "",
                    "Make " + release.version() + " the stable version: subset " + stable + " selects it, "
                            + routing.routesText() + " back to " + stable + " 100, subset "
                            + routing.subsets().next() + " removed");
            d.objects.add(routing.stableSubsetOnNewVersion());
            d.objects.add(routing.weights(0));
            d.objects.add(routing.removeNextSubset());
            d.compensation = new Compensation(
                    Kind.RESTORE_ROUTING,
                    "Point subset " + stable + " back at " + release.previousText() + " and send it all the traffic"
                            + " (the DestinationRule and VirtualService are put back exactly as they were)",
                    List.of(routing.stableSubsetOnPreviousVersion(), routing.weights(0)));
        }
    }

    void blueGreen(StrategySpec.BlueGreen blueGreen) {
        blueGreen.previewService().ifPresent(this::preview);
        if (!blueGreen.steps().isEmpty()) {
            if (routing.weighted()) {
                prepareTraffic();
            }
            steps(blueGreen.steps());
        }
        String service = blueGreen.service();
        Draft d = drafts.add(
                Action.SWITCH_SERVICE,
                "",
                "Switch Service " + service + " to " + routing.subsets().next() + ": selector app=" + release.app()
                        + ", version=" + release.version());
        d.objects.add(release.selectVersion(service, release.version()));
        d.compensation = new Compensation(
                Kind.SWITCH_SERVICE_BACK,
                "Switch Service " + service + " back to " + routing.subsets().current() + " (" + release.previousText()
                        + ")",
                release.previous()
                        .map(p -> List.of(release.selectVersion(service, p)))
                        .orElse(List.of()));
        d.watches = release.triggers();
    }

    /**
     * Points the preview Service at green before any traffic moves, so people and tests can reach the new
     * version first. Only the selector's {@code version} changes; the undo puts the Service back exactly
     * as it was (the executor restores the object it read before the step). After the switch the preview
     * Service is left pointing at the new version, which is then the live one.
     */
    private void preview(String service) {
        Draft d = drafts.add(
                Action.SWITCH_SERVICE,
                "preview",
                "Point the preview Service " + service + " at "
                        + routing.subsets().next() + ": selector version=" + release.version()
                        + " (its other selector keys stay as they are)");
        d.objects.add(release.patch(
                "v1",
                "Service",
                service,
                KubeObjects.serviceVersionPatch(service, release.namespace(), release.version())));
        d.compensation = new Compensation(
                Kind.SWITCH_SERVICE_BACK,
                "Put the preview Service " + service + " back as it was before the release",
                List.of());
    }

    private void prepareTraffic() {
        Subsets s = routing.subsets();
        Draft d = drafts.add(
                Action.PREPARE_TRAFFIC,
                "",
                "Route by version: DestinationRule subsets " + s.current()
                        + " (" + release.previousText() + ") and " + s.next() + " (" + release.version()
                        + "), " + routing.routesText() + " split " + s.current() + " 100 / " + s.next()
                        + " 0; the team's other routes, subsets and settings stay as they are");
        d.objects.add(routing.ensureSubsets());
        d.objects.add(routing.weights(0));
        d.compensation = routing.restoreTraffic();
    }

    private void steps(List<StepSpec> steps) {
        for (StepSpec s : steps) {
            switch (s) {
                case StepSpec.SetWeight w -> setWeight(w.weight());
                case StepSpec.Pause p -> pause(p);
                case StepSpec.Analysis a -> analysis(a);
            }
        }
    }

    private void pause(StepSpec.Pause p) {
        Draft d;
        if (p.duration().isPresent()) {
            String dur = p.duration().get().text();
            d = drafts.add(
                    Action.PAUSE,
                    dur,
                    "Wait " + dur + " at " + currentWeight + "% on " + release.version()
                            + ", watching the rollback triggers");
            d.minimum = p.duration().get().value();
            d.parameters.put("duration", dur);
        } else {
            d = drafts.add(
                    Action.APPROVAL,
                    "",
                    "Wait at " + currentWeight + "% on " + release.version()
                            + " until someone approves (release-policy approve)");
        }
        d.watches = currentWeight > 0 ? release.triggers() : List.of();
    }

    /** The SET_WEIGHT step that sends {@code weight}% of the traffic to the new version. */
    private Draft weightDraft(int weight) {
        Draft d = drafts.add(
                Action.SET_WEIGHT,
                Integer.toString(weight),
                "Send " + weight + "% of the traffic to " + release.version() + " (" + (100 - weight) + "% stays on "
                        + release.previousText() + ")");
        d.parameters.put("weight", weight);
        return d;
    }

    private void setWeight(int weight) {
        currentWeight = weight;
        if (routing.weighted()) {
            Draft d = weightDraft(weight);
            d.objects.add(routing.weights(weight));
            d.compensation = routing.restoreTraffic();
            return;
        }
        switch (release.spec().strategy()) {
            case StrategySpec.Canary c -> replicaWeight(weight);
            case StrategySpec.BlueGreen b -> {
                Draft d = weightDraft(weight);
                d.parameters.put("skipped", true);
                d.compensation = Compensation.none("no traffic routing: the Service switch moves all traffic at once");
            }
            case StrategySpec.Rolling r -> throw new IllegalStateException("a rolling update has no traffic steps");
        }
    }

    /**
     * No router: the Service spreads requests evenly over the pods of both versions, so the share is
     * set by pod counts, and the step states the share those counts really give.
     */
    private void replicaWeight(int weight) {
        int total = release.spec().replicas();
        ReplicaRatio ratio = ReplicaRatio.of(total, weight);
        Draft d = drafts.add(
                Action.SET_WEIGHT,
                Integer.toString(weight),
                "Send " + weight + "% of the traffic to " + release.version() + " by pod count: " + ratio.render()
                        + "; " + ratio.stable() + (ratio.stable() == 1 ? " stays" : " stay") + " on "
                        + release.previousText());
        d.parameters.put("weight", weight);
        d.parameters.put("approximatedByReplicas", true);
        d.parameters.put("newReplicas", ratio.canary());
        d.parameters.put("previousReplicas", ratio.stable());
        // The new version grows first, so the application never has fewer ready pods than before the step.
        d.objects.add(release.scale(release.newDeployment(), ratio.canary()));
        release.previous().ifPresent(p -> d.objects.add(release.scale(release.deployment(p), ratio.stable())));
        List<ObjectChange> undo = new ArrayList<>();
        release.previous().ifPresent(p -> undo.add(release.scale(release.deployment(p), total)));
        d.compensation = new Compensation(
                Kind.RESTORE_TRAFFIC, "Scale " + release.previousText() + " back to " + total + " replicas", undo);
    }

    /**
     * No router and the steps end below 100% (or never set a weight): promotion still means all of the
     * traffic, so the new version grows to the full count before the old Deployment is removed.
     */
    private void promoteByReplicas() {
        int total = release.spec().replicas();
        Draft d = drafts.add(
                Action.PROMOTE,
                "",
                "Make " + release.version() + " the stable version: scale Deployment " + release.newDeployment()
                        + " to all " + total + " replicas before " + release.previousText() + " is removed");
        d.parameters.put("approximatedByReplicas", true);
        d.parameters.put("newReplicas", total);
        d.objects.add(release.scale(release.newDeployment(), total));
        List<ObjectChange> undo = new ArrayList<>();
        release.previous().ifPresent(p -> undo.add(release.scale(release.deployment(p), total)));
        d.compensation = new Compensation(
                Kind.RESTORE_TRAFFIC, "Scale " + release.previousText() + " back to " + total + " replicas", undo);
        d.watches = release.triggers();
    }

    /**
     * How many replicas the new version's Deployment starts with: without a router a canary starts at
     * the size of its first weight step (never at full size, which would take about half of the traffic
     * before the first step); otherwise, or without a weight step, all {@code spec.replicas}.
     */
    static int startReplicas(Release release, Routing routing) {
        int total = release.spec().replicas();
        if (routing.weighted() || !(release.spec().strategy() instanceof StrategySpec.Canary c)) {
            return total;
        }
        return c.steps().stream()
                .filter(StepSpec.SetWeight.class::isInstance)
                .map(StepSpec.SetWeight.class::cast)
                .findFirst()
                .map(w -> ReplicaRatio.of(total, w.weight()).canary())
                .orElse(total);
    }

    private void analysis(StepSpec.Analysis a) {
        List<String> names = a.metrics();
        Draft d = drafts.add(
                Action.ANALYSIS,
                "",
                "Check " + String.join(", ", names)
                        + (names.size() == 1 ? " against its threshold" : " against their thresholds")
                        + a.duration().map(v -> " for " + v.text()).orElse(" once") + " at " + currentWeight + "% on "
                        + release.version());
        a.duration().ifPresent(v -> {
            d.minimum = v.value();
            d.parameters.put("duration", v.text());
        });
        ArrayNode metrics = d.parameters.putArray("metrics");
        for (String n : names) {
            ObjectNode m = metrics.addObject();
            m.put("name", n);
            for (MonitoringSpec.Metric def : release.spec().monitoring().metrics()) {
                if (n.equals(def.name())) {
                    m.put("query", def.query());
                    def.max().ifPresent(v -> m.set("max", number(v)));
                    def.min().ifPresent(v -> m.set("min", number(v)));
                    def.interval().ifPresent(v -> m.put("interval", v.text()));
                    def.failureLimit().ifPresent(v -> m.put("failureLimit", v));
                }
            }
        }
        d.watches = release.triggers();
    }

    /** A threshold as the manifest wrote it: {@code 1} stays {@code 1}, {@code 0.5} stays {@code 0.5}. */
    private static JsonNode number(WrittenNumber n) {
        return n.whole()
                ? NF.numberNode(n.value().toBigIntegerExact())
                : NF.numberNode(n.value().doubleValue());
    }
}
