package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.routing.DestinationRuleRestore;
import dev.releasepolicy.core.routing.DestinationRuleSubsets;
import dev.releasepolicy.core.routing.DestinationRuleSubsets.VersionSubset;
import dev.releasepolicy.core.routing.GatewayBackends;
import dev.releasepolicy.core.routing.GatewayHeaderRoute;
import dev.releasepolicy.core.routing.GatewayMirror;
import dev.releasepolicy.core.routing.GatewayWeights;
import dev.releasepolicy.core.routing.IstioBackends;
import dev.releasepolicy.core.routing.IstioHeaderRoute;
import dev.releasepolicy.core.routing.IstioMirror;
import dev.releasepolicy.core.routing.IstioWeights;
import dev.releasepolicy.core.routing.RouteSelection;
import dev.releasepolicy.core.routing.RouteTable;
import dev.releasepolicy.core.routing.ServiceHost;
import dev.releasepolicy.core.routing.SplitEnd;
import dev.releasepolicy.core.spec.StepSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.Subsets;
import dev.releasepolicy.core.spec.TrafficRouting;
import dev.releasepolicy.core.workload.VersionNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The objects that move traffic between the running and the new version of a blue-green or canary
 * release: the Service, the strategy's two subsets and, with a traffic router, the team's routing
 * object — an Istio VirtualService (subset split with the team's DestinationRule, or host split between
 * two Services) or a Gateway API HTTPRoute. The release never replaces those: every change is an
 * {@link Operation#EDIT} of the fields it owns (the weights of the managed routes, the release's
 * subsets, its own header route and mirror) or a merge patch of one selector key, so gateways, hosts,
 * other routes, retries, timeouts and TLS stay the team's. The executor snapshots each object before
 * its first change and a rollback writes that snapshot back, so the undo is exact.
 *
 * @param release the release
 * @param subsets the names of the running and the new version
 * @param service the Service that carries the application's traffic
 * @param router  the team's routing object, when the manifest routes traffic by weight
 */
record Routing(Release release, Subsets subsets, String service, Optional<TrafficRouting> router) {

    /** The label key that tells the versions' pods apart, in subsets and selectors. */
    static final String VERSION_KEY = "version";

    /** How traffic moves in a release; empty for a rolling update, which has no second version to route to. */
    static Optional<Routing> of(Release release) {
        return switch (release.spec().strategy()) {
            case StrategySpec.BlueGreen b ->
                Optional.of(new Routing(release, b.subsets(), b.service(), b.trafficRouting()));
            case StrategySpec.Canary c ->
                Optional.of(new Routing(release, c.subsets(), release.app(), c.trafficRouting()));
            case StrategySpec.Rolling r -> Optional.empty();
        };
    }

    /** True when traffic moves by route weights. */
    boolean weighted() {
        return router.isPresent();
    }

    ServiceHost host() {
        return new ServiceHost(service, release.namespace());
    }

    /** The team's object whose weights move. */
    ObjectRef routerRef() {
        return switch (objects()) {
            case TrafficRouting.Istio i -> istioRef("VirtualService", i.virtualService());
            case TrafficRouting.IstioHosts h -> istioRef("VirtualService", h.virtualService());
            case TrafficRouting.GatewayApi g ->
                new ObjectRef(KubeObjects.GATEWAY_API, "HTTPRoute", release.namespace(), g.httpRoute());
        };
    }

    private ObjectRef istioRef(String kind, String name) {
        return new ObjectRef(KubeObjects.ISTIO_API, kind, release.namespace(), name);
    }

    /** The routes of the router object and which of their destinations are the application's. */
    RouteTable table() {
        String ns = release.namespace();
        return switch (objects()) {
            case TrafficRouting.Istio i -> new IstioBackends.Subsets(host(), subsets.current(), subsets.next());
            case TrafficRouting.IstioHosts h ->
                new IstioBackends.Services(
                        new ServiceHost(h.stableService(), ns), new ServiceHost(h.canaryService(), ns));
            case TrafficRouting.GatewayApi g -> new GatewayBackends(g.stableService(), g.canaryService());
        };
    }

    /** The managed routes: the manifest's names, else every route whose destinations are the application's. */
    RouteSelection routes(Set<String> own) {
        List<String> names = objects().routes();
        RouteSelection s = names.isEmpty() ? RouteSelection.byDestination() : RouteSelection.named(names);
        for (String name : own) {
            s = s.excluding(name);
        }
        return s;
    }

    /** "route primary of VirtualService orders-api" or "the routes to orders-api of HTTPRoute web". */
    String routesText() {
        List<String> names = objects().routes();
        String item = objects() instanceof TrafficRouting.GatewayApi ? "rule" : "route";
        return (names.isEmpty()
                        ? "the " + item + "s to " + destinationsText()
                        : item + (names.size() == 1 ? " " : "s ") + String.join(", ", names))
                + " of " + objects().routerText();
    }

    /** "sends" for one named route, "send" for several (or all routes to the application). */
    String routesVerb() {
        return objects().routes().size() == 1 ? "sends" : "send";
    }

    /** The two destinations in words: "subsets stable/canary" or "Services web-stable/web-canary". */
    String destinationsText() {
        return switch (objects()) {
            case TrafficRouting.Istio i -> service;
            case TrafficRouting.IstioHosts h -> h.stableService() + " and " + h.canaryService();
            case TrafficRouting.GatewayApi g -> g.stableService() + " and " + g.canaryService();
        };
    }

    /** What carries the running version: "subset stable" or "Service web-stable". */
    String stableText() {
        return switch (objects()) {
            case TrafficRouting.Istio i -> "subset " + subsets.current();
            case TrafficRouting.IstioHosts h -> "Service " + h.stableService();
            case TrafficRouting.GatewayApi g -> "Service " + g.stableService();
        };
    }

