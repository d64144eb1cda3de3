package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Argo Rollouts' {@code web} and {@code job} metric providers as the release's {@code web} and {@code job} checks
 * (docs/argo-flagger.md). Each answers whether it could map the provider; when it cannot (a method or a JSON path
 * the release model does not have), it says "not checked" and the caller keeps the metric as a placeholder.
 */
final class ArgoChecks {

    /** The release manifest's jsonPath: {@code $}, then {@code .field}, {@code [index]} or {@code ['name']}. */
    private static final Pattern JSON_PATH =
            Pattern.compile("^\\$(\\.[A-Za-z_][A-Za-z0-9_-]*|\\[[0-9]+\\]|\\['[^']+'\\])*$");

    private static final Set<String> WEB_KEYS =
            Set.of("url", "method", "headers", "body", "jsonBody", "jsonPath", "timeoutSeconds");
    private static final Set<String> CONTAINER_KEYS = Set.of("name", "image", "command", "args", "env");

    private ArgoChecks() {}

    static boolean web(Synthesis s, Manifest template, JsonNode web, String metricAt, ObjectNode out, String to) {
        String at = metricAt + "/provider/web";
        String method = web.path("method").asString("GET").toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            s.notChecked("web method " + method, template, at + "/method");
            return false;
        }
        String path = web.path("jsonPath").asString("").strip();
        // Argo writes a kubectl JSONPath in braces: {$.data.ok}.
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).strip();
        }
        if (!JSON_PATH.matcher(path).matches()) {
            s.notChecked("web jsonPath '" + web.path("jsonPath").asString("") + "'", template, at + "/jsonPath");
            return false;
        }
        ObjectNode w = out.putObject("web");
        s.from(to + "/web", template, at);
        w.put("url", web.path("url").asString(""));
        s.from(to + "/web/url", template, at + "/url");
        if (web.has("method")) {
            w.put("method", method);
            s.from(to + "/web/method", template, at + "/method");
        }
        JsonNode headers = web.path("headers");
        if (headers.isArray() && !headers.isEmpty()) {
            ObjectNode h = w.putObject("headers");
            s.from(to + "/web/headers", template, at + "/headers");
            for (int i = 0; i < headers.size(); i++) {
                String key = headers.get(i).path("key").asString("");
                h.put(key, headers.get(i).path("value").asString(""));
                s.from(
                        to + "/web/headers/" + dev.releasepolicy.core.manifest.SourceMap.escape(key),
                        template,
                        at + "/headers/" + i + "/value");
            }
        }
        if (web.has("jsonBody")) {
            w.set("body", web.path("jsonBody").deepCopy());
            s.sameShape(to + "/web/body", template, at + "/jsonBody");
        } else if (web.path("body").isString()) {
            w.set("body", json(web.path("body").asString()));
            s.from(to + "/web/body", template, at + "/body");
        }
        w.put("jsonPath", path);
        s.from(to + "/web/jsonPath", template, at + "/jsonPath");
        if (web.path("timeoutSeconds").isIntegralNumber()) {
            w.put("timeout", web.path("timeoutSeconds").asLong() + "s");
            s.from(to + "/web/timeout", template, at + "/timeoutSeconds");
        }
        s.notCheckedKeys(web, at, "web.", WEB_KEYS, template);
        return true;
    }

    /** Argo's body is a string; the release sends JSON, so a JSON body is kept as its value, other text as text. */
    private static JsonNode json(String body) {
        try {
            return JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            return Synthesis.NODES.stringNode(body);
        }
    }

    /** The first container of the Job's pod template: image, command, args and plain env values. */
    static boolean job(Synthesis s, Manifest template, JsonNode job, String metricAt, ObjectNode out, String to) {
        String at = metricAt + "/provider/job";
        JsonNode containers = job.path("spec").path("template").path("spec").path("containers");
        String cAt = at + "/spec/template/spec/containers/0";
        JsonNode c = containers.path(0);
        if (!c.path("image").isString()) {
            s.notChecked("job without a container image", template, at);
            return false;
        }
        ObjectNode j = out.putObject("job");
        s.from(to + "/job", template, at);
        j.put("image", c.path("image").asString());
        s.from(to + "/job/image", template, cAt + "/image");
        for (String list : List.of("command", "args")) {
            if (c.path(list).isArray()) {
                ArrayNode a = j.putArray(list);
                c.path(list).forEach(v -> a.add(v.asString("")));
                s.sameShape(to + "/job/" + list, template, cAt + "/" + list);
            }
        }
        JsonNode env = c.path("env");
        if (env.isArray() && !env.isEmpty()) {
            ObjectNode e = j.putObject("env");
            s.from(to + "/job/env", template, cAt + "/env");
            for (int i = 0; i < env.size(); i++) {
                JsonNode var = env.get(i);
                String name = var.path("name").asString("");
                if (var.path("value").isString()) {
                    e.put(name, var.path("value").asString());
                    s.from(
                            to + "/job/env/" + dev.releasepolicy.core.manifest.SourceMap.escape(name),
                            template,
                            cAt + "/env/" + i + "/value");
                } else {
                    s.notChecked("job env valueFrom", template, cAt + "/env/" + i);
                }
            }
            if (e.isEmpty()) {
                j.remove("env");
            }
        }
        JsonNode deadline = job.path("spec").path("activeDeadlineSeconds");
        if (deadline.isIntegralNumber()) {
            j.put("timeout", deadline.asLong() + "s");
            s.from(to + "/job/timeout", template, at + "/spec/activeDeadlineSeconds");
        }
        if (containers.size() > 1) {
            s.notChecked("job containers beyond the first", template, at + "/spec/template/spec/containers/1");
        }
        s.notCheckedKeys(c, cAt, "job container ", CONTAINER_KEYS, template);
        return true;
    }
}
