package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * How traffic is split between the running and the new version: which of the team's routing objects
 * carries the split. The release changes only the weights (and its own subsets or Service selectors) of
 * the object named here, never the rest of it.
 */
public sealed interface TrafficRouting {

    /** The object whose weights move, as the plan names it: {@code VirtualService orders-api}. */
    String routerText();

    /**
     * The managed routes (or rules) by name; empty (not written): every route whose destinations are all
     * the application's.
     */
    List<String> routes();

    /**
     * Istio, subset split: the VirtualService sends the application's host to two subsets of the
     * team's DestinationRule, one per version.
     *
     * @param virtualService  the VirtualService whose route weights move
     * @param destinationRule the DestinationRule that gains the two subsets
     * @param routes          the HTTP routes to shift by name; empty: every route whose destinations are all
     *                        the application's host
     */
    record Istio(String virtualService, String destinationRule, List<String> routes) implements TrafficRouting {
        public Istio {
            Objects.requireNonNull(virtualService, "virtualService");
            Objects.requireNonNull(destinationRule, "destinationRule");
            routes = List.copyOf(routes);
        }

        @Override
        public String routerText() {
            return "VirtualService " + virtualService;
        }
    }

    /**
     * Istio, host split: the VirtualService sends the traffic to two Services, one per version; no
     * DestinationRule. The Services' selectors gain the version label of the version each one carries.
     *
     * @param virtualService the VirtualService whose route weights move
     * @param routes         the HTTP routes to shift by name; empty: every route whose destinations are the
     *                       two Services
     * @param stableService  the Service of the running version
     * @param canaryService  the Service of the new version
     */
    record IstioHosts(String virtualService, List<String> routes, String stableService, String canaryService)
            implements TrafficRouting {
        public IstioHosts {
            Objects.requireNonNull(virtualService, "virtualService");
            Objects.requireNonNull(stableService, "stableService");
            Objects.requireNonNull(canaryService, "canaryService");
            routes = List.copyOf(routes);
        }

        @Override
        public String routerText() {
            return "VirtualService " + virtualService;
        }
    }

    /**
     * Gateway API: the {@code backendRefs} weights of the team's HTTPRoute
     * ({@code gateway.networking.k8s.io/v1}), between two Services, one per version.
     *
     * @param httpRoute     the HTTPRoute whose rules' backendRefs weights move
     * @param routes        the rules to shift by name ({@code gatewayAPI.rules}); empty: every rule whose
     *                      backendRefs are the two Services
     * @param stableService the Service of the running version
     * @param canaryService the Service of the new version
     */
    record GatewayApi(String httpRoute, List<String> routes, String stableService, String canaryService)
            implements TrafficRouting {
        public GatewayApi {
            Objects.requireNonNull(httpRoute, "httpRoute");
            Objects.requireNonNull(stableService, "stableService");
            Objects.requireNonNull(canaryService, "canaryService");
            routes = List.copyOf(routes);
        }

        @Override
        public String routerText() {
            return "HTTPRoute " + httpRoute;
        }
    }
}
