package dev.releasepolicy.core.spec;

import dev.releasepolicy.core.routing.HeaderMatch;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Reads a manifest tree into a {@link ReleaseSpec}: the one place where the manifest's defaults live
 * (namespace {@code default}, one replica, {@code maxSurge 25%}, {@code maxUnavailable 0}, the routes
 * to the application's host, Istio objects and the blue-green Service named after the application, and the
 * subset names of each strategy).
 *
 * <p>Expects a tree that passed the schema; a missing required value or an unknown kind is an
 * {@link IllegalArgumentException} naming its place, never a silent default.
 */
final class SpecReader {

    private static final String DEFAULT_NAMESPACE = "default";
    private static final int DEFAULT_REPLICAS = 1;
    private static final IntOrPercent DEFAULT_MAX_SURGE = IntOrPercent.percent("25%");
    private static final IntOrPercent DEFAULT_MAX_UNAVAILABLE = IntOrPercent.pods(0);
    private static final Subsets BLUE_GREEN_SUBSETS = new Subsets("blue", "green");
    private static final Subsets CANARY_SUBSETS = new Subsets("stable", "canary");
    private static final String DEFAULT_WEB_METHOD = "GET";

    private SpecReader() {}

    static ReleaseSpec read(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        String at = "spec";
        String app = text(spec, "application", at);
        return new ReleaseSpec(
                app,
                optionalText(spec, "namespace").orElse(DEFAULT_NAMESPACE),
                text(spec, "version", at),
                text(spec, "image", at),
                spec.has("replicas") ? integer(spec, "replicas", at) : DEFAULT_REPLICAS,
                strings(spec.path("configMaps")),
                strategy(spec, app),
                section(spec, at, "healthCheck", SpecReader::healthCheck),
                section(spec, at, "window", SpecReader::window),
                section(spec, at, "rollback", SpecReader::rollback).orElse(RollbackSpec.NONE),
                section(spec, at, "monitoring", SpecReader::monitoring).orElse(MonitoringSpec.NONE),
                section(spec, at, "dataCompatibility", SpecReader::dataCompatibility)
                        .orElse(DataCompatibility.NONE),
                checklist(spec.path("checklist")),
                section(spec, at, "approvals", SpecReader::approvals).orElse(Approvals.NONE),
                list(spec.path("notifications"), "spec.notifications", SpecReader::notification));
    }

    // ---- strategy ----------------------------------------------------------------------------

