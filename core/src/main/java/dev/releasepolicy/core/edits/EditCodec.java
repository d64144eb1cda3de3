package dev.releasepolicy.core.edits;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.routing.DestinationRuleRestore;
import dev.releasepolicy.core.routing.DestinationRuleSubsets;
import dev.releasepolicy.core.routing.DestinationRuleSubsets.VersionSubset;
import dev.releasepolicy.core.routing.GatewayBackends;
import dev.releasepolicy.core.routing.GatewayHeaderRoute;
import dev.releasepolicy.core.routing.GatewayMirror;
import dev.releasepolicy.core.routing.GatewayWeights;
import dev.releasepolicy.core.routing.HeaderMatch;
import dev.releasepolicy.core.routing.IstioBackends;
import dev.releasepolicy.core.routing.IstioHeaderRoute;
import dev.releasepolicy.core.routing.IstioMirror;
import dev.releasepolicy.core.routing.IstioWeights;
import dev.releasepolicy.core.routing.RouteSelection;
import dev.releasepolicy.core.routing.RouteTable;
import dev.releasepolicy.core.routing.ServiceHost;
import dev.releasepolicy.core.routing.SplitEnd;
import dev.releasepolicy.core.workload.StableVersionLabel;
import dev.releasepolicy.core.workload.TemplateLabelRestore;
import dev.releasepolicy.core.workload.VersionDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one codec between the edits a plan sends ({@code Operation.EDIT}) and their JSON description in
 * the plan file: {@code {"edit": "istio-weights", "host": ..., "routes": [...], "weight": 20}}. The
 * {@code edit} member names the kind; reading refuses a kind this version does not know (as the plan
 * codec refuses an unknown action), so an executor never guesses what a change means. Writing refuses
 * an edit that has no plan form. {@link #describe} is the one wording of an edit that every plan
 * rendering shows.
 */
public final class EditCodec {

    /** The kinds of edit a plan can hold, as the {@code edit} member spells them. */
    public static final Set<String> KINDS = Set.of(
            "istio-weights",
            "gateway-weights",
            "istio-header-route",
            "gateway-header-route",
            "istio-mirror",
            "gateway-mirror",
            "split-end",
            "destination-rule-subsets",
            "destination-rule-restore",
            "stable-version-label",
            "template-label-restore",
            "version-deployment");

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private EditCodec() {}

    /**
     * The plan form of {@code edit}.
     *
     * @throws IllegalArgumentException for an edit that has no plan form (such as Gateway API edits)
     */
    public static ObjectNode toJson(ObjectEdit edit) {
        ObjectNode o = NF.objectNode();
        switch (edit) {
            case IstioWeights w -> {
                o.put("edit", "istio-weights");
                table(o, w.backends());
                routes(o, w.routes());
                o.put("weight", w.weight());
            }
            case GatewayWeights w -> {
                o.put("edit", "gateway-weights");
                table(o, w.backends());
                routes(o, w.rules());
                o.put("weight", w.weight());
            }
            case IstioHeaderRoute h -> {
                o.put("edit", "istio-header-route");
                headerRoute(o, h.name(), h.match(), h.backends(), h.routes());
            }
            case GatewayHeaderRoute h -> {
                o.put("edit", "gateway-header-route");
                headerRoute(o, h.name(), h.match(), h.backends(), h.rules());
            }
            case IstioMirror m -> {
                o.put("edit", "istio-mirror");
                o.put("name", m.name());
                table(o, m.backends());
                routes(o, m.routes());
                o.put("percentage", m.percentage());
            }
            case GatewayMirror m -> {
                o.put("edit", "gateway-mirror");
                o.put("name", m.name());
                table(o, m.backends());
                routes(o, m.rules());
                o.put("percentage", m.percent());
            }
            case SplitEnd e -> {
                o.put("edit", "split-end");
                table(o, e.table());
                routes(o, e.routes());
                ArrayNode removed = o.putArray("removeRoutes");
                e.ownRoutes().forEach(removed::add);
            }
            case DestinationRuleSubsets d -> {
                o.put("edit", "destination-rule-subsets");
                host(o, d.host());
                o.put("versionKey", d.versionKey());
                ArrayNode subsets = o.putArray("subsets");
                for (VersionSubset v : d.subsets()) {
                    subsets.addObject().put("name", v.name()).put("versionLabel", v.versionLabel());
                }
            }
            case DestinationRuleRestore r -> {
                o.put("edit", "destination-rule-restore");
                host(o, r.host());
                o.put("hadSubsets", r.hadSubsets());
                ArrayNode subsets = o.putArray("subsets");
                for (DestinationRuleRestore.Saved s : r.subsets()) {
                    ObjectNode saved = subsets.addObject().put("name", s.name());
                    s.subset().ifPresent(v -> saved.set("subset", v.deepCopy()));
                }
            }
            case StableVersionLabel l -> {
                o.put("edit", "stable-version-label");
                o.put("versionKey", l.versionKey());
                o.put("versionLabel", l.versionLabel());
            }
            case TemplateLabelRestore t -> {
                o.put("edit", "template-label-restore");
                o.put("key", t.key());
                t.value().ifPresent(v -> o.put("value", v));
            }
            case VersionDeployment v -> {
                o.put("edit", "version-deployment");
                o.put("application", v.application());
                o.put("container", v.container());
                o.put("image", v.image());
                o.put("version", v.version());
                o.put("versionKey", v.versionKey());
                o.put("name", v.deploymentName());
                o.put("replicas", v.replicas());
                ObjectNode notes = o.putObject("annotations");
                new TreeMap<>(v.annotations()).forEach(notes::put);
                ObjectNode maps = o.putObject("configMaps");
                new TreeMap<>(v.configMaps()).forEach(maps::put);
            }
            default ->
                throw new IllegalArgumentException(
                        "a plan cannot hold the edit " + edit.getClass().getSimpleName());
        }
        return o;
    }

    /**
     * The edit a plan describes.
     *
     * @throws IllegalArgumentException for an unknown {@code edit} kind or a description that lacks a member
     */
    public static ObjectEdit fromJson(JsonNode o) {
        String kind = o.path("edit").asString("");
        return switch (kind) {
            case "istio-weights" ->
                new IstioWeights(istioTable(o), selection(o), o.path("weight").asInt(-1));
            case "gateway-weights" ->
                new GatewayWeights(
                        gatewayTable(o), selection(o), o.path("weight").asInt(-1));
            case "istio-header-route" ->
                new IstioHeaderRoute(
                        text(o, "name"), HeaderMatch.parseAll(o.path("match")), istioTable(o), selection(o));
            case "gateway-header-route" ->
                new GatewayHeaderRoute(
                        text(o, "name"), HeaderMatch.parseAll(o.path("match")), gatewayTable(o), selection(o));
            case "istio-mirror" ->
                new IstioMirror(text(o, "name"), o.path("percentage").asInt(-1), istioTable(o), selection(o));
            case "gateway-mirror" ->
                new GatewayMirror(text(o, "name"), o.path("percentage").asInt(-1), gatewayTable(o), selection(o));
            case "split-end" ->
                new SplitEnd(
                        o.has("stableService") && !o.has("host") && !o.has("namespace")
                                ? gatewayTable(o)
                                : istioTable(o),
                        selection(o),
                        strings(o.path("removeRoutes")));
            case "destination-rule-subsets" -> {
                List<VersionSubset> subsets = new ArrayList<>();
                for (JsonNode s : o.path("subsets")) {
                    subsets.add(new VersionSubset(text(s, "name"), text(s, "versionLabel")));
                }
                yield new DestinationRuleSubsets(host(o), subsets, text(o, "versionKey"));
            }
            case "destination-rule-restore" -> {
                List<DestinationRuleRestore.Saved> saved = new ArrayList<>();
                for (JsonNode s : o.path("subsets")) {
                    saved.add(new DestinationRuleRestore.Saved(
                            text(s, "name"), s.has("subset") ? Optional.of(s.get("subset")) : Optional.empty()));
                }
                yield new DestinationRuleRestore(
                        host(o), saved, o.path("hadSubsets").asBoolean(true));
            }
            case "stable-version-label" -> new StableVersionLabel(text(o, "versionKey"), text(o, "versionLabel"));
            case "template-label-restore" ->
                new TemplateLabelRestore(
                        text(o, "key"),
                        o.path("value").isString() ? Optional.of(o.get("value").asString()) : Optional.empty());
            case "version-deployment" ->
                new VersionDeployment(
                        text(o, "application"),
                        text(o, "container"),
                        text(o, "image"),
                        text(o, "version"),
                        text(o, "versionKey"),
                        Optional.of(text(o, "name")),
                        o.path("replicas").asInt(-1),
                        texts(o.path("annotations")),
                        texts(o.path("configMaps")));
            default ->
                throw new IllegalArgumentException("unknown edit '" + kind + "' (this version knows "
                        + KINDS.stream().sorted().collect(Collectors.joining(", ")) + ")");
        };
    }

    /**
     * The edit in words, as plans show it after the object's name: {@code routes primary → stable 80,
     * canary 20}.
     */
    public static String describe(ObjectEdit edit) {
        return switch (edit) {
            case IstioWeights w ->
                routes(w.routes(), w.backends()) + " → " + stableName(w.backends()) + " " + (100 - w.weight()) + ", "
                        + canaryName(w.backends()) + " " + w.weight();
            case GatewayWeights w ->
                routes(w.rules(), w.backends()) + " → " + w.backends().stableService() + " " + (100 - w.weight()) + ", "
                        + w.backends().canaryService() + " " + w.weight();
            case IstioHeaderRoute h ->
                "route " + h.name() + " (" + matchText(h.match()) + " → " + canaryName(h.backends()) + ") before "
                        + routes(h.routes(), h.backends());
            case GatewayHeaderRoute h ->
                "rule " + h.name() + " (" + matchText(h.match()) + " → "
                        + h.backends().canaryService() + ") before " + routes(h.rules(), h.backends());
            case IstioMirror m ->
                routes(m.routes(), m.backends()) + " mirror " + m.percentage() + "% to " + canaryName(m.backends());
            case GatewayMirror m ->
                routes(m.rules(), m.backends()) + " mirror " + m.percent() + "% to "
                        + m.backends().canaryService();
            case SplitEnd e ->
                routes(e.routes(), e.table()) + " → " + stableName(e.table()) + " only (the split"
                        + (e.ownRoutes().isEmpty() ? "" : ", header route " + String.join(", ", e.ownRoutes()))
                        + " and any mirror to " + canaryName(e.table()) + " removed)";
            case DestinationRuleSubsets d ->
                "subsets "
                        + d.subsets().stream()
                                .map(v -> v.name() + " (" + d.versionKey() + "=" + v.versionLabel() + ")")
                                .collect(Collectors.joining(", "))
                        + "; other subsets and trafficPolicy kept";
            case DestinationRuleRestore r ->
                r.subsets().stream()
                        .map(s -> "subset " + s.name() + (s.subset().isPresent() ? " put back" : " removed"))
                        .collect(Collectors.joining(", "));
            case StableVersionLabel l ->
                "pod template label " + l.versionKey() + "=" + l.versionLabel()
                        + " (adopts it as the stable version; selector unchanged; the pods restart once)";
            case TemplateLabelRestore t ->
                "pod template label " + t.key()
                        + t.value().map(v -> " back to " + v).orElse(" removed");
            case VersionDeployment v ->
                "the team's Deployment with container " + v.container() + " on " + v.image() + ", "
                        + v.versionKey() + "=" + v.version() + ", " + v.replicas() + " replicas"
                        + (v.configMaps().isEmpty()
                                ? ""
                                : ", ConfigMaps "
                                        + new TreeMap<>(v.configMaps())
                                                .entrySet().stream()
                                                        .map(e -> e.getKey() + " → " + e.getValue())
                                                        .collect(Collectors.joining(", ")));
            default ->
                throw new IllegalArgumentException(
                        "a plan cannot hold the edit " + edit.getClass().getSimpleName());
        };
    }

    /** The description of a plan's edit body, or why it cannot be read. */
    public static String describe(JsonNode body) {
        try {
            return describe(fromJson(body));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String routes(RouteSelection routes, RouteTable table) {
        String item = table instanceof GatewayBackends ? "rule" : "route";
        String to = switch (table) {
            case IstioBackends.Subsets s -> s.host().name();
            case IstioBackends.Services v ->
                v.stableService().name() + "/" + v.canaryService().name();
            case GatewayBackends g -> g.stableService() + "/" + g.canaryService();
        };
        return routes.names().isEmpty()
                ? item + "s to " + to
                : item + (routes.names().size() == 1 ? " " : "s ") + String.join(", ", routes.names());
    }

    private static String stableName(RouteTable table) {
        return switch (table) {
            case IstioBackends.Subsets s -> s.stableSubset();
            case IstioBackends.Services v -> v.stableService().name();
            case GatewayBackends g -> g.stableService();
        };
    }

    private static String canaryName(RouteTable table) {
        return switch (table) {
            case IstioBackends.Subsets s -> s.canarySubset();
            case IstioBackends.Services v -> v.canaryService().name();
            case GatewayBackends g -> g.canaryService();
        };
    }

    private static String matchText(List<HeaderMatch> match) {
        return match.stream()
                .map(m -> m.header() + " " + m.kind().key() + " \"" + m.value() + "\"")
                .collect(Collectors.joining(" and "));
    }

    /**
     * The application's two destinations: an Istio subset split as {@code host}, {@code namespace},
     * {@code stable}, {@code canary} (subset names); an Istio host split as {@code namespace},
     * {@code stableService}, {@code canaryService}; Gateway API as {@code stableService}, {@code canaryService}.
     */
    private static void table(ObjectNode o, RouteTable table) {
        switch (table) {
            case IstioBackends.Subsets s -> {
                host(o, s.host());
                o.put("stable", s.stableSubset());
                o.put("canary", s.canarySubset());
            }
            case IstioBackends.Services v -> {
                o.put("namespace", v.stableService().namespace());
                o.put("stableService", v.stableService().name());
                o.put("canaryService", v.canaryService().name());
            }
            case GatewayBackends g -> {
                o.put("stableService", g.stableService());
                o.put("canaryService", g.canaryService());
            }
        }
    }

    private static IstioBackends istioTable(JsonNode o) {
        if (o.has("stableService")) {
            String ns = text(o, "namespace");
            return new IstioBackends.Services(
                    new ServiceHost(text(o, "stableService"), ns), new ServiceHost(text(o, "canaryService"), ns));
        }
        return new IstioBackends.Subsets(host(o), text(o, "stable"), text(o, "canary"));
    }

    private static GatewayBackends gatewayTable(JsonNode o) {
        return new GatewayBackends(text(o, "stableService"), text(o, "canaryService"));
    }

    /** {@code routes} (the managed names; empty: by destination) and {@code own} (the release's own routes). */
    private static void routes(ObjectNode o, RouteSelection selection) {
        ArrayNode routes = o.putArray("routes");
        selection.names().forEach(routes::add);
        if (!selection.own().isEmpty()) {
            ArrayNode own = o.putArray("own");
            selection.own().stream().sorted().forEach(own::add);
        }
    }

    private static RouteSelection selection(JsonNode o) {
        RouteSelection s = o.path("routes").isEmpty()
                ? RouteSelection.byDestination()
                : RouteSelection.named(strings(o.path("routes")));
        for (String own : strings(o.path("own"))) {
            s = s.excluding(own);
        }
        return s;
    }

    private static void headerRoute(
            ObjectNode o, String name, List<HeaderMatch> match, RouteTable table, RouteSelection selection) {
        o.put("name", name);
        ArrayNode items = o.putArray("match");
        for (HeaderMatch m : match) {
            items.addObject().put("header", m.header()).put(m.kind().key(), m.value());
        }
        table(o, table);
        routes(o, selection);
    }

    private static void host(ObjectNode o, ServiceHost host) {
        o.put("host", host.name());
        o.put("namespace", host.namespace());
    }

    private static ServiceHost host(JsonNode o) {
        return new ServiceHost(text(o, "host"), text(o, "namespace"));
    }

    private static String text(JsonNode o, String member) {
        JsonNode v = o.path(member);
        if (!v.isString()) {
            throw new IllegalArgumentException(
                    "edit '" + o.path("edit").asString("") + "' lacks the text member " + member);
        }
        return v.asString();
    }

    private static Map<String, String> texts(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString()));
        return m;
    }

    private static List<String> strings(JsonNode a) {
        List<String> list = new ArrayList<>();
        a.forEach(n -> list.add(n.asString()));
        return list;
    }
}
