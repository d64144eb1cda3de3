package dev.releasepolicy.core.spec;

import java.util.List;

/**
 * How traffic is split between the running and the new version: Istio route weights.
 *
 * @param istio the VirtualService and DestinationRule that carry the split
 */
public record TrafficRouting(Istio istio) {

    /**
     * The Istio objects of the split.
     *
     * @param virtualService  the VirtualService whose route weights move (defaults to the application)
     * @param destinationRule the DestinationRule with the two subsets (defaults to the application)
     * @param routes          the HTTP routes to shift by name; empty (not written): every route whose destinations
     *                        are all the application's host
     */
    public record Istio(String virtualService, String destinationRule, List<String> routes) {
        public Istio {
            routes = List.copyOf(routes);
        }
    }
}
