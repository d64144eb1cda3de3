package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import dev.releasepolicy.core.edit.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ensures the DestinationRule of the application's host has the release's subsets (stable and canary,
 * or blue and green), each selecting pods by {@code versionKey} and, when the team's other subsets
 * select by an application label, by that label too. A subset of the same name is updated in place
 * (its labels replaced, its own trafficPolicy kept); every other subset and the rule's trafficPolicy
 * stay as they are. The inverse removes the subsets the release added and puts back those it changed.
 */
public record DestinationRuleSubsets(ServiceHost host, List<VersionSubset> subsets, String versionKey)
        implements RoutingEdit, ReversibleEdit {

    /** A subset the release needs: its name and the version label value it selects. */
    public record VersionSubset(String name, String versionLabel) {

        public VersionSubset {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(versionLabel, "versionLabel");
        }
    }

    public DestinationRuleSubsets {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(versionKey, "versionKey");
        subsets = List.copyOf(subsets);
        if (subsets.stream().map(VersionSubset::name).distinct().count() != subsets.size()) {
            throw new IllegalArgumentException("subset names repeat: " + subsets);
        }
    }

    static ObjectNode copy(JsonNode live, ServiceHost host) {
        ObjectNode dr = Trees.copyObject(live, "DestinationRule");
        if (!dr.path("kind").asString("").equals("DestinationRule")
                || !dr.path("apiVersion").asString("").startsWith("networking.istio.io/")) {
            throw new EditRefusedException(
                    "expected a DestinationRule (networking.istio.io) but got "
                            + dr.path("kind").asString("an object without kind"),
                    "name the DestinationRule of host " + host.name());
        }
        String drHost = dr.path("spec").path("host").asString("");
        if (!host.matches(drHost)) {
            throw new EditRefusedException(
                    "DestinationRule " + Routes.name(dr) + " is for host " + (drHost.isEmpty() ? "(none)" : drHost)
                            + ", not " + host.name(),
                    "name the DestinationRule whose spec.host is " + host.name() + " or " + host.fqdn());
        }
        return dr;
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode dr = copy(live, host);
        ArrayNode list = Trees.array(Trees.object(dr, "spec"), "subsets");
        List<String> ours = subsets.stream().map(VersionSubset::name).toList();
        Optional<Map.Entry<String, String>> appLabel = Optional.empty();
        for (JsonNode s : list) {
            if (!ours.contains(s.path("name").asString("")) && appLabel.isEmpty()) {
                appLabel = AppLabels.find(s.path("labels"));
            }
        }
        for (VersionSubset v : subsets) {
            int at = Trees.indexOfName(list, v.name());
            ObjectNode subset =
                    at >= 0 ? (ObjectNode) list.get(at) : list.addObject().put("name", v.name());
            ObjectNode labels = subset.putObject("labels");
            appLabel.ifPresent(e -> labels.put(e.getKey(), e.getValue()));
            labels.put(versionKey, v.versionLabel());
        }
        return dr;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        ObjectNode dr = copy(before, host);
        JsonNode list = dr.path("spec").path("subsets");
        List<DestinationRuleRestore.Saved> saved = new ArrayList<>();
        for (VersionSubset v : subsets) {
            int at = list.isArray() ? Trees.indexOfName(list, v.name()) : -1;
            Optional<JsonNode> was = at < 0 ? Optional.empty() : Optional.of(list.get(at));
            saved.add(new DestinationRuleRestore.Saved(v.name(), was));
        }
        return new DestinationRuleRestore(host, saved, list.isArray());
    }
}
