package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.KubeObjects.Subset;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.Subsets;
import dev.releasepolicy.core.spec.TrafficRouting;
import java.util.List;
import java.util.Optional;

/**
 * The objects that move traffic between the running and the new version of a blue-green or canary
 * release: the Service, the strategy's two subsets and, with Istio routing, the DestinationRule and
 * the VirtualService.
 *
 * @param release the release
 * @param subsets the names of the running and the new version
 * @param service the Service that carries the application's traffic
 * @param istio   the Istio objects, when the manifest routes traffic by weight
 */
record Routing(Release release, Subsets subsets, String service, Optional<TrafficRouting.Istio> istio) {

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

    String host() {
        return KubeObjects.host(service, release.namespace());
    }

    /** The DestinationRule whose running-version subset selects {@code stableVersion} (empty: any). */
    ObjectChange destinationRule(String stableVersion) {
        Subset current =
                new Subset(subsets.current(), stableVersion.isEmpty() ? Optional.empty() : Optional.of(stableVersion));
        Subset next = new Subset(subsets.next(), Optional.of(release.version()));
        return release.apply(KubeObjects.destinationRule(
                objects().destinationRule(), release.namespace(), release.app(), host(), List.of(current, next)));
    }

    /** The VirtualService sending {@code weight}% to the new version. */
    ObjectChange virtualService(int weight) {
        return release.apply(KubeObjects.virtualService(
                objects().virtualService(),
                release.namespace(),
                release.app(),
                host(),
                objects().routes(),
                subsets.current(),
                subsets.next(),
                weight));
    }

    /** All traffic back to the running version. */
    Compensation restoreTraffic() {
        return new Compensation(
                Compensation.Kind.RESTORE_TRAFFIC,
                "Send all traffic back to " + subsets.current() + " (" + release.previousText() + ")",
                List.of(virtualService(0)));
    }

    private TrafficRouting.Istio objects() {
        return istio.orElseThrow(
                () -> new IllegalStateException("release " + release.app() + " has no Istio traffic routing"));
    }
}
