package dev.releasepolicy.core.routing;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.edit.EditFixtures.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ReversibleEdit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Istio VirtualService edits on the team's own VirtualService: only the owned fields change. */
class IstioEditsTest {

    static final ServiceHost APP = new ServiceHost("orders-api", "prod");
    static final IstioBackends SUBSETS = new IstioBackends.Subsets(APP, "stable", "canary");
    static final RouteSelection PRIMARY = RouteSelection.named(List.of("primary"));

    final ObjectNode vs = load("virtualservice.yaml");
    final ObjectNode untouched = vs.deepCopy();

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    /** Apply, check the schema, undo from the before-object, and demand the exact input back. */
    static JsonNode applyAndUndo(ReversibleEdit edit, JsonNode before) {
        JsonNode after = edit.apply(before);
        assertThat(schemaProblems(after)).isEmpty();
        JsonNode undone = edit.inverse(before).apply(after);
        assertThat(differences(before, undone)).isEmpty();
        assertThat(undone).isEqualTo(before);
        return after;
    }

    static List<Integer> weights(JsonNode vs) {
        return vs.at("/spec/http/1/route").findValues("weight").stream()
                .map(JsonNode::asInt)
                .toList();
    }

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, vs)).isEmpty();
    }

    @Test
    void subsetSplit_namedRoute_changesOnlyItsDestinations() {
        JsonNode after = applyAndUndo(new IstioWeights(SUBSETS, PRIMARY, 20), vs);

        assertThat(differences(vs, after)).containsExactly("/spec/http/1/route");
        assertThat(differences(json("""
                [{"destination": {"host": "orders-api", "port": {"number": 8080}, "subset": "stable"},
                  "headers": {"response": {"add": {"x-served-by": "orders-api"}}}, "weight": 80},
                 {"destination": {"host": "orders-api", "port": {"number": 8080}, "subset": "canary"},
                  "headers": {"response": {"add": {"x-served-by": "orders-api"}}}, "weight": 20}]
                """), after.at("/spec/http/1/route"))).isEmpty();
        // Field by field, for the reader: what a replacing apply used to lose is all still there.
        for (String field : List.of("gateways", "hosts", "exportTo", "tcp")) {
            assertThat(after.at("/spec/" + field)).isEqualTo(vs.at("/spec/" + field));
        }
        for (String field : List.of("name", "match", "rewrite", "retries", "timeout", "corsPolicy", "headers")) {
            assertThat(after.at("/spec/http/1/" + field)).as(field).isEqualTo(vs.at("/spec/http/1/" + field));
        }
        assertThat(after.at("/spec/http/0")).isEqualTo(vs.at("/spec/http/0"));
        assertThat(after.at("/spec/http/2")).isEqualTo(vs.at("/spec/http/2"));
        assertThat(after.at("/metadata")).isEqualTo(vs.at("/metadata"));
    }

    @Test
    void subsetSplit_withoutNames_managesEveryRouteToTheApplicationOnly() {
        JsonNode byDefault = new IstioWeights(SUBSETS, RouteSelection.byDestination(), 20).apply(vs);

        assertThat(byDefault).isEqualTo(new IstioWeights(SUBSETS, PRIMARY, 20).apply(vs));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"orders-api", "orders-api.prod", "orders-api.prod.svc", "orders-api.prod.svc.cluster.local"})
    void subsetSplit_recognisesEverySpellingOfTheHost_andKeepsTheTeams(String host) {
        ((ObjectNode) vs.at("/spec/http/1/route/0/destination")).put("host", host);
        untouched.setAll(vs.deepCopy());

        JsonNode after = applyAndUndo(new IstioWeights(SUBSETS, RouteSelection.byDestination(), 5), vs);

        assertThat(after.at("/spec/http/1/route").findValuesAsString("host")).containsExactly(host, host);
        assertThat(after.at("/spec/http/1/route").findValuesAsString("subset")).containsExactly("stable", "canary");
    }

    @Test
    void subsetSplit_atTheEnds_keepsBothDestinations() {
        JsonNode full = applyAndUndo(new IstioWeights(SUBSETS, PRIMARY, 100), vs);
        JsonNode none = applyAndUndo(new IstioWeights(SUBSETS, PRIMARY, 0), vs);

        assertThat(weights(full)).containsExactly(0, 100);
        assertThat(weights(none)).containsExactly(100, 0);
    }

    @Test
    void subsetSplit_stepByStep_undoesToTheOriginalFromTheLastStep() {
        IstioWeights first = new IstioWeights(SUBSETS, PRIMARY, 5);
        JsonNode step1 = first.apply(vs);
        JsonNode step2 = new IstioWeights(SUBSETS, PRIMARY, 20).apply(step1);

        assertThat(weights(step2)).containsExactly(80, 20);
        assertThat(step2.at("/spec/http/1/route/0/destination"))
                .isEqualTo(json("{\"host\": \"orders-api\", \"port\": {\"number\": 8080}, \"subset\": \"stable\"}"));
        assertThat(first.inverse(vs).apply(step2)).isEqualTo(vs);
    }

    @Test
    void hostSplit_routesToTheTwoServices_spelledLikeTheTeamsHost() {
        ((ObjectNode) vs.at("/spec/http/1/route/0/destination"))
                .put("host", "orders-api-stable.prod.svc.cluster.local");
        untouched.setAll(vs.deepCopy());
        IstioBackends services = new IstioBackends.Services(
                new ServiceHost("orders-api-stable", "prod"), new ServiceHost("orders-api-canary", "prod"));

        JsonNode after = applyAndUndo(new IstioWeights(services, RouteSelection.byDestination(), 30), vs);

        assertThat(differences(vs, after)).containsExactly("/spec/http/1/route");
        assertThat(differences(json("""
                [{"destination": {"host": "orders-api-stable.prod.svc.cluster.local", "port": {"number": 8080}},
                  "headers": {"response": {"add": {"x-served-by": "orders-api"}}}, "weight": 70},
                 {"destination": {"host": "orders-api-canary.prod.svc.cluster.local", "port": {"number": 8080}},
                  "headers": {"response": {"add": {"x-served-by": "orders-api"}}}, "weight": 30}]
                """), after.at("/spec/http/1/route"))).isEmpty();
    }

    @Test
    void headerRoute_isInsertedBeforeTheManagedRoute_andRemovedExactly() {
        List<HeaderMatch> match = HeaderMatch.parseAll(json("""
                [{"header": "Canary", "exact": "true"}, {"header": "x-user", "regex": ".*@example\\\\.com"}]
                """));
        IstioHeaderRoute edit = new IstioHeaderRoute("testers", match, SUBSETS, PRIMARY);

        JsonNode after = applyAndUndo(edit, vs);

        ArrayNode http = (ArrayNode) after.at("/spec/http");
        assertThat(http.size()).isEqualTo(4);
        assertThat(differences(json("""
                {"name": "testers",
                 "match": [{"headers": {"canary": {"exact": "true"}, "x-user": {"regex": ".*@example\\\\.com"}}}],
                 "route": [{"destination": {"host": "orders-api", "port": {"number": 8080}, "subset": "canary"},
                            "headers": {"response": {"add": {"x-served-by": "orders-api"}}}}]}
                """), http.get(1))).isEmpty();
        ArrayNode withoutIt = http.deepCopy();
        withoutIt.remove(1);
        assertThat(withoutIt).isEqualTo(vs.at("/spec/http"));
        assertThat(differences(vs, after)).containsExactly("/spec/http");
        assertThat(edit.apply(after)).as("applying twice").isEqualTo(after);
        assertThat(NamedRouteRestore.removal(SUBSETS, "testers").apply(after)).isEqualTo(vs);
        assertThat(NamedRouteRestore.removal(SUBSETS, "testers").apply(vs))
                .as("removing twice")
                .isEqualTo(vs);
    }

    @Test
    void headerRoute_thenWeights_leavesTheTestersRouteAt100PercentCanary() {
        JsonNode withTesters = new IstioHeaderRoute(
                        "testers",
                        List.of(new HeaderMatch("canary", HeaderMatch.Kind.EXACT, "true")),
                        SUBSETS,
                        RouteSelection.byDestination())
                .apply(vs);
        IstioWeights weights =
                new IstioWeights(SUBSETS, RouteSelection.byDestination().excluding("testers"), 20);

        JsonNode after = weights.apply(withTesters);

        assertThat(differences(withTesters, after)).containsExactly("/spec/http/2/route");
        assertThat(weights.inverse(withTesters).apply(after)).isEqualTo(withTesters);
    }

    @Test
    void mirror_setsMirrorAndPercentage_andRestoresAbsence() {
        JsonNode after = applyAndUndo(new IstioMirror("shadow", 20, SUBSETS, PRIMARY), vs);

        assertThat(differences(vs, after)).containsExactly("/spec/http/1/mirror", "/spec/http/1/mirrorPercentage");
        assertThat(after.at("/spec/http/1/mirror"))
                .isEqualTo(json("{\"host\": \"orders-api\", \"port\": {\"number\": 8080}, \"subset\": \"canary\"}"));
        assertThat(after.at("/spec/http/1/mirrorPercentage")).isEqualTo(json("{\"value\": 20}"));
    }

    @Test
    void mirror_overTheTeamsOwnMirror_restoresTheirs() {
        ObjectNode primary = (ObjectNode) vs.at("/spec/http/1");
        primary.putObject("mirror").put("host", "orders-audit.prod.svc.cluster.local");
        primary.putObject("mirrorPercentage").put("value", 1.5);
        untouched.setAll(vs.deepCopy());

        JsonNode after = applyAndUndo(new IstioMirror("shadow", 20, SUBSETS, PRIMARY), vs);

        assertThat(differences(vs, after))
                .containsExactly(
                        "/spec/http/1/mirror/host",
                        "/spec/http/1/mirror/port",
                        "/spec/http/1/mirror/subset",
                        "/spec/http/1/mirrorPercentage/value");
    }

    @Test
    void unknownRouteName_isRefused_listingTheRoutesThatExist() {
        IstioWeights edit = new IstioWeights(SUBSETS, RouteSelection.named(List.of("primry")), 20);

        assertThatThrownBy(() -> edit.apply(vs)).isInstanceOfSatisfying(EditRefusedException.class, e -> {
            assertThat(e.getMessage()).contains("no HTTP route named primry", "debug, primary, legacy");
            assertThat(e.hint()).contains("trafficRouting.istio.routes");
        });
    }

    @Test
    void namedRouteToAnotherService_isRefused() {
        IstioWeights edit = new IstioWeights(SUBSETS, RouteSelection.named(List.of("legacy")), 20);

        assertThatThrownBy(() -> edit.apply(vs))
                .isInstanceOfSatisfying(
                        EditRefusedException.class,
                        e -> assertThat(e.getMessage()).contains("legacy-orders.prod.svc.cluster.local"));
    }

    @Test
    void noRouteToTheApplication_isRefused() {
        IstioBackends other = new IstioBackends.Subsets(new ServiceHost("payments", "prod"), "stable", "canary");

        assertThatThrownBy(() -> new IstioWeights(other, RouteSelection.byDestination(), 20).apply(vs))
                .isInstanceOfSatisfying(EditRefusedException.class, e -> {
                    assertThat(e.getMessage()).contains("sends traffic only to host payments");
                    assertThat(e.hint()).contains("trafficRouting.istio.routes");
                });
    }

    @Test
    void anotherKind_isRefused() {
        assertThatThrownBy(() -> new IstioWeights(SUBSETS, PRIMARY, 20).apply(load("destinationrule.yaml")))
                .isInstanceOf(EditRefusedException.class)
                .hasMessageContaining("expected a VirtualService");
    }

    @Test
    void headerMatchWithoutValue_isRefusedWithAHint() {
        assertThatThrownBy(() -> HeaderMatch.parse(json("{\"header\": \"canary\"}")))
                .isInstanceOfSatisfying(EditRefusedException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("header match on canary has no value");
                    assertThat(e.hint()).contains("exact: \"true\"");
                });
        assertThatThrownBy(() -> HeaderMatch.parse(json("{\"header\": \"canary\", \"exact\": \"\"}")))
                .isInstanceOf(EditRefusedException.class)
                .hasMessageContaining("has no value");
        assertThatThrownBy(() -> HeaderMatch.parse(json("{\"header\": \"canary\", \"exact\": true}")))
                .isInstanceOfSatisfying(
                        EditRefusedException.class, e -> assertThat(e.hint()).contains("quote"));
    }

    @Test
    void aManagedRouteNamedLikeTheHeaderRoute_isRefused() {
        IstioHeaderRoute edit = new IstioHeaderRoute(
                "primary", List.of(new HeaderMatch("canary", HeaderMatch.Kind.EXACT, "true")), SUBSETS, PRIMARY);

        assertThatThrownBy(() -> edit.apply(vs))
                .isInstanceOfSatisfying(
                        EditRefusedException.class, e -> assertThat(e.hint()).contains("a name of its own"));
    }

    @Test
    void hostSplit_headerRouteAndMirror_pointAtTheCanaryService() {
        ((ObjectNode) vs.at("/spec/http/1/route/0/destination")).put("host", "orders-api-stable.prod");
        untouched.setAll(vs.deepCopy());
        IstioBackends services = new IstioBackends.Services(
                new ServiceHost("orders-api-stable", "prod"), new ServiceHost("orders-api-canary", "prod"));
        JsonNode canary = json("{\"host\": \"orders-api-canary.prod\", \"port\": {\"number\": 8080}}");

        JsonNode testers = applyAndUndo(
                new IstioHeaderRoute(
                        "testers",
                        List.of(new HeaderMatch("canary", HeaderMatch.Kind.PREFIX, "t")),
                        services,
                        RouteSelection.byDestination()),
                vs);
        JsonNode mirrored = applyAndUndo(new IstioMirror("shadow", 50, services, RouteSelection.byDestination()), vs);

        assertThat(testers.at("/spec/http/1/route/0/destination")).isEqualTo(canary);
        assertThat(testers.at("/spec/http/1/match/0/headers/canary")).isEqualTo(json("{\"prefix\": \"t\"}"));
        assertThat(mirrored.at("/spec/http/1/mirror")).isEqualTo(canary);
    }
}
