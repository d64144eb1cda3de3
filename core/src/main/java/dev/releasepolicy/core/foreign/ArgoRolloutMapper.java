package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an Argo Rollouts {@code Rollout} ({@code argoproj.io/v1alpha1}) as a release (docs/argo-flagger.md has
 * the table): canary steps {@code setWeight}, {@code pause} and {@code analysis} (with the metrics of the
 * AnalysisTemplates of the set), Istio and Gateway API traffic routing, blue-green services, the background and
 * post-promotion analyses as automatic rollback, the pod template inline or through {@code workloadRef}, and the
 * {@code releasepolicy.dev/...} annotations. Every other construct is one "not checked" warning. Stateless.
 */
public final class ArgoRolloutMapper {

    private static final String GATEWAY_PLUGIN = "argoproj-labs/gatewayAPI";
    private static final Set<String> SPEC_KEYS = Set.of(
            "replicas",
            "selector",
            "template",
            "workloadRef",
            "strategy",
            "revisionHistoryLimit",
            "minReadySeconds",
            "progressDeadlineSeconds",
            "analysis");
    private static final Set<String> CANARY_KEYS =
            Set.of("steps", "trafficRouting", "canaryService", "stableService", "analysis");
    private static final Set<String> BLUE_GREEN_KEYS = Set.of(
            "activeService",
            "previewService",
            "autoPromotionEnabled",
            "autoPromotionSeconds",
            "scaleDownDelaySeconds",
            "prePromotionAnalysis",
            "postPromotionAnalysis");

    /** Maps one Rollout, reading the templates and the Deployment it names from {@code set}. */
    public MappedRelease map(Manifest rollout, ForeignSet set) {
        Synthesis s = new Synthesis(rollout);
        JsonNode spec = rollout.tree().path("spec");
        s.identity();
        if (spec.path("replicas").isIntegralNumber()) {
            s.spec.put("replicas", spec.path("replicas").asInt());
            s.from("/spec/replicas", rollout, "/spec/replicas");
        }
        workload(s, rollout, spec, set);
        s.notCheckedKeys(spec, "/spec", "", SPEC_KEYS, rollout);
        JsonNode strategy = spec.path("strategy");
        ObjectNode out = s.spec.putObject("strategy");
        s.from("/spec/strategy", rollout, "/spec/strategy");
        if (strategy.path("canary").isObject()) {
            canary(s, rollout, strategy.path("canary"), out, set);
        } else if (strategy.path("blueGreen").isObject()) {
            blueGreen(s, rollout, strategy.path("blueGreen"), out, set);
        } else {
            s.error(
                    ForeignIds.MISSING,
                    "the Rollout has neither spec.strategy.canary nor spec.strategy.blueGreen",
                    "add a canary strategy with steps, or a blueGreen strategy with activeService",
                    rollout,
                    strategy.isMissingNode() ? "/spec" : "/spec/strategy");
            out.put("type", "Rolling");
        }
        return s.build();
    }

    private static void workload(Synthesis s, Manifest rollout, JsonNode spec, ForeignSet set) {
        if (spec.path("template").isObject()) {
            PodTemplates.read(s, rollout, "/spec/template", "/spec/progressDeadlineSeconds");
            return;
        }
        JsonNode ref = spec.path("workloadRef");
        if (!ref.isObject()) {
            s.error(
                    ForeignIds.MISSING,
                    "the Rollout has neither spec.template nor spec.workloadRef, so the release has no image",
                    "add spec.workloadRef naming the Deployment (kind: Deployment, apiVersion: apps/v1)",
                    rollout,
                    "/spec");
            suppressWorkload(s);
            return;
        }
        String name = ref.path("name").asString("");
        if (!"Deployment".equals(ref.path("kind").asString("Deployment"))) {
            s.notChecked("workloadRef to a " + ref.path("kind").asString(), rollout, "/spec/workloadRef/kind");
            suppressWorkload(s);
            return;
        }
        Optional<Manifest> deployment = set.deployment(name, rollout);
        if (deployment.isEmpty()) {
            s.error(
                    ForeignIds.REFERENCE,
                    "workloadRef names the Deployment '" + name + "', which is not in the files verified",
                    "pass the folder or file holding Deployment '" + name + "' too (its pod template is checked)",
                    rollout,
                    "/spec/workloadRef/name");
            suppressWorkload(s);
            return;
        }
        PodTemplates.read(s, deployment.get(), "/spec/template", "/spec/progressDeadlineSeconds");
        PodTemplates.workload(s, deployment.get(), "/spec/workloadRef");
        s.notCheckedKeys(ref, "/spec/workloadRef", "workloadRef.", Set.of("apiVersion", "kind", "name"), rollout);
    }

