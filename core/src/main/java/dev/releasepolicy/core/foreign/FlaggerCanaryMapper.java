package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Flagger {@code Canary} ({@code flagger.app/v1beta1}) as a release (docs/argo-flagger.md has the
 * table). Flagger has no step list: the weights come from {@code stepWeight}/{@code maxWeight} or
 * {@code stepWeights}, and at each weight Flagger waits {@code interval} and checks every metric, so each
 * weight becomes {@code setWeight}, {@code pause: {duration: interval}} and {@code analysis} of all metrics,
 * then the promotion, {@code setWeight: 100}. The built-in {@code request-success-rate} (a percentage of
 * non-5xx requests) becomes {@code errorRate} with {@code max = (100 - min) / 100}; {@code request-duration}
 * (P99, milliseconds) becomes {@code latencyP99} in seconds; other metrics take their MetricTemplate's
 * query. {@code threshold} failed checks roll back: {@code failureLimit = threshold - 1} and automatic rollback
 * on every metric. Webhooks of type pre-rollout, rollout and confirm-promotion become webhook checks in
 * analysis steps before the first weight, at every weight and before the promotion; post-rollout becomes a
 * notification. Stateless.
 */
public final class FlaggerCanaryMapper {

    private static final Set<String> SPEC_KEYS =
            Set.of("targetRef", "service", "analysis", "provider", "progressDeadlineSeconds", "autoscalerRef");
    private static final Set<String> ANALYSIS_KEYS = Set.of(
            "interval", "threshold", "maxWeight", "stepWeight", "stepWeights", "iterations", "metrics", "webhooks");
    private static final Set<String> WEBHOOK_KEYS = Set.of("name", "type", "url", "timeout", "metadata");
    private static final Set<String> METRIC_KEYS = Set.of("name", "templateRef", "thresholdRange", "interval");

    /** Maps one Canary, reading the MetricTemplates and the Deployment it names from {@code set}. */
    public MappedRelease map(Manifest canary, ForeignSet set) {
        Synthesis s = new Synthesis(canary);
        JsonNode spec = canary.tree().path("spec");
        s.identity();
        s.notCheckedKeys(spec, "/spec", "", SPEC_KEYS, canary);
        target(s, canary, spec, set);
        if (spec.has("autoscalerRef")) {
            s.notChecked("autoscalerRef", canary, "/spec/autoscalerRef");
        }
        JsonNode analysis = spec.path("analysis");
        String at = "/spec/analysis";
        if (!analysis.isObject()) {
            s.error(
                    ForeignIds.MISSING,
                    "the Canary has no spec.analysis, so Flagger promotes it without steps or checks",
                    "add spec.analysis with interval, stepWeight, maxWeight and metrics",
                    canary,
                    "/spec");
            s.spec.putObject("strategy").put("type", "Rolling");
            return s.build();
        }
        s.notCheckedKeys(analysis, at, "analysis.", ANALYSIS_KEYS, canary);
        List<String> names = metrics(s, canary, analysis, set);
        Hooks hooks = webhooks(s, canary, analysis);
        List<String> checked = new ArrayList<>(names);
        checked.addAll(hooks.rollout());
        Optional<String> interval = Values.duration(analysis.path("interval"));
        String pause = interval.orElse("60s");
        String pauseAt = analysis.has("interval") ? at + "/interval" : at;
        ObjectNode strategy = s.spec.putObject("strategy");
        s.from("/spec/strategy", canary, at);
        boolean weighted = analysis.has("stepWeight") || analysis.has("stepWeights");
        String provider = spec.path("provider").asString("");
        if (!weighted && (provider.equals("kubernetes") || analysis.has("iterations"))) {
            blueGreen(s, canary, spec, analysis, checked, pause, pauseAt, strategy, hooks);
        } else {
            strategy.put("type", "Canary");
            ObjectNode c = strategy.putObject("canary");
            s.from("/spec/strategy/canary", canary, at);
            routing(s, canary, spec, provider, c);
            ArrayNode steps = c.putArray("steps");
            s.from("/spec/strategy/canary/steps", canary, at);
            gate(s, canary, steps, "/spec/strategy/canary/steps/", hooks.pre(), hooks.preAt());
            List<Integer> weights = new ArrayList<>();
            List<String> weightAt = new ArrayList<>();
            if (analysis.path("stepWeights").isArray()) {
                for (int i = 0; i < analysis.path("stepWeights").size(); i++) {
                    weights.add(analysis.path("stepWeights").get(i).asInt());
                    weightAt.add(at + "/stepWeights/" + i);
                }
            } else if (analysis.path("stepWeight").asInt(0) > 0) {
                int step = analysis.path("stepWeight").asInt();
                int max = analysis.path("maxWeight").asInt(100);
                // As Flagger's scheduler: add stepWeight while the weight is below maxWeight.
                for (int w = step; weights.isEmpty() || weights.get(weights.size() - 1) < max; w += step) {
                    weights.add(Math.min(w, 100));
                    weightAt.add(
                            weights.size() == 1 || !analysis.has("maxWeight") ? at + "/stepWeight" : at + "/maxWeight");
                    if (w >= 100) {
                        break;
                    }
                }
            }
            for (int i = 0; i < weights.size(); i++) {
                String to = "/spec/strategy/canary/steps/" + steps.size();
                s.from(to, canary, weightAt.get(i));
                s.from(to + "/setWeight", canary, weightAt.get(i));
                steps.addObject().put("setWeight", weights.get(i));
                pauseAndAnalysis(s, canary, steps, "/spec/strategy/canary/steps/", checked, pause, pauseAt);
            }
            gate(s, canary, steps, "/spec/strategy/canary/steps/", hooks.confirm(), hooks.confirmAt());
            ArgoRolloutMapper.finalWeight(s, canary, steps, at, "/spec/strategy/canary/steps");
        }
        AnalysisMetrics.automaticRollback(s, names, canary, analysis.has("threshold") ? at + "/threshold" : at);
        return s.build();
    }

