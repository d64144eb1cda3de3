package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.Trees;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The undo of {@link DestinationRuleSubsets}: each named subset is put back as it was, or removed when
 * the release added it; a {@code subsets} list the team did not have is removed once it is empty.
 */
public record DestinationRuleRestore(ServiceHost host, List<Saved> subsets, boolean hadSubsets) implements RoutingEdit {

    /** One subset as it was before the release: its name and, if it existed, its whole object. */
    public record Saved(String name, Optional<JsonNode> subset) {

        public Saved {
            Objects.requireNonNull(name, "name");
            subset = subset.map(JsonNode::deepCopy);
        }
    }

    public DestinationRuleRestore {
        Objects.requireNonNull(host, "host");
        subsets = List.copyOf(subsets);
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode dr = DestinationRuleSubsets.copy(live, host);
        if (!(dr.path("spec").path("subsets") instanceof ArrayNode list)) {
            if (subsets.stream().anyMatch(s -> s.subset().isPresent())) {
                ArrayNode list = Trees.object(dr, "spec").putArray("subsets");
                subsets.forEach(s -> s.subset().ifPresent(o -> list.add(o.deepCopy())));
            }
            return dr;
        }
        for (Saved s : subsets) {
            int at = Trees.indexOfName(list, s.name());
            if (s.subset().isPresent()) {
                if (at >= 0) {
                    list.set(at, s.subset().get().deepCopy());
                } else {
                    list.add(s.subset().get().deepCopy());
                }
            } else if (at >= 0) {
                list.remove(at);
            }
        }
        if (!hadSubsets && list.isEmpty()) {
            ((ObjectNode) dr.get("spec")).remove("subsets");
        }
        return dr;
    }
}
