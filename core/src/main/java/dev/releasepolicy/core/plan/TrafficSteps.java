package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.routing.ReplicaRatio;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.MonitoringSpec;
import dev.releasepolicy.core.spec.StepSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.TrafficRouting;
import dev.releasepolicy.core.spec.WrittenNumber;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
    /** The header routes the release added so far: never managed by weight steps, removed at promotion. */
    private final Set<String> own = new LinkedHashSet<>();
    /** Whether a setMirrorRoute step came before: promotion says it removes the mirror. */
    private boolean mirrored;
    /** How many Jobs of each {@code job} check the plan runs so far: each run has its own Job name. */
    private final java.util.Map<String, Integer> jobRuns = new java.util.HashMap<>();

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
            Draft d = drafts.add(
                    Action.PROMOTE,
                    "",
                    "Make " + release.version() + " the stable version: " + routing.stableText() + " selects it, "
                            + routing.routesText() + " " + routing.routesVerb() + " it all the traffic" + ownText()
                            + ", "
                            + routing.canaryText()
                            + (routing.router().orElseThrow() instanceof TrafficRouting.Istio
                                    ? " removed"
                                    : " keeps selecting it"));
            d.objects.addAll(routing.promote(own));
            d.compensation = new Compensation(
                    Kind.RESTORE_ROUTING,
                    "Point " + routing.stableText() + " back at " + release.previousText()
                            + " and send it all the traffic (the routing objects are put back exactly as they were)",
                    routing.unpromote(own));
        }
        // After promotion the previous version still runs until clean-up: a failing check rolls back to it.
        canary.postPromotionAnalysis().ifPresent(a -> analysis(a, true));
    }

    /** ", the header route testers and the mirror removed", or nothing when the release added none. */
    private String ownText() {
        List<String> parts = new ArrayList<>();
        if (!own.isEmpty()) {
            parts.add((own.size() == 1 ? "the header route " : "the header routes ") + String.join(", ", own));
        }
        if (mirrored) {
            parts.add("the mirror");
        }
        return parts.isEmpty() ? "" : " (" + String.join(" and ", parts) + " removed)";
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
        boolean routed = routing.weighted() && !blueGreen.steps().isEmpty();
        Draft d = drafts.add(
                Action.SWITCH_SERVICE,
                "",
                "Switch Service " + service + " to " + routing.subsets().next() + ": selector app=" + release.app()
                        + ", version=" + release.version()
                        + (routed
                                ? "; " + routing.stableText() + " selects it and " + routing.routesText() + " "
                                        + routing.routesVerb() + " it all the traffic" + ownText()
                                : ""));
        d.objects.add(release.selectVersion(service, release.version()));
        if (routed) {
            d.objects.addAll(routing.promote(own));
        }
        d.compensation = new Compensation(
                Kind.SWITCH_SERVICE_BACK,
                "Switch Service " + service + " back to " + routing.subsets().current() + " (" + release.previousText()
                        + ")" + (routed ? " and put the routing objects back exactly as they were" : ""),
                release.previous()
                        .map(p -> List.of(release.selectVersion(service, p)))
                        .orElse(List.of()));
        d.watches = release.triggers();
        // After the switch blue still runs until clean-up: a failing check switches the Service back to it.
        blueGreen.postPromotionAnalysis().ifPresent(a -> analysis(a, true));
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
        Draft d = drafts.add(
                Action.PREPARE_TRAFFIC,
                "",
                "Route by version: " + routing.stableText() + " selects " + release.previousText() + " and "
                        + routing.canaryText() + " selects " + release.version() + ", " + routing.routesText()
                        + " split 100 / 0; the team's other routes and settings stay as they are");
        d.objects.addAll(routing.prepare());
        d.compensation = routing.restoreTraffic(own);
    }

    private void steps(List<StepSpec> steps) {
        for (StepSpec s : steps) {
            switch (s) {
                case StepSpec.SetWeight w -> setWeight(w.weight());
                case StepSpec.Pause p -> pause(p);
                case StepSpec.Analysis a -> analysis(a, false);
                case StepSpec.SetHeaderRoute h -> headerRoute(h);
                case StepSpec.SetMirrorRoute m -> mirror(m);
            }
        }
    }

    /**
     * Requests with the step's headers go to the new version from here on. The route is the release's own:
     * later weight steps leave it alone, and promotion and rollback remove it.
     */
    private void headerRoute(StepSpec.SetHeaderRoute h) {
        requireRouter("setHeaderRoute");
        Draft d = drafts.add(
                Action.SET_HEADER_ROUTE,
                h.name(),
                "Send requests with "
                        + h.match().stream()
                                .map(m -> m.header() + " " + m.kind().key() + " \"" + m.value() + "\"")
                                .collect(Collectors.joining(" and "))
                        + " to " + release.version() + ": route " + h.name() + " added before "
                        + routing.routesText());
        d.parameters.put("name", h.name());
        d.objects.add(routing.headerRoute(h, own));
        own.add(h.name());
        d.compensation = routing.restoreTraffic(own);
    }

    /** A copy of the step's share of requests goes to the new version; promotion and rollback stop it. */
    private void mirror(StepSpec.SetMirrorRoute m) {
        requireRouter("setMirrorRoute");
        Draft d = drafts.add(
                Action.SET_MIRROR_ROUTE,
                m.name(),
                "Mirror " + m.percentage() + "% of the requests of " + routing.routesText() + " to " + release.version()
                        + " (" + m.name() + "; its answers are dropped)");
        d.parameters.put("name", m.name());
        d.parameters.put("percentage", m.percentage());
        d.objects.add(routing.mirror(m, own));
        mirrored = true;
        d.compensation = routing.restoreTraffic(own);
    }

    private void requireRouter(String step) {
        if (!routing.weighted()) {
            throw new IllegalArgumentException(step + " needs spec.strategy." + strategyKey()
                    + ".trafficRouting (istio or gatewayAPI): without a router requests cannot be routed by header");
        }
    }

    private String strategyKey() {
        return release.spec().strategy() instanceof StrategySpec.BlueGreen ? "blueGreen" : "canary";
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
        // Requests reach the new version through a weight, the release's header route or its mirror.
        boolean exposed = currentWeight > 0 || !own.isEmpty() || mirrored;
        d.watches = exposed ? release.triggers() : List.of();
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
            d.objects.add(routing.weights(weight, own));
            d.compensation = routing.restoreTraffic(own);
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
        release.previousDeployment().ifPresent(p -> d.objects.add(release.scale(p, ratio.stable())));
        List<ObjectChange> undo = new ArrayList<>();
        release.previousDeployment().ifPresent(p -> undo.add(release.scale(p, total)));
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
        release.previousDeployment().ifPresent(p -> undo.add(release.scale(p, total)));
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

    private void analysis(StepSpec.Analysis a, boolean postPromotion) {
        List<String> names = a.metrics();
        List<MonitoringSpec.Metric> defs = names.stream()
                .map(n -> release.spec().monitoring().metric(n))
                .flatMap(java.util.Optional::stream)
                .toList();
        boolean allNumeric = defs.stream().allMatch(def -> def.check().numeric());
        // Pre-rollout: no weight, header route or mirror has exposed the new version yet.
        boolean exposed = currentWeight > 0 || !own.isEmpty() || mirrored;
        String where = postPromotion
                ? " after " + (release.spec().strategy() instanceof StrategySpec.BlueGreen ? "the switch" : "promotion")
                        + ": " + release.version() + " takes all the traffic, " + release.previousText()
                        + " still runs until clean-up"
                : !exposed
                        ? " before any traffic reaches " + release.version()
                        : " at " + currentWeight + "% on " + release.version();
        Draft d = drafts.add(
                Action.ANALYSIS,
                "",
                (allNumeric
                                ? "Check " + String.join(", ", names)
                                        + (names.size() == 1 ? " against its threshold" : " against their thresholds")
                                : "Check "
                                        + defs.stream()
                                                .map(TrafficSteps::checkText)
                                                .collect(Collectors.joining(", ")))
                        + a.duration().map(v -> " for " + v.text()).orElse(" once")
                        + where);
        a.duration().ifPresent(v -> {
            d.minimum = v.value();
            d.parameters.put("duration", v.text());
        });
        ArrayNode metrics = d.parameters.putArray("metrics");
        for (String n : names) {
            ObjectNode m = metrics.addObject();
            m.put("name", n);
            for (MonitoringSpec.Metric def : defs) {
                if (n.equals(def.name())) {
                    describe(def, m);
                    if (def.check() instanceof Check.Job job) {
                        int occurrence = jobRuns.merge(n, 1, Integer::sum);
                        ObjectChange o = Jobs.check(
                                release.app(),
                                release.namespace(),
                                release.version(),
                                n,
                                job,
                                Integer.toString(occurrence));
                        m.put("jobName", o.name());
                        d.objects.add(o);
                    }
                }
            }
        }
        d.watches = release.triggers();
    }

    /** "Job smoke (image)", "webhook load-test", "errorRate": how a step's description names a check. */
    static String checkText(MonitoringSpec.Metric def) {
        String text = switch (def.check()) {
            case Check.Query q -> def.name();
            case Check.Web w -> def.name();
            case Check.Job j -> "Job " + def.name() + " (" + j.image() + ")";
            case Check.Webhook h -> "webhook " + def.name();
        };
        return def.dryRun() ? text + " (dry run)" : text;
    }

    /**
     * A metric as an analysis step's parameters show it. A {@code query} metric keeps the shape of
     * earlier plans (name, query, max, min, interval, failureLimit); the other kinds and knobs are
     * written when the manifest has them. URLs and headers as {@link PlanRuntime} keeps them.
     */
    static void describe(MonitoringSpec.Metric def, ObjectNode m) {
        switch (PlanRuntime.metric(def).check()) {
            case Check.Query q -> m.put("query", q.query());
            case Check.Web w -> {
                m.put("kind", "web");
                m.put("url", w.url());
                m.put("jsonPath", w.jsonPath());
            }
            case Check.Job j -> {
                m.put("kind", "job");
                m.put("image", j.image());
            }
            case Check.Webhook h -> {
                m.put("kind", "webhook");
                m.put("url", h.url());
            }
        }
        def.max().ifPresent(v -> m.set("max", number(v)));
        def.min().ifPresent(v -> m.set("min", number(v)));
        def.above().ifPresent(v -> m.set("above", number(v)));
        def.below().ifPresent(v -> m.set("below", number(v)));
        def.interval().ifPresent(v -> m.put("interval", v.text()));
        def.count().ifPresent(v -> m.put("count", v));
        def.failureLimit().ifPresent(v -> m.put("failureLimit", v));
        def.inconclusiveLimit().ifPresent(v -> m.put("inconclusiveLimit", v));
        def.consecutiveErrorLimit().ifPresent(v -> m.put("consecutiveErrorLimit", v));
        def.initialDelay().ifPresent(v -> m.put("initialDelay", v.text()));
        if (def.dryRun()) {
            m.put("dryRun", true);
        }
    }

    /** A threshold as the manifest wrote it: {@code 1} stays {@code 1}, {@code 0.5} stays {@code 0.5}. */
    private static JsonNode number(WrittenNumber n) {
        return n.whole()
                ? NF.numberNode(n.value().toBigIntegerExact())
                : NF.numberNode(n.value().doubleValue());
    }
}