    private static void pauseAndAnalysis(
            Synthesis s,
            Manifest canary,
            ArrayNode steps,
            String to,
            List<String> names,
            String pause,
            String pauseAt) {
        s.from(to + steps.size(), canary, pauseAt);
        steps.addObject().putObject("pause").put("duration", pause);
        if (!names.isEmpty()) {
            s.from(to + steps.size(), canary, "/spec/analysis/metrics");
            ArrayNode m = steps.addObject().putObject("analysis").putArray("metrics");
            names.forEach(m::add);
        }
    }

    /** An analysis step of the webhook checks {@code names}, if any (pre-rollout and confirm-promotion gates). */
    private static void gate(Synthesis s, Manifest canary, ArrayNode steps, String to, List<String> names, String at) {
        if (names.isEmpty()) {
            return;
        }
        s.from(to + steps.size(), canary, at);
        s.from(to + steps.size() + "/analysis/metrics", canary, at);
        ArrayNode m = steps.addObject().putObject("analysis").putArray("metrics");
        names.forEach(m::add);
    }

    /**
     * The webhook checks by hook point: pre-rollout (an analysis before the first weight), rollout (in the
     * analysis of every weight), confirm-promotion (an analysis before the promotion), each with the pointer of
     * its first webhook.
     */
    private record Hooks(
            List<String> pre, String preAt, List<String> rollout, List<String> confirm, String confirmAt) {}

