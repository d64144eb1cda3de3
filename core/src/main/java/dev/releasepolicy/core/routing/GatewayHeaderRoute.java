package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import dev.releasepolicy.core.edit.Trees;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setHeaderRoute} on a Gateway API HTTPRoute: a rule named {@code name}, inserted before the first
 * managed rule, whose one match requires all the given headers and whose only backendRef is the canary
 * Service. Gateway API has no prefix match for headers (only Exact and RegularExpression), so a prefix
 * is refused when the edit is made, not when it is applied.
 */
public record GatewayHeaderRoute(String name, List<HeaderMatch> match, GatewayBackends backends, RouteSelection rules)
        implements RoutingEdit, ReversibleEdit {

    /** Gateway API's pattern for {@code rules[].name} (a DNS subdomain). */
    private static final String RULE_NAME = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    public GatewayHeaderRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(rules, "rules");
        match = List.copyOf(match);
        if (match.isEmpty()) {
            throw new IllegalArgumentException("a header route needs at least one match item");
        }
        if (!name.matches(RULE_NAME)) {
            throw new EditRefusedException(
                    "header route name " + name + " is not a valid HTTPRoute rule name",
                    "use lower-case letters, digits, '-' and '.', such as testers");
        }
        for (HeaderMatch m : match) {
            if (m.kind() == HeaderMatch.Kind.PREFIX) {
                throw new EditRefusedException(
                        "header route " + name + ": Gateway API cannot match header " + m.header() + " by prefix",
                        "use regex: \"^" + m.value().replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0")
                                + ".*\" (RegularExpression) or exact instead of prefix");
            }
        }
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode route = Routes.copy(live, backends);
        ArrayNode list = Routes.list(route, backends);
        int existing = Trees.indexOfName(list, name);
        int at = Routes.managed(route, backends, rules.excluding(name)).get(0);
        JsonNode model = backends.model(list.get(at).get("backendRefs"));
        if (existing >= 0) {
            list.remove(existing);
            at = existing < at ? at - 1 : at;
        }
        ObjectNode rule = list.objectNode().put("name", name);
        ArrayNode headers = rule.putArray("matches").addObject().putArray("headers");
        for (HeaderMatch m : match) {
            headers.addObject()
                    .put("type", type(m.kind()))
                    .put("name", m.header())
                    .put("value", m.value());
        }
        ObjectNode ref = backends.named(model, backends.canaryService());
        ref.remove("weight");
        rule.putArray("backendRefs").add(ref);
        list.insert(at, rule);
        return route;
    }

    private static String type(HeaderMatch.Kind kind) {
        return switch (kind) {
            case EXACT -> "Exact";
            case REGEX -> "RegularExpression";
            case PREFIX -> throw new IllegalStateException("refused by the constructor");
        };
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return NamedRouteRestore.of(backends, name, before);
    }
}
