package dev.releasepolicy.core.routing;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stable and canary Services behind the rules of a Gateway API HTTPRoute. A backendRef belongs
 * to the application when it names one of them as a core Service in the route's own namespace.
 */
public record GatewayBackends(String stableService, String canaryService) implements RouteTable {

    public GatewayBackends {
        Objects.requireNonNull(stableService, "stableService");
        Objects.requireNonNull(canaryService, "canaryService");
    }

    @Override
    public String kind() {
        return "HTTPRoute";
    }

    @Override
    public String group() {
        return "gateway.networking.k8s.io";
    }

    @Override
    public String listField() {
        return "rules";
    }

    @Override
    public String destinationsField() {
        return "backendRefs";
    }

    @Override
    public String item() {
        return "rule";
    }

    @Override
    public String setting() {
        return "trafficRouting.gatewayAPI.rules";
    }

    @Override
    public boolean owns(JsonNode ref, String namespace) {
        String name = ref.path("name").asString("");
        return ref.path("group").asString("").isEmpty()
                && ref.path("kind").asString("Service").equals("Service")
                && ref.path("namespace").asString(namespace).equals(namespace)
                && (name.equals(stableService) || name.equals(canaryService));
    }

    @Override
    public boolean carriesCanary(JsonNode ref) {
        return ref.path("name").asString("").equals(canaryService);
    }

    @Override
    public String describe() {
        return "Services " + stableService + " and " + canaryService;
    }

    /** The team's backendRef for the stable Service, else its first: the model for both new refs. */
    JsonNode model(JsonNode refs) {
        for (JsonNode r : refs) {
            if (r.path("name").asString("").equals(stableService)) {
                return r;
            }
        }
        return refs.get(0);
    }

    /** {@code model} naming {@code service}, every other field kept. */
    ObjectNode named(JsonNode model, String service) {
        return ((ObjectNode) model.deepCopy()).put("name", service);
    }
}
