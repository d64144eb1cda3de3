package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.routing.DestinationRuleRestore;
import dev.releasepolicy.core.routing.DestinationRuleSubsets;
import dev.releasepolicy.core.routing.DestinationRuleSubsets.VersionSubset;
import dev.releasepolicy.core.routing.IstioBackends;
import dev.releasepolicy.core.routing.IstioWeights;
import dev.releasepolicy.core.routing.RouteSelection;
import dev.releasepolicy.core.routing.ServiceHost;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.Subsets;
import dev.releasepolicy.core.spec.TrafficRouting;
import dev.releasepolicy.core.workload.VersionNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects that move traffic between the running and the new version of a blue-green or canary
 * release: the Service, the strategy's two subsets and, with Istio routing, the team's DestinationRule
 * and VirtualService. The release never replaces those two: every change is an {@link Operation#EDIT}
 * of the fields it owns (the weights of the managed routes, the release's subsets), so gateways, hosts,
 * other routes, retries, timeouts and TLS stay the team's. The executor snapshots each object before
 * its first change and a rollback writes that snapshot back, so the undo is exact.
 *
 * @param release the release
 * @param subsets the names of the running and the new version
 * @param service the Service that carries the application's traffic
 * @param istio   the Istio objects, when the manifest routes traffic by weight
 */
record Routing(Release release, Subsets subsets, String service, Optional<TrafficRouting.Istio> istio) {

    /** The label key that tells the versions' pods apart, in subsets and selectors. */
    static final String VERSION_KEY = "version";

    /** How traffic moves in a release; empty for a rolling update, which has no second version to route to. */
    static Optional<Routing> of(Release release) {
        return switch (release.spec().strategy()) {
            case StrategySpec.BlueGreen b ->
                Optional.of(new Routing(
                        release, b.subsets(), b.service(), b.trafficRouting().map(TrafficRouting::istio)));
            case StrategySpec.Canary c ->
                Optional.of(new Routing(
                        release, c.subsets(), release.app(), c.trafficRouting().map(TrafficRouting::istio)));
            case StrategySpec.Rolling r -> Optional.empty();
        };
    }

    /** True when traffic moves by Istio route weights. */
    boolean weighted() {
        return istio.isPresent();
    }

    ServiceHost host() {
        return new ServiceHost(service, release.namespace());
    }

    ObjectRef virtualServiceRef() {
        return new ObjectRef(
                KubeObjects.ISTIO_API,
                "VirtualService",
                release.namespace(),
                objects().virtualService());
    }

    ObjectRef destinationRuleRef() {
        return new ObjectRef(
                KubeObjects.ISTIO_API,
                "DestinationRule",
                release.namespace(),
                objects().destinationRule());
    }

    /** The managed routes: those {@code istio.routes} names, else every route whose destinations are the host. */
    RouteSelection routes() {
        List<String> names = objects().routes();
        return names.isEmpty() ? RouteSelection.byDestination() : RouteSelection.named(names);
    }

    /** "route primary" or "the routes to orders-api". */
    String routesText() {
        List<String> names = objects().routes();
        return names.isEmpty()
                ? "the routes to " + service
                : (names.size() == 1 ? "route " : "routes ") + String.join(", ", names);
    }

    /**
     * The DestinationRule gains (or updates) the release's subsets: the running one selecting the
     * previous version (left out when the manifest does not name it: the team's subset of that name, if
     * any, stays as it is) and the new one selecting the new version.
     */
    ObjectChange ensureSubsets() {
        List<VersionSubset> wanted = new ArrayList<>();
        release.previous().ifPresent(p -> wanted.add(new VersionSubset(subsets.current(), VersionNames.labelValue(p))));
        wanted.add(new VersionSubset(subsets.next(), VersionNames.labelValue(release.version())));
        return ObjectChange.edit(destinationRuleRef(), new DestinationRuleSubsets(host(), wanted, VERSION_KEY));
    }

    /** Promotion: the running subset selects the new version. */
    ObjectChange stableSubsetOnNewVersion() {
        return ObjectChange.edit(
                destinationRuleRef(),
                new DestinationRuleSubsets(
                        host(),
                        List.of(new VersionSubset(subsets.current(), VersionNames.labelValue(release.version()))),
                        VERSION_KEY));
    }

    /** Promotion: the new version's subset is removed (no route names it any more). */
    ObjectChange removeNextSubset() {
        return ObjectChange.edit(
                destinationRuleRef(),
                new DestinationRuleRestore(
                        host(), List.of(new DestinationRuleRestore.Saved(subsets.next(), Optional.empty())), true));
    }

    /** Promotion undone (described): the running subset selects the previous version again. */
    ObjectChange stableSubsetOnPreviousVersion() {
        List<VersionSubset> back = new ArrayList<>();
        release.previous().ifPresent(p -> back.add(new VersionSubset(subsets.current(), VersionNames.labelValue(p))));
        back.add(new VersionSubset(subsets.next(), VersionNames.labelValue(release.version())));
        return ObjectChange.edit(destinationRuleRef(), new DestinationRuleSubsets(host(), back, VERSION_KEY));
    }

    /** The managed routes send {@code weight}% to the new version's subset, the rest to the running one's. */
    ObjectChange weights(int weight) {
        return ObjectChange.edit(
                virtualServiceRef(),
                new IstioWeights(
                        new IstioBackends.Subsets(host(), subsets.current(), subsets.next()), routes(), weight));
    }

    /** All traffic back to the running version; the executor restores the objects exactly as they were. */
    Compensation restoreTraffic() {
        return new Compensation(
                Kind.RESTORE_TRAFFIC,
                "Send all traffic back to " + subsets.current() + " (" + release.previousText() + "): "
                        + routesText() + " back to " + subsets.current() + " 100; the VirtualService and"
                        + " DestinationRule are put back exactly as they were before this step",
                List.of(weights(0)));
    }

    private TrafficRouting.Istio objects() {
        return istio.orElseThrow(
                () -> new IllegalStateException("release " + release.app() + " has no Istio traffic routing"));
    }
}
