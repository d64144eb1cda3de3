package dev.releasepolicy.core.routing;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.routing.IstioEditsTest.applyAndUndo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The blue-green switch of the team's Service: only the version key of the selector changes. */
class ServiceSelectorTest {

    final ObjectNode service = load("service.yaml");
    final ObjectNode untouched = service.deepCopy();

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, service)).isEmpty();
    }

    @Test
    void switch_addsTheVersionKey_keepingTheTeamsKeys() {
        ServiceSelector edit = new ServiceSelector("version", "2.7.0");

        JsonNode after = applyAndUndo(edit, service);

        assertThat(differences(service, after)).containsExactly("/spec/selector/version");
        assertThat(after.at("/spec/selector").propertyNames()).containsExactly("app", "tier", "version");
        assertThat(edit.warnings(service)).isEmpty();
    }

    @Test
    void switchBack_changesTheVersionInPlace_andTheUndoRestoresTheOldOne() {
        ((ObjectNode) service.at("/spec/selector")).put("version", "2.6.0");
        ((ObjectNode) service.at("/spec/selector")).put("zone", "eu");
        untouched.setAll(service.deepCopy());

        JsonNode after = applyAndUndo(new ServiceSelector("version", "2.7.0"), service);

        assertThat(differences(service, after)).containsExactly("/spec/selector/version");
        assertThat(after.at("/spec/selector/version").asString()).isEqualTo("2.7.0");
    }

    @Test
    void aSelectorWithoutAnAppKey_isReported() {
        ((ObjectNode) service.at("/spec/selector")).remove("app");
        untouched.setAll(service.deepCopy());

        assertThat(new ServiceSelector("version", "2.7.0").warnings(service))
                .singleElement()
                .asString()
                .contains("selects by [tier] and by no application label");
    }

    @Test
    void aServiceWithoutSelector_isRefused() {
        ((ObjectNode) service.get("spec")).remove("selector");
        untouched.setAll(service.deepCopy());

        assertThatThrownBy(() -> new ServiceSelector("version", "2.7.0").apply(service))
                .isInstanceOfSatisfying(EditRefusedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Service orders-api has no selector");
                    assertThat(e.hint()).contains("app: <application>");
                });
    }
}
