package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the released container of a pod template (inline in a Rollout, or in the Deployment that a
 * Rollout's {@code workloadRef} or a Canary's {@code targetRef} names) into the release: the image,
 * the version (the image's tag unless the {@code releasepolicy.dev/version} annotation sets it) and the
 * readiness check.
 */
final class PodTemplates {

    private PodTemplates() {}

    /**
     * @param doc      the document holding the pod template
     * @param template pointer of the pod template in {@code doc} ({@code /spec/template})
     */
    static void read(Synthesis s, Manifest doc, String template, String progressDeadlinePointer) {
        JsonNode containers = doc.tree().at(template + "/spec/containers");
        if (!containers.isArray() || containers.isEmpty()) {
            s.error(
                    ForeignIds.MISSING,
                    "the pod template has no containers, so the release has no image",
                    "add spec.template.spec.containers with the application's container",
                    doc,
                    template);
            return;
        }
        int index = 0;
        for (int i = 0; i < containers.size(); i++) {
            if (s.source.name().equals(containers.get(i).path("name").asString(""))) {
                index = i;
            }
        }
        String container = template + "/spec/containers/" + index;
        JsonNode image = containers.get(index).path("image");
        if (!image.isString()) {
            s.error(ForeignIds.MISSING, "the container has no image", "set its image", doc, container);
            return;
        }
        s.spec.put("image", image.asString());
        s.from("/spec/image", doc, container + "/image");
        if (!s.spec.has("version")) {
            Optional<String> tag = Values.imageTag(image.asString());
            if (tag.isPresent()) {
                s.spec.put("version", tag.get());
                s.from("/spec/version", doc, container + "/image");
            } else {
                s.error(
                        ForeignIds.MISSING,
                        "the image '" + image.asString() + "' has no tag, so the release has no version",
                        "tag the image, or set the annotation releasepolicy.dev/version: \"1.2.3\"",
                        doc,
                        container + "/image");
            }
        }
        JsonNode probe = containers.get(index).path("readinessProbe").path("httpGet");
        if (!s.spec.has("healthCheck")
                && probe.path("path").isString()
                && probe.path("port").isIntegralNumber()) {
            String at = container + "/readinessProbe/httpGet";
            ObjectNode health = s.spec.putObject("healthCheck");
            health.put("path", probe.path("path").asString());
            health.put("port", probe.path("port").asInt());
            s.from("/spec/healthCheck", doc, at);
            s.from("/spec/healthCheck/path", doc, at + "/path");
            s.from("/spec/healthCheck/port", doc, at + "/port");
            // The release waits for readiness as long as the controller does: progressDeadlineSeconds (600).
            JsonNode deadline = s.source.tree().at(progressDeadlinePointer);
            health.put("timeout", deadline.isIntegralNumber() ? deadline.asLong() + "s" : "600s");
            if (deadline.isIntegralNumber()) {
                s.from("/spec/healthCheck/timeout", s.source, progressDeadlinePointer);
            }
            JsonNode delay = containers.get(index).path("readinessProbe").path("initialDelaySeconds");
            if (delay.isIntegralNumber()) {
                health.put("initialDelay", delay.asLong() + "s");
                s.from("/spec/healthCheck/initialDelay", doc, container + "/readinessProbe/initialDelaySeconds");
            }
        }
    }

    /**
     * Names the Deployment as the release's workload: by its file when it lies in the object's folder (so
     * that verify reads it as for {@code spec.workload.manifest}), else by name.
     */
    static void workload(Synthesis s, Manifest deployment, String refPointer) {
        ObjectNode w = s.spec.putObject("workload");
        Optional<String> relative = relative(s.source.file(), deployment.file());
        if (relative.isPresent()) {
            w.put("manifest", relative.get());
            w.put("name", deployment.name());
        } else {
            w.put("deployment", deployment.name());
        }
        s.from("/spec/workload", s.source, refPointer);
    }

    static Optional<String> relative(String from, String to) {
        try {
            Path base = Path.of(from).toAbsolutePath().normalize().getParent();
            Path target = Path.of(to).toAbsolutePath().normalize();
            if (base == null || !target.startsWith(base)) {
                return Optional.empty();
            }
            String r = base.relativize(target).toString().replace('\\', '/');
            return r.matches("[A-Za-z0-9._/-]+\\.(yaml|yml|json)") ? Optional.of(r) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