    /**
     * Flagger's {@code analysis.webhooks}: pre-rollout, rollout (the default type) and confirm-promotion become
     * {@code webhook} checks ({@code metadata} is the body, as Flagger posts it); post-rollout becomes a
     * notification of Succeeded and RolledBack (it never fails a release, in Flagger neither); rollback,
     * confirm-rollout, confirm-traffic-increase and event are not checked.
     */
    private static Hooks webhooks(Synthesis s, Manifest canary, JsonNode analysis) {
        List<String> pre = new ArrayList<>();
        List<String> rollout = new ArrayList<>();
        List<String> confirm = new ArrayList<>();
        String preAt = "";
        String confirmAt = "";
        JsonNode hooks = analysis.path("webhooks");
        JsonNode threshold = analysis.path("threshold");
        for (int i = 0; i < hooks.size(); i++) {
            JsonNode h = hooks.get(i);
            String at = "/spec/analysis/webhooks/" + i;
            String type = h.path("type").asString("rollout");
            if (type.equals("post-rollout")) {
                postRollout(s, canary, h, at);
                continue;
            }
            if (!type.equals("pre-rollout") && !type.equals("rollout") && !type.equals("confirm-promotion")) {
                s.notChecked("webhook type " + type, canary, at + (h.has("type") ? "/type" : ""));
                continue;
            }
            String name = Values.metricName(h.path("name").asString("webhook" + i));
            if (AnalysisMetrics.indexOf(s, name).isEmpty()) {
                String to =
                        "/spec/monitoring/metrics/" + AnalysisMetrics.metrics(s).size();
                ObjectNode out = AnalysisMetrics.metrics(s).addObject();
                out.put("name", name);
                s.from(to, canary, at);
                s.from(to + "/name", canary, at + "/name");
                ObjectNode w = out.putObject("webhook");
                w.put("url", h.path("url").asString(""));
                s.from(to + "/webhook", canary, at);
                s.from(to + "/webhook/url", canary, at + "/url");
                if (h.path("metadata").isObject()) {
                    w.set("body", h.path("metadata").deepCopy());
                    s.sameShape(to + "/webhook/body", canary, at + "/metadata");
                }
                Optional<String> timeout = Values.duration(h.path("timeout"));
                if (timeout.isPresent()) {
                    w.put("timeout", timeout.get());
                    s.from(to + "/webhook/timeout", canary, at + "/timeout");
                }
                // Flagger counts a failing hook as a failed check, like a metric: threshold of them roll back.
                if (threshold.isIntegralNumber() && threshold.asInt() > 0) {
                    out.put("failureLimit", threshold.asInt() - 1);
                    s.from(to + "/failureLimit", canary, "/spec/analysis/threshold");
                }
                s.notCheckedKeys(h, at, "webhooks.", WEBHOOK_KEYS, canary);
            }
            switch (type) {
                case "pre-rollout" -> {
                    preAt = pre.isEmpty() ? at : preAt;
                    pre.add(name);
                }
                case "confirm-promotion" -> {
                    confirmAt = confirm.isEmpty() ? at : confirmAt;
                    confirm.add(name);
                }
                case "rollout" -> rollout.add(name);
                default -> throw new IllegalStateException("webhook type " + type);
            }
        }
        return new Hooks(pre, preAt, rollout, confirm, confirmAt);
    }

    /** A post-rollout hook is told the outcome: a notification of Succeeded and RolledBack to its URL. */
    private static void postRollout(Synthesis s, Manifest canary, JsonNode h, String at) {
        JsonNode existing = s.spec.path("notifications");
        ArrayNode list = existing.isArray() ? (ArrayNode) existing : s.spec.putArray("notifications");
        if (!existing.isArray()) {
            s.fromIfAbsent("/spec/notifications", canary, at);
        }
        String to = "/spec/notifications/" + list.size();
        ObjectNode n = list.addObject();
        n.put("webhook", h.path("url").asString(""));
        n.putArray("events").add("Succeeded").add("RolledBack");
        s.from(to, canary, at);
        s.from(to + "/webhook", canary, at + "/url");
        s.from(to + "/events", canary, at + "/type");
        if (h.has("metadata")) {
            s.notChecked("post-rollout webhook metadata", canary, at + "/metadata");
        }
        s.notCheckedKeys(h, at, "post-rollout webhooks.", Set.of("name", "type", "url", "metadata"), canary);
    }

    private static void blueGreen(
            Synthesis s,
            Manifest canary,
            JsonNode spec,
            JsonNode analysis,
            List<String> names,
            String pause,
            String pauseAt,
            ObjectNode strategy,
            Hooks hooks) {
        strategy.put("type", "BlueGreen");
        ObjectNode b = strategy.putObject("blueGreen");
        s.from("/spec/strategy/blueGreen", canary, "/spec/analysis");
        b.put("service", serviceName(canary, spec));
        s.from(
                "/spec/strategy/blueGreen/service",
                canary,
                spec.path("service").has("name") ? "/spec/service/name" : "/metadata/name");
        ArrayNode steps = b.putArray("steps");
        gate(s, canary, steps, "/spec/strategy/blueGreen/steps/", hooks.pre(), hooks.preAt());
        int iterations = Math.max(1, analysis.path("iterations").asInt(1));
        for (int i = 0; i < iterations; i++) {
            pauseAndAnalysis(s, canary, steps, "/spec/strategy/blueGreen/steps/", names, pause, pauseAt);
        }
        gate(s, canary, steps, "/spec/strategy/blueGreen/steps/", hooks.confirm(), hooks.confirmAt());
    }