    /** Without a pod template the image and version are unknown: say so once, not once per policy. */
    private static void suppressWorkload(Synthesis s) {
        if (!s.spec.has("version")) {
            s.spec.put("version", "unknown");
        }
        s.spec.put("image", "unknown");
        s.suppress("/spec/image");
        s.suppress("/spec/version");
        s.suppress("/spec/rollback/image");
    }

    private static void canary(Synthesis s, Manifest rollout, JsonNode canary, ObjectNode out, ForeignSet set) {
        String at = "/spec/strategy/canary";
        out.put("type", "Canary");
        s.from("/spec/strategy/type", rollout, at);
        ObjectNode c = out.putObject("canary");
        s.from("/spec/strategy/canary", rollout, at);
        s.notCheckedKeys(canary, at, "canary.", CANARY_KEYS, rollout);
        if (canary.path("trafficRouting").isObject()) {
            trafficRouting(s, rollout, canary, c, at);
        } else {
            for (String service : List.of("canaryService", "stableService")) {
                if (canary.has(service)) {
                    s.notChecked("canary." + service + " without trafficRouting", rollout, at + "/" + service);
                }
            }
        }
        ArrayNode steps = c.putArray("steps");
        s.from("/spec/strategy/canary/steps", rollout, canary.has("steps") ? at + "/steps" : at);
        steps(s, rollout, canary.path("steps"), at + "/steps", steps, "/spec/strategy/canary/steps", set);
        finalWeight(s, rollout, steps, canary.has("steps") ? at + "/steps" : at, "/spec/strategy/canary/steps");
        if (canary.path("analysis").isObject()) {
            List<String> names = templates(s, rollout, canary.path("analysis"), at + "/analysis", set);
            AnalysisMetrics.automaticRollback(s, names, rollout, at + "/analysis");
        }
    }

    private static void trafficRouting(Synthesis s, Manifest rollout, JsonNode canary, ObjectNode c, String at) {
        JsonNode tr = canary.path("trafficRouting");
        String trAt = at + "/trafficRouting";
        ObjectNode routing = c.putObject("trafficRouting");
        s.from("/spec/strategy/canary/trafficRouting", rollout, trAt);
        String to = "/spec/strategy/canary/trafficRouting";
        boolean mapped = false;
        for (String key : tr.propertyNames()) {
            String keyAt = trAt + "/" + key;
            if (key.equals("istio") && !mapped) {
                mapped = istio(s, rollout, canary, tr.path("istio"), keyAt, routing, to, at);
            } else if (key.equals("plugins") && tr.path("plugins").has(GATEWAY_PLUGIN) && !mapped) {
                JsonNode g = tr.path("plugins").path(GATEWAY_PLUGIN);
                String gAt = keyAt + "/" + dev.releasepolicy.core.manifest.SourceMap.escape(GATEWAY_PLUGIN);
                ObjectNode gw = routing.putObject("gatewayAPI");
                s.from(to + "/gatewayAPI", rollout, gAt);
                String route = g.path("httpRoute").isString()
                        ? g.path("httpRoute").asString()
                        : g.path("httpRoutes").path(0).path("name").asString("");
                gw.put("httpRoute", route);
                s.from(
                        to + "/gatewayAPI/httpRoute",
                        rollout,
                        gAt + (g.has("httpRoute") ? "/httpRoute" : "/httpRoutes"));
                service(s, rollout, canary, gw, "stableService", at, to + "/gatewayAPI");
                service(s, rollout, canary, gw, "canaryService", at, to + "/gatewayAPI");
                mapped = true;
                s.notCheckedKeys(tr.path("plugins"), keyAt, "trafficRouting.plugins.", Set.of(GATEWAY_PLUGIN), rollout);
            } else {
                s.notChecked("trafficRouting." + key, rollout, keyAt);
            }
        }
        if (!mapped) {
            c.remove("trafficRouting");
        }
    }

