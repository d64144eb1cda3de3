package dev.releasepolicy.core.edit;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.edit.EditFixtures.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** The fixtures are valid team objects, and the checks the edit tests rely on can fail. */
class EditFixturesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "virtualservice.yaml",
                "destinationrule.yaml",
                "httproute.yaml",
                "service.yaml",
                "deployment.yaml"
            })
    void everyFixture_validatesAgainstItsUpstreamSchema(String name) {
        assertThat(schemaProblems(load(name))).isEmpty();
    }

    @Test
    void schemas_rejectWhatTheEditsCouldGetWrong() {
        ObjectNode vs = load("virtualservice.yaml");
        ((ObjectNode) vs.at("/spec/http/1/route/0")).put("weights", 5);
        assertThat(schemaProblems(vs)).isNotEmpty();

        ObjectNode route = load("httproute.yaml");
        ((ObjectNode) route.at("/spec/rules/0"))
                .putArray("matches")
                .addObject()
                .putArray("headers")
                .addObject()
                .put("type", "Prefix")
                .put("name", "canary")
                .put("value", "x");
        assertThat(schemaProblems(route)).isNotEmpty();

        ObjectNode dr = load("destinationrule.yaml");
        ((ObjectNode) dr.at("/spec/subsets/0")).put("label", "x");
        assertThat(schemaProblems(dr)).isNotEmpty();

        ObjectNode deployment = load("deployment.yaml");
        ((ObjectNode) deployment.get("spec")).put("replicas", "six");
        assertThat(schemaProblems(deployment)).isNotEmpty();

        ObjectNode service = load("service.yaml");
        ((ObjectNode) service.get("spec")).put("selectors", "x");
        assertThat(schemaProblems(service)).isNotEmpty();
    }

    @Test
    void differences_namesChangedMissingAddedAndReorderedFields() {
        ObjectNode before = load("service.yaml");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.at("/spec/selector")).put("tier", "front").put("version", "1");
        ((ObjectNode) after.get("metadata")).remove("labels");
        ObjectNode reordered = after.objectNode();
        reordered.set("kind", after.get("kind"));
        reordered.setAll(after);

        assertThat(differences(before, reordered))
                .containsExactly("/metadata/labels", "/spec/selector/tier", "/spec/selector/version", " (key order)");
    }
}