    private static StrategySpec strategy(JsonNode spec, String app) {
        JsonNode s = spec.path("strategy");
        String type = text(s, "type", "spec.strategy");
        return switch (type) {
            case "BlueGreen" -> {
                JsonNode bg = s.path("blueGreen");
                String at = "spec.strategy.blueGreen";
                yield new StrategySpec.BlueGreen(
                        optionalText(bg, "service").orElse(app),
                        trafficRouting(bg, app, at),
                        steps(bg.path("steps"), at + ".steps"),
                        optionalText(bg, "keepPrevious").map(WrittenDuration::parse),
                        BLUE_GREEN_SUBSETS,
                        optionalText(bg, "previewService"),
                        postPromotionAnalysis(bg));
            }
            case "Canary" -> {
                JsonNode c = s.path("canary");
                String at = "spec.strategy.canary";
                yield new StrategySpec.Canary(
                        trafficRouting(c, app, at),
                        steps(c.path("steps"), at + ".steps"),
                        CANARY_SUBSETS,
                        postPromotionAnalysis(c));
            }
            case "Rolling" -> {
                JsonNode r = s.path("rolling");
                String at = "spec.strategy.rolling";
                yield new StrategySpec.Rolling(
                        r.has("maxSurge") ? intOrPercent(r.get("maxSurge"), at + ".maxSurge") : DEFAULT_MAX_SURGE,
                        r.has("maxUnavailable")
                                ? intOrPercent(r.get("maxUnavailable"), at + ".maxUnavailable")
                                : DEFAULT_MAX_UNAVAILABLE);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown strategy type '" + type + "' at spec.strategy.type: use BlueGreen, Canary or Rolling");
        };
    }

    private static Optional<TrafficRouting> trafficRouting(JsonNode settings, String app, String at) {
        JsonNode routing = settings.path("trafficRouting");
        JsonNode istio = routing.path("istio");
        if (istio.isObject()) {
            String virtualService = optionalText(istio, "virtualService").orElse(app);
            List<String> routes = strings(istio.path("routes"));
            if (istio.has("stableService") || istio.has("canaryService")) {
                String where = at + ".trafficRouting.istio";
                return Optional.of(new TrafficRouting.IstioHosts(
                        virtualService,
                        routes,
                        text(istio, "stableService", where),
                        text(istio, "canaryService", where)));
            }
            return Optional.of(new TrafficRouting.Istio(
                    virtualService, optionalText(istio, "destinationRule").orElse(app), routes));
        }
        JsonNode gateway = routing.path("gatewayAPI");
        if (gateway.isObject()) {
            String where = at + ".trafficRouting.gatewayAPI";
            return Optional.of(new TrafficRouting.GatewayApi(
                    text(gateway, "httpRoute", where),
                    strings(gateway.path("rules")),
                    text(gateway, "stableService", where),
                    text(gateway, "canaryService", where)));
        }
        return Optional.empty();
    }

    private static List<StepSpec> steps(JsonNode steps, String at) {
        return list(steps, at, SpecReader::step);
    }

    /** {@code postPromotionAnalysis} of a canary or a blue-green release; empty when not written. */
    private static Optional<StepSpec.Analysis> postPromotionAnalysis(JsonNode settings) {
        JsonNode a = settings.path("postPromotionAnalysis");
        return a.isObject() ? Optional.of(analysis(a)) : Optional.empty();
    }

    private static StepSpec.Analysis analysis(JsonNode a) {
        return new StepSpec.Analysis(
                strings(a.path("metrics")), optionalText(a, "duration").map(WrittenDuration::parse));
    }

    private static StepSpec step(JsonNode s, String at) {
        if (s.has("setWeight")) {
            return new StepSpec.SetWeight(integer(s, "setWeight", at));
        }
        if (s.has("pause")) {
            return new StepSpec.Pause(optionalText(s.get("pause"), "duration").map(WrittenDuration::parse));
        }
        if (s.has("analysis")) {
            return analysis(s.get("analysis"));
        }
        if (s.has("setHeaderRoute")) {
            JsonNode h = s.get("setHeaderRoute");
            return new StepSpec.SetHeaderRoute(
                    text(h, "name", at + ".setHeaderRoute"), HeaderMatch.parseAll(h.path("match")));
        }
        if (s.has("setMirrorRoute")) {
            JsonNode m = s.get("setMirrorRoute");
            String where = at + ".setMirrorRoute";
            return new StepSpec.SetMirrorRoute(text(m, "name", where), integer(m, "percentage", where));
        }
        throw new IllegalArgumentException("unknown step " + s + " at " + at
                + ": a step is one of setWeight, pause, analysis, setHeaderRoute or setMirrorRoute");
    }

    private static IntOrPercent intOrPercent(JsonNode n, String at) {
        if (n.isIntegralNumber()) {
            return IntOrPercent.pods(n.asLong());
        }
        if (n.isString() && n.asString().endsWith("%")) {
            return IntOrPercent.percent(n.asString());
        }
        throw new IllegalArgumentException(
                at + " is " + n + ": write a number of pods or a percentage such as \"25%\"");
    }

    // ---- sections ----------------------------------------------------------------------------

    private static HealthCheck healthCheck(JsonNode hc, String at) {
        return new HealthCheck(
                text(hc, "path", at),
                integer(hc, "port", at),
                WrittenDuration.parse(text(hc, "timeout", at)),
                optionalText(hc, "initialDelay").map(WrittenDuration::parse));
    }

    private static WindowSpec window(JsonNode w, String at) {
        return new WindowSpec(
                text(w, "timezone", at),
                list(
                        w.path("allow"),
                        at + ".allow",
                        (a, where) -> new WindowSpec.Allow(
                                strings(a.path("days")).stream()
                                        .map(SpecReader::day)
                                        .toList(),
                                LocalTime.parse(text(a, "from", where)),
                                LocalTime.parse(text(a, "to", where)))),
                list(
                        w.path("deny"),
                        at + ".deny",
                        (d, where) -> new WindowSpec.Deny(
                                text(d, "from", where), text(d, "to", where), optionalText(d, "reason"))),
                w);
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(abbreviation)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + abbreviation + "' in spec.window.allow: use Mon to Sun");
    }

    private static RollbackSpec rollback(JsonNode rb, String at) {
        return new RollbackSpec(
                optionalText(rb, "to"),
                optionalText(rb, "image"),
                strings(rb.path("configMaps")),
                section(
                        rb,
                        at,
                        "rehearsed",
                        (r, where) -> new RollbackSpec.Rehearsal(text(r, "environment", where), text(r, "at", where))),
                list(
                        rb.path("automatic"),
                        at + ".automatic",
                        (t, where) -> new RollbackSpec.Trigger(
                                text(t, "metric", where),
                                number(t, "above"),
                                number(t, "below"),
                                optionalText(t, "for").map(WrittenDuration::parse))),
                strings(rb.path("afterRollback").path("metrics")));
    }

    private static MonitoringSpec monitoring(JsonNode m, String at) {
        return new MonitoringSpec(
                optionalText(m, "provider"),
                optionalText(m, "address"),
                list(m.path("metrics"), at + ".metrics", SpecReader::metric),
                strings(m.path("dashboards")),
                strings(m.path("alerts")));
    }

    private static MonitoringSpec.Metric metric(JsonNode x, String where) {
        return new MonitoringSpec.Metric(
                text(x, "name", where),
                check(x, where),
                number(x, "max"),
                number(x, "min"),
                number(x, "above"),
                number(x, "below"),
                optionalText(x, "interval").map(WrittenDuration::parse),
                optionalInteger(x, "count", where),
                optionalInteger(x, "failureLimit", where),
                optionalInteger(x, "inconclusiveLimit", where),
                optionalInteger(x, "consecutiveErrorLimit", where),
                optionalText(x, "initialDelay").map(WrittenDuration::parse),
                bool(x, "dryRun").orElse(false));
    }