    private static boolean istio(
            Synthesis s,
            Manifest rollout,
            JsonNode canary,
            JsonNode istio,
            String at,
            ObjectNode routing,
            String to,
            String canaryAt) {
        JsonNode vs = istio.path("virtualService");
        String vsAt = at + "/virtualService";
        if (!vs.isObject() && istio.path("virtualServices").isArray()) {
            vs = istio.path("virtualServices").path(0);
            vsAt = at + "/virtualServices/0";
            if (istio.path("virtualServices").size() > 1) {
                s.notChecked("istio.virtualServices beyond the first", rollout, at + "/virtualServices/1");
            }
        }
        if (!vs.path("name").isString()) {
            s.notChecked("istio without a virtualService", rollout, at);
            return false;
        }
        ObjectNode out = routing.putObject("istio");
        String outAt = to + "/istio";
        s.from(outAt, rollout, at);
        // "name.namespace" names a VirtualService of another namespace; the release reads it in its own.
        out.put("virtualService", vs.path("name").asString());
        s.from(outAt + "/virtualService", rollout, vsAt + "/name");
        if (vs.path("routes").isArray() && !vs.path("routes").isEmpty()) {
            out.set("routes", vs.path("routes").deepCopy());
            s.sameShape(outAt + "/routes", rollout, vsAt + "/routes");
        }
        if (vs.has("tlsRoutes") || vs.has("tcpRoutes")) {
            s.notChecked("istio tlsRoutes/tcpRoutes", rollout, vsAt);
        }
        JsonNode dr = istio.path("destinationRule");
        if (dr.path("name").isString()) {
            out.put("destinationRule", dr.path("name").asString());
            s.from(outAt + "/destinationRule", rollout, at + "/destinationRule/name");
        } else {
            service(s, rollout, canary, out, "stableService", canaryAt, outAt);
            service(s, rollout, canary, out, "canaryService", canaryAt, outAt);
        }
        return true;
    }

    private static void service(
            Synthesis s, Manifest rollout, JsonNode canary, ObjectNode out, String key, String canaryAt, String to) {
        if (canary.path(key).isString()) {
            out.put(key, canary.path(key).asString());
            s.from(to + "/" + key, rollout, canaryAt + "/" + key);
        }
    }