    private static String serviceName(Manifest canary, JsonNode spec) {
        return spec.path("service")
                .path("name")
                .asString(spec.path("targetRef").path("name").asString(canary.name()));
    }

    /** Flagger makes the routing objects: {@code NAME} routes to {@code TARGET-primary} and {@code TARGET-canary}. */
    private static void routing(Synthesis s, Manifest canary, JsonNode spec, String provider, ObjectNode c) {
        String name = serviceName(canary, spec);
        String target = spec.path("targetRef").path("name").asString(canary.name());
        JsonNode service = spec.path("service");
        boolean gateway = provider.startsWith("gatewayapi") || service.has("gatewayRefs");
        boolean istio =
                provider.equals("istio") || provider.isEmpty() && (service.has("gateways") || service.has("hosts"));
        String at = provider.isEmpty() ? "/spec/service" : "/spec/provider";
        if (!gateway && !istio) {
            s.notChecked(
                    provider.isEmpty() ? "traffic routing without spec.provider" : "provider " + provider, canary, at);
            return;
        }
        ObjectNode routing = c.putObject("trafficRouting");
        String to = "/spec/strategy/canary/trafficRouting";
        s.from(to, canary, at);
        ObjectNode r = routing.putObject(gateway ? "gatewayAPI" : "istio");
        String key = gateway ? "httpRoute" : "virtualService";
        r.put(key, name);
        r.put("stableService", target + "-primary");
        r.put("canaryService", target + "-canary");
        s.from(to + "/" + (gateway ? "gatewayAPI" : "istio"), canary, at);
        for (String svc : List.of(key, "stableService", "canaryService")) {
            s.from(to + "/" + (gateway ? "gatewayAPI" : "istio") + "/" + svc, canary, "/spec/targetRef/name");
        }
        for (String k : List.of("match", "mirror", "sessionAffinity")) {
            if (spec.path("analysis").has(k)) {
                s.notChecked("analysis." + k, canary, "/spec/analysis/" + k);
            }
        }
    }

    private static void target(Synthesis s, Manifest canary, JsonNode spec, ForeignSet set) {
        JsonNode ref = spec.path("targetRef");
        String name = ref.path("name").asString("");
        if (!"Deployment".equals(ref.path("kind").asString(""))) {
            s.notChecked("targetRef to a " + ref.path("kind").asString("(no kind)"), canary, "/spec/targetRef");
            unknownImage(s);
            return;
        }
        Optional<Manifest> deployment = set.deployment(name, canary);
        if (deployment.isEmpty()) {
            s.error(
                    ForeignIds.REFERENCE,
                    "targetRef names the Deployment '" + name + "', which is not in the files verified",
                    "pass the folder or file holding Deployment '" + name + "' too (its pod template is checked)",
                    canary,
                    "/spec/targetRef/name");
            unknownImage(s);
            return;
        }
        JsonNode replicas = deployment.get().tree().path("spec").path("replicas");
        if (replicas.isIntegralNumber()) {
            s.spec.put("replicas", replicas.asInt());
            s.from("/spec/replicas", deployment.get(), "/spec/replicas");
        }
        PodTemplates.read(s, deployment.get(), "/spec/template", "/spec/progressDeadlineSeconds");
        PodTemplates.workload(s, deployment.get(), "/spec/targetRef");
    }

    private static void unknownImage(Synthesis s) {
        if (!s.spec.has("version")) {
            s.spec.put("version", "unknown");
        }
        s.spec.put("image", "unknown");
        s.suppress("/spec/image");
        s.suppress("/spec/version");
        s.suppress("/spec/rollback/image");
    }