    /** What carries the new version: "subset canary" or "Service web-canary". */
    String canaryText() {
        return switch (objects()) {
            case TrafficRouting.Istio i -> "subset " + subsets.next();
            case TrafficRouting.IstioHosts h -> "Service " + h.canaryService();
            case TrafficRouting.GatewayApi g -> "Service " + g.canaryService();
        };
    }

    /**
     * Before any traffic moves: the stable destination selects the previous version and the canary one the
     * new version — the DestinationRule gains (or updates) the two subsets, or the two Services' selectors
     * gain the version label — and the managed routes split 100/0.
     */
    List<ObjectChange> prepare() {
        List<ObjectChange> changes = new ArrayList<>();
        switch (objects()) {
            case TrafficRouting.Istio i -> {
                List<VersionSubset> wanted = new ArrayList<>();
                release.previous()
                        .ifPresent(p -> wanted.add(new VersionSubset(subsets.current(), VersionNames.labelValue(p))));
                wanted.add(new VersionSubset(subsets.next(), VersionNames.labelValue(release.version())));
                changes.add(subsetEdit(i, wanted));
            }
            case TrafficRouting.IstioHosts h -> services(changes, h.stableService(), h.canaryService());
            case TrafficRouting.GatewayApi g -> services(changes, g.stableService(), g.canaryService());
        }
        changes.add(weights(0, Set.of()));
        return changes;
    }

    private void services(List<ObjectChange> changes, String stable, String canary) {
        release.previous().ifPresent(p -> changes.add(selectorVersion(stable, p)));
        changes.add(selectorVersion(canary, release.version()));
    }

    /** A merge patch of one Service's selector {@code version}: its other keys stay as the team wrote them. */
    ObjectChange selectorVersion(String name, String version) {
        return release.patch(
                "v1", "Service", name, KubeObjects.serviceVersionPatch(name, release.namespace(), version));
    }

    private ObjectChange subsetEdit(TrafficRouting.Istio i, List<VersionSubset> subsets) {
        return ObjectChange.edit(
                istioRef("DestinationRule", i.destinationRule()),
                new DestinationRuleSubsets(host(), subsets, VERSION_KEY));
    }

    /** The managed routes send {@code weight}% to the new version, the rest to the running one. */
    ObjectChange weights(int weight, Set<String> own) {
        RouteTable table = table();
        return ObjectChange.edit(
                routerRef(),
                switch (table) {
                    case IstioBackends b -> new IstioWeights(b, routes(own), weight);
                    case GatewayBackends g -> new GatewayWeights(g, routes(own), weight);
                });
    }

    /** The release's header route {@code h}, added before the first managed route. */
    ObjectChange headerRoute(StepSpec.SetHeaderRoute h, Set<String> own) {
        RouteTable table = table();
        return ObjectChange.edit(
                routerRef(),
                switch (table) {
                    case IstioBackends b -> new IstioHeaderRoute(h.name(), h.match(), b, routes(own));
                    case GatewayBackends g -> new GatewayHeaderRoute(h.name(), h.match(), g, routes(own));
                });
    }

    /** The managed routes mirror {@code m.percentage()}% of their requests to the new version. */
    ObjectChange mirror(StepSpec.SetMirrorRoute m, Set<String> own) {
        RouteTable table = table();
        return ObjectChange.edit(
                routerRef(),
                switch (table) {
                    case IstioBackends b -> new IstioMirror(m.name(), m.percentage(), b, routes(own));
                    case GatewayBackends g -> new GatewayMirror(m.name(), m.percentage(), g, routes(own));
                });
    }

    /**
     * Promotion: the stable destination selects the new version; then the managed routes send it all the
     * traffic with the split, the release's header routes and mirror gone; last, the canary subset goes
     * (no route names it any more). The canary Service keeps its selector on the new version.
     */
    List<ObjectChange> promote(Set<String> own) {
        List<ObjectChange> changes = new ArrayList<>();
        switch (objects()) {
            case TrafficRouting.Istio i ->
                changes.add(subsetEdit(
                        i, List.of(new VersionSubset(subsets.current(), VersionNames.labelValue(release.version())))));
            case TrafficRouting.IstioHosts h -> changes.add(selectorVersion(h.stableService(), release.version()));
            case TrafficRouting.GatewayApi g -> changes.add(selectorVersion(g.stableService(), release.version()));
        }
        changes.add(ObjectChange.edit(routerRef(), new SplitEnd(table(), routes(own), List.copyOf(own))));
        if (objects() instanceof TrafficRouting.Istio i) {
            changes.add(ObjectChange.edit(
                    istioRef("DestinationRule", i.destinationRule()),
                    new DestinationRuleRestore(
                            host(),
                            List.of(new DestinationRuleRestore.Saved(subsets.next(), Optional.empty())),
                            true)));
        }
        return changes;
    }

    /** Promotion undone (described): the stable destination selects the previous version again. */
    List<ObjectChange> unpromote(Set<String> own) {
        List<ObjectChange> changes = new ArrayList<>(prepare());
        changes.remove(changes.size() - 1);
        changes.add(weights(0, own));
        return changes;
    }

    /** All traffic back to the running version; the executor restores the objects exactly as they were. */
    Compensation restoreTraffic(Set<String> own) {
        return new Compensation(
                Kind.RESTORE_TRAFFIC,
                "Send all traffic back to " + stableText() + " (" + release.previousText() + "): the routing objects"
                        + " are put back exactly as they were before the release changed them",
                List.of(weights(0, own)));
    }

    private TrafficRouting objects() {
        return router.orElseThrow(
                () -> new IllegalStateException("release " + release.app() + " has no traffic routing"));
    }
}
