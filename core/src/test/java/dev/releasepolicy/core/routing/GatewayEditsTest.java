package dev.releasepolicy.core.routing;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.routing.IstioEditsTest.applyAndUndo;
import static dev.releasepolicy.core.routing.IstioEditsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Gateway API HTTPRoute edits on the team's own HTTPRoute: only the owned fields change. */
class GatewayEditsTest {

    static final GatewayBackends SERVICES = new GatewayBackends("orders-api-stable", "orders-api-canary");
    static final RouteSelection MAIN = RouteSelection.named(List.of("main"));

    final ObjectNode route = load("httproute.yaml");
    final ObjectNode untouched = route.deepCopy();

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, route)).isEmpty();
    }

    @Test
    void weights_changeOnlyTheBackendRefsOfTheNamedRule() {
        JsonNode after = applyAndUndo(new GatewayWeights(SERVICES, MAIN, 20), route);

        assertThat(differences(route, after)).containsExactly("/spec/rules/0/backendRefs");
        assertThat(differences(json("""
                [{"name": "orders-api-stable", "port": 8080, "weight": 80},
                 {"name": "orders-api-canary", "port": 8080, "weight": 20}]
                """), after.at("/spec/rules/0/backendRefs")))
                .isEmpty();
        for (String field : List.of("parentRefs", "hostnames")) {
            assertThat(after.at("/spec/" + field)).isEqualTo(route.at("/spec/" + field));
        }
        for (String field : List.of("name", "matches", "filters", "timeouts")) {
            assertThat(after.at("/spec/rules/0/" + field)).as(field).isEqualTo(route.at("/spec/rules/0/" + field));
        }
        assertThat(after.at("/spec/rules/1")).isEqualTo(route.at("/spec/rules/1"));
    }

    @Test
    void weights_withoutNames_manageTheRulesToTheTwoServices() {
        assertThat(new GatewayWeights(SERVICES, RouteSelection.byDestination(), 20).apply(route))
                .isEqualTo(new GatewayWeights(SERVICES, MAIN, 20).apply(route));
    }

    @Test
    void weights_keepTheStableRefsOtherFields_evenWhenItIsNotFirst() {
        ArrayNode refs = (ArrayNode) route.at("/spec/rules/0/backendRefs");
        refs.insert(0, json("{\"name\": \"orders-api-canary\", \"port\": 8080, \"weight\": 0}"));
        ((ObjectNode) refs.get(1)).put("weight", 100).put("namespace", "prod");
        untouched.setAll(route.deepCopy());

        JsonNode after = applyAndUndo(new GatewayWeights(SERVICES, MAIN, 50), route);

        assertThat(differences(json("""
                [{"name": "orders-api-stable", "port": 8080, "weight": 50, "namespace": "prod"},
                 {"name": "orders-api-canary", "port": 8080, "weight": 50, "namespace": "prod"}]
                """), after.at("/spec/rules/0/backendRefs")))
                .isEmpty();
    }

    @Test
    void headerRoute_insertsARuleBeforeTheManagedOne_andIsRemovedExactly() {
        List<HeaderMatch> match = List.of(
                new HeaderMatch("canary", HeaderMatch.Kind.EXACT, "true"),
                new HeaderMatch("x-user", HeaderMatch.Kind.REGEX, ".*@example\\.com"));
        GatewayHeaderRoute edit = new GatewayHeaderRoute("testers", match, SERVICES, MAIN);

        JsonNode after = applyAndUndo(edit, route);

        assertThat(differences(route, after)).containsExactly("/spec/rules");
        assertThat(differences(json("""
                {"name": "testers",
                 "matches": [{"headers": [
                     {"type": "Exact", "name": "canary", "value": "true"},
                     {"type": "RegularExpression", "name": "x-user", "value": ".*@example\\\\.com"}]}],
                 "backendRefs": [{"name": "orders-api-canary", "port": 8080}]}
                """), after.at("/spec/rules/0"))).isEmpty();
        assertThat(after.at("/spec/rules/1")).isEqualTo(route.at("/spec/rules/0"));
        assertThat(after.at("/spec/rules/2")).isEqualTo(route.at("/spec/rules/1"));
        assertThat(edit.apply(after)).as("applying twice").isEqualTo(after);
        assertThat(NamedRouteRestore.removal(SERVICES, "testers").apply(after)).isEqualTo(route);
    }

    @Test
    void headerRoute_byPrefix_isRefused_withARegexHint() {
        List<HeaderMatch> match = List.of(new HeaderMatch("x-user", HeaderMatch.Kind.PREFIX, "qa."));

        assertThatThrownBy(() -> new GatewayHeaderRoute("testers", match, SERVICES, MAIN))
                .isInstanceOfSatisfying(EditRefusedException.class, e -> {
                    assertThat(e.getMessage()).contains("cannot match header x-user by prefix");
                    assertThat(e.hint()).contains("regex: \"^qa\\..*\"");
                });
    }

    @Test
    void mirror_addsARequestMirrorFilter_andRestoresTheTeamsFilters() {
        GatewayMirror edit = new GatewayMirror("shadow", 20, SERVICES, MAIN);

        JsonNode after = applyAndUndo(edit, route);

        assertThat(differences(route, after)).containsExactly("/spec/rules/0/filters");
        assertThat(after.at("/spec/rules/0/filters/0")).isEqualTo(route.at("/spec/rules/0/filters/0"));
        assertThat(after.at("/spec/rules/0/filters/1")).isEqualTo(json("""
                {"type": "RequestMirror",
                 "requestMirror": {"backendRef": {"name": "orders-api-canary", "port": 8080}, "percent": 20}}
                """));
        assertThat(edit.apply(after)).as("applying twice").isEqualTo(after);
    }

    @Test
    void mirror_onARuleWithoutFilters_leavesNoFiltersAfterTheUndo() {
        ((ObjectNode) route.at("/spec/rules/0")).remove("filters");
        untouched.setAll(route.deepCopy());

        JsonNode after = applyAndUndo(new GatewayMirror("shadow", 10, SERVICES, MAIN), route);

        assertThat(differences(route, after)).containsExactly("/spec/rules/0/filters");
    }

    @Test
    void unknownRuleName_isRefused_listingTheRulesThatExist() {
        GatewayWeights edit = new GatewayWeights(SERVICES, RouteSelection.named(List.of("mian")), 20);

        assertThatThrownBy(() -> edit.apply(route)).isInstanceOfSatisfying(EditRefusedException.class, e -> {
            assertThat(e.getMessage())
                    .contains("HTTPRoute orders-api has no rule named mian; its rules are main, legacy");
            assertThat(e.hint()).contains("trafficRouting.gatewayAPI.rules");
        });
    }

    @Test
    void headerRoute_withANameGatewayApiRejects_isRefused() {
        List<HeaderMatch> match = List.of(new HeaderMatch("canary", HeaderMatch.Kind.EXACT, "true"));

        assertThatThrownBy(() -> new GatewayHeaderRoute("QA Testers", match, SERVICES, MAIN))
                .isInstanceOf(EditRefusedException.class)
                .hasMessageContaining("not a valid HTTPRoute rule name");
    }
}