    private static List<String> metrics(Synthesis s, Manifest canary, JsonNode analysis, ForeignSet set) {
        List<String> names = new ArrayList<>();
        JsonNode metrics = analysis.path("metrics");
        s.fromIfAbsent(
                "/spec/monitoring/metrics",
                canary,
                metrics.isMissingNode() ? "/spec/analysis" : "/spec/analysis/metrics");
        JsonNode threshold = analysis.path("threshold");
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode m = metrics.get(i);
            String at = "/spec/analysis/metrics/" + i;
            String flaggerName = m.path("name").asString("metric" + i);
            JsonNode range = m.path("thresholdRange");
            ObjectNode out = AnalysisMetrics.metrics(s).objectNode();
            String name;
            if (flaggerName.equals("request-success-rate") && !m.has("templateRef")) {
                name = "errorRate";
                out.put("name", name);
                out.put("query", "Flagger built-in request-success-rate: 100 - the percentage of non-5xx requests");
                if (range.path("min").isNumber()) {
                    out.put("max", Math.round((100 - range.path("min").asDouble()) * 1e6) / 1e8);
                }
            } else if (flaggerName.equals("request-duration") && !m.has("templateRef")) {
                name = "latencyP99";
                out.put("name", name);
                out.put("query", "Flagger built-in request-duration: P99 request duration in milliseconds");
                if (range.path("max").isNumber()) {
                    out.put("max", range.path("max").asDouble() / 1000);
                }
            } else {
                name = Values.metricName(flaggerName);
                out.put("name", name);
                Optional<Manifest> template =
                        set.metricTemplate(m.path("templateRef").path("name").asString(""), canary);
                if (template.isEmpty()) {
                    s.error(
                            ForeignIds.REFERENCE,
                            m.has("templateRef")
                                    ? "the metric '" + flaggerName + "' names the MetricTemplate '"
                                            + m.path("templateRef").path("name").asString("")
                                            + "', which is not in the files verified"
                                    : "the metric '" + flaggerName + "' is neither built in nor has a templateRef",
                            "pass the file holding the MetricTemplate too, so its query is checked",
                            canary,
                            m.has("templateRef") ? at + "/templateRef/name" : at + "/name");
                    continue;
                }
                JsonNode t = template.get().tree().path("spec");
                out.put("query", t.path("query").asString("").strip());
                String type = t.path("provider").path("type").asString("");
                String to =
                        "/spec/monitoring/metrics/" + AnalysisMetrics.metrics(s).size();
                s.from(to + "/query", template.get(), "/spec/query");
                if (!type.equals("prometheus")) {
                    s.notChecked("metric provider " + type, template.get(), "/spec/provider/type");
                } else if (!AnalysisMetrics.monitoring(s).has("address")
                        && t.path("provider").path("address").isString()) {
                    AnalysisMetrics.monitoring(s).put("provider", "prometheus");
                    AnalysisMetrics.monitoring(s)
                            .put("address", t.path("provider").path("address").asString());
                    s.from("/spec/monitoring/address", template.get(), "/spec/provider/address");
                    s.from("/spec/monitoring/provider", template.get(), "/spec/provider/type");
                }
                for (String bound : List.of("min", "max")) {
                    if (range.path(bound).isNumber()) {
                        out.set(bound, range.path(bound));
                    }
                }
            }
            if (AnalysisMetrics.indexOf(s, name).isPresent()) {
                names.add(name);
                continue;
            }
            String to = "/spec/monitoring/metrics/" + AnalysisMetrics.metrics(s).size();
            s.from(to, canary, at);
            s.from(to + "/name", canary, at + "/name");
            s.from(to + "/max", canary, at + "/thresholdRange");
            s.from(to + "/min", canary, at + "/thresholdRange");
            Optional<String> interval = Values.duration(m.path("interval"));
            if (interval.isPresent()) {
                out.put("interval", interval.get());
                s.from(to + "/interval", canary, at + "/interval");
            }
            if (threshold.isIntegralNumber() && threshold.asInt() > 0) {
                out.put("failureLimit", threshold.asInt() - 1);
                s.from(to + "/failureLimit", canary, "/spec/analysis/threshold");
            }
            AnalysisMetrics.metrics(s).add(out);
            names.add(name);
            s.notCheckedKeys(m, at, "metrics.", METRIC_KEYS, canary);
        }
        return names;
    }
}
