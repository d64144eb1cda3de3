package dev.releasepolicy.core.routing;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.routing.IstioEditsTest.APP;
import static dev.releasepolicy.core.routing.IstioEditsTest.applyAndUndo;
import static dev.releasepolicy.core.routing.IstioEditsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.routing.DestinationRuleSubsets.VersionSubset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The release's subsets on the team's DestinationRule: only those two subsets change. */
class DestinationRuleSubsetsTest {

    static final DestinationRuleSubsets CANARY = new DestinationRuleSubsets(
            APP, List.of(new VersionSubset("stable", "2.6.0"), new VersionSubset("canary", "2.7.0")), "version");

    final ObjectNode dr = load("destinationrule.yaml");
    final ObjectNode untouched = dr.deepCopy();

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, dr)).isEmpty();
    }

    @Test
    void missingSubsets_areAdded_withTheAppLabelTheTeamsSubsetsUse() {
        JsonNode after = applyAndUndo(CANARY, dr);

        assertThat(differences(dr, after)).containsExactly("/spec/subsets");
        assertThat(after.at("/spec/subsets/0")).isEqualTo(dr.at("/spec/subsets/0"));
        assertThat(differences(json("""
                {"name": "stable", "labels": {"app": "orders-api", "version": "2.6.0"}}
                """), after.at("/spec/subsets/1"))).isEmpty();
        assertThat(differences(json("""
                {"name": "canary", "labels": {"app": "orders-api", "version": "2.7.0"}}
                """), after.at("/spec/subsets/2"))).isEmpty();
        assertThat(after.at("/spec/subsets").size()).isEqualTo(3);
        assertThat(after.at("/spec/trafficPolicy")).isEqualTo(dr.at("/spec/trafficPolicy"));
        assertThat(after.at("/spec/host")).isEqualTo(dr.at("/spec/host"));
    }

    @Test
    void existingSubsetOfTheSameName_isRelabelledInPlace_andPutBackByTheUndo() {
        ObjectNode stable = (ObjectNode) json("""
                {"name": "stable", "labels": {"version": "2.5.0"},
                 "trafficPolicy": {"loadBalancer": {"simple": "LEAST_REQUEST"}}}
                """);
        ((ArrayNode) dr.at("/spec/subsets")).insert(0, stable);
        ((ObjectNode) dr.at("/spec/subsets/1/labels")).remove("app");
        untouched.setAll(dr.deepCopy());

        JsonNode after = applyAndUndo(CANARY, dr);

        assertThat(differences(dr, after)).containsExactly("/spec/subsets");
        assertThat(after.at("/spec/subsets/0")).isEqualTo(json("""
                {"name": "stable", "labels": {"version": "2.6.0"},
                 "trafficPolicy": {"loadBalancer": {"simple": "LEAST_REQUEST"}}}
                """));
        assertThat(after.at("/spec/subsets/1")).isEqualTo(dr.at("/spec/subsets/1"));
        assertThat(after.at("/spec/subsets/2")).isEqualTo(json("""
                {"name": "canary", "labels": {"version": "2.7.0"}}
                """));
    }

    @Test
    void blueGreen_usesItsOwnSubsetNames() {
        DestinationRuleSubsets blueGreen = new DestinationRuleSubsets(
                APP, List.of(new VersionSubset("blue", "2.6.0"), new VersionSubset("green", "2.7.0")), "version");

        JsonNode after = applyAndUndo(blueGreen, dr);

        assertThat(after.at("/spec/subsets").findValuesAsString("name")).containsExactly("debug", "blue", "green");
    }

    @Test
    void aRuleWithoutSubsets_getsThem_andLosesTheListAgainOnUndo() {
        ((ObjectNode) dr.get("spec")).remove("subsets");
        untouched.setAll(dr.deepCopy());

        JsonNode after = applyAndUndo(CANARY, dr);

        assertThat(differences(dr, after)).containsExactly("/spec/subsets");
        assertThat(after.at("/spec/subsets/0/labels")).isEqualTo(json("{\"version\": \"2.6.0\"}"));
    }

    @Test
    void aRuleForAnotherHost_isRefused() {
        ((ObjectNode) dr.get("spec")).put("host", "payments.prod.svc.cluster.local");
        untouched.setAll(dr.deepCopy());

        assertThatThrownBy(() -> CANARY.apply(dr)).isInstanceOfSatisfying(EditRefusedException.class, e -> {
            assertThat(e.getMessage()).contains("is for host payments.prod.svc.cluster.local, not orders-api");
            assertThat(e.hint()).contains("orders-api.prod.svc.cluster.local");
        });
    }
}
