package dev.releasepolicy.core.routing;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where an Istio route sends the two versions: subsets of one host (with a DestinationRule), or two
 * Services. Each kind knows which destinations belong to the application and how to write a stable
 * or canary destination from the team's own, keeping its port and other fields.
 */
public sealed interface IstioBackends extends RouteTable permits IstioBackends.Subsets, IstioBackends.Services {

    @Override
    default String kind() {
        return "VirtualService";
    }

    @Override
    default String group() {
        return "networking.istio.io";
    }

    @Override
    default String listField() {
        return "http";
    }

    @Override
    default String destinationsField() {
        return "route";
    }

    @Override
    default String item() {
        return "HTTP route";
    }

    @Override
    default String setting() {
        return "trafficRouting.istio.routes";
    }

    /** {@code destination} turned to the stable version; other fields as they are. */
    ObjectNode stable(JsonNode destination);

    /** {@code destination} turned to the canary version; other fields as they are. */
    ObjectNode canary(JsonNode destination);

    /** The entry a split takes as its model: the team's first entry for the stable version, else its first. */
    default JsonNode model(JsonNode entries) {
        return entries.get(0);
    }

    /** Subsets {@code stable} and {@code canary} (blue-green: blue and green) of the application's host. */
    record Subsets(ServiceHost host, String stableSubset, String canarySubset) implements IstioBackends {

        public Subsets {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(stableSubset, "stableSubset");
            Objects.requireNonNull(canarySubset, "canarySubset");
        }

        @Override
        public boolean owns(JsonNode entry, String namespace) {
            return host.matches(entry.path("destination").path("host").asString(""));
        }

        @Override
        public boolean carriesCanary(JsonNode entry) {
            return entry.path("destination").path("subset").asString("").equals(canarySubset);
        }

        @Override
        public String describe() {
            return "host " + host.name() + " (or " + host.fqdn() + ")";
        }

        @Override
        public ObjectNode stable(JsonNode destination) {
            return ((ObjectNode) destination.deepCopy()).put("subset", stableSubset);
        }

        @Override
        public ObjectNode canary(JsonNode destination) {
            return ((ObjectNode) destination.deepCopy()).put("subset", canarySubset);
        }
    }

    /** Two Services, {@code stableService} and {@code canaryService}, and no DestinationRule. */
    record Services(ServiceHost stableService, ServiceHost canaryService) implements IstioBackends {

        public Services {
            Objects.requireNonNull(stableService, "stableService");
            Objects.requireNonNull(canaryService, "canaryService");
        }

        @Override
        public boolean owns(JsonNode entry, String namespace) {
            String h = entry.path("destination").path("host").asString("");
            return stableService.matches(h) || canaryService.matches(h);
        }

        @Override
        public boolean carriesCanary(JsonNode entry) {
            return canaryService.matches(entry.path("destination").path("host").asString(""));
        }

        @Override
        public String describe() {
            return "hosts " + stableService.name() + " and " + canaryService.name();
        }

        @Override
        public JsonNode model(JsonNode entries) {
            for (JsonNode e : entries) {
                if (stableService.matches(e.path("destination").path("host").asString(""))) {
                    return e;
                }
            }
            return entries.get(0);
        }

        @Override
        public ObjectNode stable(JsonNode destination) {
            return withHost(destination, stableService);
        }

        @Override
        public ObjectNode canary(JsonNode destination) {
            return withHost(destination, canaryService);
        }

        private ObjectNode withHost(JsonNode destination, ServiceHost target) {
            String written = destination.path("host").asString("");
            ServiceHost neighbour = target.equals(stableService) ? canaryService : stableService;
            return ((ObjectNode) destination.deepCopy()).put("host", target.spelledLike(written, neighbour));
        }
    }
}