    /** Maps Argo steps; the release's step index may differ from the Rollout's when a step is not read. */
    private static void steps(
            Synthesis s, Manifest rollout, JsonNode steps, String at, ArrayNode out, String to, ForeignSet set) {
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            String stepAt = at + "/" + i;
            String stepTo = to + "/" + out.size();
            if (step.path("setWeight").isIntegralNumber()) {
                out.addObject().put("setWeight", step.path("setWeight").asInt());
                s.sameShape(stepTo, rollout, stepAt);
            } else if (step.has("pause")) {
                JsonNode pause = step.path("pause");
                ObjectNode p = out.addObject().putObject("pause");
                s.from(stepTo, rollout, stepAt);
                s.from(stepTo + "/pause", rollout, stepAt + "/pause");
                if (pause.has("duration")) {
                    Optional<String> d = Values.duration(pause.path("duration"));
                    if (d.isPresent()) {
                        p.put("duration", d.get());
                        s.from(stepTo + "/pause/duration", rollout, stepAt + "/pause/duration");
                    } else {
                        s.notChecked(
                                "pause duration '" + pause.path("duration").asString("") + "'",
                                rollout,
                                stepAt + "/pause/duration");
                    }
                }
            } else if (step.path("analysis").isObject()) {
                List<String> names = templates(s, rollout, step.path("analysis"), stepAt + "/analysis", set);
                if (names.isEmpty()) {
                    continue;
                }
                ObjectNode analysis = out.addObject().putObject("analysis");
                ArrayNode metrics = analysis.putArray("metrics");
                names.forEach(metrics::add);
                s.from(stepTo, rollout, stepAt);
                s.from(stepTo + "/analysis", rollout, stepAt + "/analysis");
                s.from(stepTo + "/analysis/metrics", rollout, stepAt + "/analysis/templates");
            } else {
                String construct = step.propertyNames().stream().findFirst().orElse("empty step");
                s.notChecked(construct, rollout, stepAt + (step.has(construct) ? "/" + construct : ""));
            }
        }
    }

    /** Argo promotes to 100% after the last step: the release says so with a last {@code setWeight: 100}. */
    static void finalWeight(Synthesis s, Manifest doc, ArrayNode steps, String at, String to) {
        int last = 0;
        for (JsonNode step : steps) {
            if (step.has("setWeight")) {
                last = step.path("setWeight").asInt();
            }
        }
        if (last < 100) {
            s.from(to + "/" + steps.size(), doc, at);
            steps.addObject().put("setWeight", 100);
        }
    }

    /** The metric names of an analysis's templates; each template not in the set is an error. */
    private static List<String> templates(Synthesis s, Manifest rollout, JsonNode analysis, String at, ForeignSet set) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode templates = analysis.path("templates");
        // "No error-rate metric" and other findings about the metric list point at the first analysis.
        s.fromIfAbsent("/spec/monitoring/metrics", rollout, at + "/templates");
        for (int t = 0; t < templates.size(); t++) {
            JsonNode ref = templates.get(t);
            String name = ref.path("templateName").asString("");
            boolean cluster = ref.path("clusterScope").asBoolean(false);
            Optional<Manifest> template = set.analysisTemplate(name, cluster, rollout);
            if (template.isEmpty()) {
                String kind = cluster ? "ClusterAnalysisTemplate" : "AnalysisTemplate";
                s.error(
                        ForeignIds.REFERENCE,
                        "the analysis names the " + kind + " '" + name + "', which is not in the files verified",
                        "pass the file holding " + kind + " '" + name + "' too, so its metrics are checked",
                        rollout,
                        at + "/templates/" + t + "/templateName");
                continue;
            }
            Map<String, String> args = args(s, rollout, analysis, at, template.get(), at + "/templates/" + t);
            names.addAll(AnalysisMetrics.fromArgoTemplate(s, template.get(), args));
        }
        s.notCheckedKeys(analysis, at, "analysis.", Set.of("templates", "args"), rollout);
        return new ArrayList<>(names);
    }

    /**
     * The argument values for one template of an analysis: the template's {@code spec.args[].value} defaults,
     * then the analysis's {@code args[].value} (Argo passes an analysis's args to all its templates). An
     * argument the template declares or its metrics use, with neither, is an error at the template reference;
     * one from {@code valueFrom} is not substituted (not checked).
     */
    private static Map<String, String> args(
            Synthesis s, Manifest rollout, JsonNode analysis, String at, Manifest template, String refAt) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unresolved = new LinkedHashSet<>();
        JsonNode declared = template.tree().path("spec").path("args");
        for (int i = 0; i < declared.size(); i++) {
            JsonNode a = declared.get(i);
            String name = a.path("name").asString("");
            if (a.path("value").isString() || a.path("value").isNumber()) {
                values.put(name, a.path("value").asString());
            } else if (a.has("valueFrom")) {
                s.notChecked("template args valueFrom", template, "/spec/args/" + i + "/valueFrom");
                unresolved.add(name);
            }
        }
        JsonNode passed = analysis.path("args");
        for (int i = 0; i < passed.size(); i++) {
            JsonNode a = passed.get(i);
            String name = a.path("name").asString("");
            if (a.path("value").isString() || a.path("value").isNumber()) {
                values.put(name, a.path("value").asString());
            } else {
                s.notChecked("analysis args valueFrom", rollout, at + "/args/" + i);
                unresolved.add(name);
            }
        }
        Set<String> needed = new LinkedHashSet<>();
        declared.forEach(a -> needed.add(a.path("name").asString("")));
        Values.placeholders(template.tree().path("spec").path("metrics"), needed);
        for (String name : needed) {
            if (!values.containsKey(name) && !unresolved.contains(name)) {
                s.error(
                        ForeignIds.ARGS,
                        "the AnalysisTemplate '" + template.name() + "' needs the argument '" + name
                                + "', which this analysis does not pass and the template gives no value for",
                        "add {name: " + name + ", value: ...} to this analysis's args",
                        rollout,
                        refAt + "/templateName");
            }
        }
        return values;
    }

    private static void blueGreen(Synthesis s, Manifest rollout, JsonNode bg, ObjectNode out, ForeignSet set) {
        String at = "/spec/strategy/blueGreen";
        String to = "/spec/strategy/blueGreen";
        out.put("type", "BlueGreen");
        s.from("/spec/strategy/type", rollout, at);
        ObjectNode b = out.putObject("blueGreen");
        s.from(to, rollout, at);
        s.notCheckedKeys(bg, at, "blueGreen.", BLUE_GREEN_KEYS, rollout);
        b.put("service", bg.path("activeService").asString(""));
        s.from(to + "/service", rollout, at + "/activeService");
        if (bg.path("previewService").isString()) {
            b.put("previewService", bg.path("previewService").asString());
            s.from(to + "/previewService", rollout, at + "/previewService");
        }
        if (bg.path("scaleDownDelaySeconds").isIntegralNumber()) {
            b.put("keepPrevious", bg.path("scaleDownDelaySeconds").asLong() + "s");
            s.from(to + "/keepPrevious", rollout, at + "/scaleDownDelaySeconds");
        }
        ArrayNode steps = b.putArray("steps");
        if (bg.path("prePromotionAnalysis").isObject()) {
            List<String> names =
                    templates(s, rollout, bg.path("prePromotionAnalysis"), at + "/prePromotionAnalysis", set);
            if (!names.isEmpty()) {
                s.from(to + "/steps/" + steps.size(), rollout, at + "/prePromotionAnalysis");
                ArrayNode metrics = steps.addObject().putObject("analysis").putArray("metrics");
                names.forEach(metrics::add);
            }
        }
        if (!bg.path("autoPromotionEnabled").asBoolean(true)) {
            s.from(to + "/steps/" + steps.size(), rollout, at + "/autoPromotionEnabled");
            steps.addObject().putObject("pause");
        } else if (bg.path("autoPromotionSeconds").isIntegralNumber()) {
            s.from(to + "/steps/" + steps.size(), rollout, at + "/autoPromotionSeconds");
            steps.addObject()
                    .putObject("pause")
                    .put("duration", bg.path("autoPromotionSeconds").asLong() + "s");
        }
        if (steps.isEmpty()) {
            b.remove("steps");
        }
        if (bg.path("postPromotionAnalysis").isObject()) {
            List<String> names =
                    templates(s, rollout, bg.path("postPromotionAnalysis"), at + "/postPromotionAnalysis", set);
            AnalysisMetrics.automaticRollback(s, names, rollout, at + "/postPromotionAnalysis");
        }
    }
}
