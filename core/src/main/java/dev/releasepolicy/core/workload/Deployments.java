package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.Trees;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading the team's Deployment; shared by the workload edits. */
final class Deployments {

    private Deployments() {}

    static ObjectNode copy(JsonNode live) {
        ObjectNode d = Trees.copyObject(live, "Deployment");
        if (!d.path("kind").asString("").equals("Deployment")
                || !d.path("apiVersion").asString("").equals("apps/v1")) {
            throw new EditRefusedException(
                    "expected an apps/v1 Deployment but got " + d.path("kind").asString("an object without kind") + " "
                            + d.path("apiVersion").asString(""),
                    "name the team's Deployment in spec.workload");
        }
        JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            throw new EditRefusedException(
                    "Deployment " + name(d) + " has no pod template containers",
                    "give spec.workload a Deployment with spec.template.spec.containers");
        }
        return d;
    }

    static String name(JsonNode d) {
        return d.path("metadata").path("name").asString("(unnamed)");
    }
}