    /** The one kind of check a metric has; the schema guarantees exactly one. */
    private static Check check(JsonNode x, String at) {
        if (x.has("query")) {
            return new Check.Query(text(x, "query", at));
        }
        if (x.has("web")) {
            JsonNode w = x.get("web");
            String where = at + ".web";
            return new Check.Web(
                    text(w, "url", where),
                    optionalText(w, "method").orElse(DEFAULT_WEB_METHOD),
                    stringMap(w.path("headers")),
                    body(w),
                    text(w, "jsonPath", where),
                    optionalText(w, "timeout").map(WrittenDuration::parse));
        }
        if (x.has("job")) {
            JsonNode j = x.get("job");
            Map<String, String> env = stringMap(j.path("env"));
            return new Check.Job(
                    text(j, "image", at + ".job"),
                    strings(j.path("command")),
                    strings(j.path("args")),
                    env,
                    optionalText(j, "timeout").map(WrittenDuration::parse));
        }
        if (x.has("webhook")) {
            JsonNode h = x.get("webhook");
            return new Check.Webhook(
                    text(h, "url", at + ".webhook"),
                    stringMap(h.path("headers")),
                    body(h),
                    optionalText(h, "timeout").map(WrittenDuration::parse));
        }
        throw new IllegalArgumentException(
                at + " has no check: the schema requires exactly one of query, web, job or webhook");
    }

    private static Optional<JsonNode> body(JsonNode check) {
        JsonNode b = check.path("body");
        return b.isMissingNode() || b.isNull() ? Optional.empty() : Optional.of(b);
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            map.put(e.getKey(), e.getValue().asString());
        }
        return map;
    }

    private static Optional<Integer> optionalInteger(JsonNode parent, String field, String at) {
        return parent.has(field) ? Optional.of(integer(parent, field, at)) : Optional.empty();
    }

    private static DataCompatibility dataCompatibility(JsonNode d, String at) {
        return new DataCompatibility(
                bool(d, "schemaChanges"),
                bool(d, "backwardCompatible"),
                bool(d, "forwardCompatible"),
                list(
                        d.path("migrations"),
                        at + ".migrations",
                        (m, where) -> new DataCompatibility.Migration(
                                text(m, "id", where),
                                bool(m, "reversible").orElse(false),
                                optionalText(m, "down"),
                                optionalText(m, "image"))),
                optionalText(d, "rollbackStrategy"));
    }

    private static Map<String, Boolean> checklist(JsonNode c) {
        Map<String, Boolean> items = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : c.properties()) {
            if (!e.getValue().isBoolean()) {
                throw new IllegalArgumentException(
                        "spec.checklist." + e.getKey() + " is " + e.getValue() + ": the schema requires true or false");
            }
            items.put(e.getKey(), e.getValue().asBoolean());
        }
        return items;
    }

    private static Approvals approvals(JsonNode a, String at) {
        return new Approvals(a.has("required") ? integer(a, "required", at) : 0, strings(a.path("approvers")));
    }

    private static Notification notification(JsonNode n, String at) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.path("headers").properties()) {
            headers.put(e.getKey(), e.getValue().asString());
        }
        return new Notification(
                text(n, "webhook", at),
                strings(n.path("events")),
                headers,
                optionalText(n, "format").map(NotificationFormat::parse).orElse(NotificationFormat.GENERIC),
                optionalText(n, "secret"));
    }

    // ---- values ------------------------------------------------------------------------------

    /** A section that is an object when written; {@code at} names its parent in errors. */
    private static <T> Optional<T> section(
            JsonNode parent, String at, String field, BiFunction<JsonNode, String, T> read) {
        JsonNode n = parent.path(field);
        return n.isObject() ? Optional.of(read.apply(n, at + "." + field)) : Optional.empty();
    }

    private static <T> List<T> list(JsonNode array, String at, BiFunction<JsonNode, String, T> read) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(read.apply(array.get(i), at + "[" + i + "]"));
        }
        return items;
    }

    private static String text(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isString()) {
            throw new IllegalArgumentException(at + "." + field + " is " + (n.isMissingNode() ? "missing" : n)
                    + ": the schema requires it as text");
        }
        return n.asString();
    }

    private static Optional<String> optionalText(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isString() && !n.asString().isEmpty() ? Optional.of(n.asString()) : Optional.empty();
    }

    private static int integer(JsonNode parent, String field, String at) {
        JsonNode n = parent.path(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(at + "." + field + " is " + (n.isMissingNode() ? "missing" : n)
                    + ": the schema requires a whole number");
        }
        return n.asInt();
    }

    private static Optional<WrittenNumber> number(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() ? Optional.of(new WrittenNumber(n.decimalValue(), n.isIntegralNumber())) : Optional.empty();
    }

    private static Optional<Boolean> bool(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isBoolean() ? Optional.of(n.asBoolean()) : Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asString()));
        return List.copyOf(list);
    }
}
