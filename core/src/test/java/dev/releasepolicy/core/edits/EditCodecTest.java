package dev.releasepolicy.core.edits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.routing.DestinationRuleRestore;
import dev.releasepolicy.core.routing.DestinationRuleSubsets;
import dev.releasepolicy.core.routing.DestinationRuleSubsets.VersionSubset;
import dev.releasepolicy.core.routing.GatewayBackends;
import dev.releasepolicy.core.routing.GatewayHeaderRoute;
import dev.releasepolicy.core.routing.GatewayMirror;
import dev.releasepolicy.core.routing.GatewayWeights;
import dev.releasepolicy.core.routing.HeaderMatch;
import dev.releasepolicy.core.routing.IstioBackends;
import dev.releasepolicy.core.routing.IstioHeaderRoute;
import dev.releasepolicy.core.routing.IstioMirror;
import dev.releasepolicy.core.routing.IstioWeights;
import dev.releasepolicy.core.routing.NamedRouteRestore;
import dev.releasepolicy.core.routing.RouteSelection;
import dev.releasepolicy.core.routing.ServiceHost;
import dev.releasepolicy.core.routing.SplitEnd;
import dev.releasepolicy.core.workload.StableVersionLabel;
import dev.releasepolicy.core.workload.TemplateLabelRestore;
import dev.releasepolicy.core.workload.VersionDeployment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Every edit a plan can hold round-trips through its JSON; the wording; unknown kinds are refused. */
class EditCodecTest {

    static final ServiceHost HOST = new ServiceHost("orders-api", "prod");

    static final List<ObjectEdit> EDITS = List.of(
            new IstioWeights(
                    new IstioBackends.Subsets(HOST, "stable", "canary"), RouteSelection.named(List.of("primary")), 20),
            new IstioWeights(new IstioBackends.Subsets(HOST, "blue", "green"), RouteSelection.byDestination(), 50),
            new DestinationRuleSubsets(
                    HOST,
                    List.of(new VersionSubset("stable", "2.6.3"), new VersionSubset("canary", "2.7.0")),
                    "version"),
            new DestinationRuleRestore(
                    HOST,
                    List.of(
                            new DestinationRuleRestore.Saved("canary", Optional.empty()),
                            new DestinationRuleRestore.Saved(
                                    "stable",
                                    Optional.of(JsonNodeFactory.instance
                                            .objectNode()
                                            .put("name", "stable")))),
                    false),
            new StableVersionLabel("version", "2.6.3"),
            new TemplateLabelRestore("version", Optional.empty()),
            new TemplateLabelRestore("version", Optional.of("2.6.0")),
            new VersionDeployment(
                    "orders-api",
                    "orders-api",
                    "registry.example.com/shop/orders-api:2.7.0",
                    "2.7.0",
                    "version",
                    Optional.of("orders-api-2-7-0"),
                    2,
                    java.util.Map.of("releasepolicy.dev/release", "orders-api-2-7-0"),
                    java.util.Map.of("orders-api-config-2-6-3", "orders-api-config-2-7-0")));

    @Test
    void everyPlanEdit_roundTripsThroughItsJson_toAnEqualEdit() {
        for (ObjectEdit e : EDITS) {
            String text = EditCodec.toJson(e).toString();
            ObjectEdit back = EditCodec.fromJson(JsonMapper.shared().readTree(text));
            assertThat(back).as(text).isEqualTo(e);
            assertThat(EditCodec.KINDS)
                    .contains(EditCodec.toJson(e).path("edit").asString());
        }
    }

    @Test
    void describe_saysWhatChangesInTheReviewersWords() {
        assertThat(EditCodec.describe(EDITS.get(0))).isEqualTo("route primary → stable 80, canary 20");
        assertThat(EditCodec.describe(EDITS.get(1))).isEqualTo("routes to orders-api → blue 50, green 50");
        assertThat(EditCodec.describe(EDITS.get(2)))
                .isEqualTo(
                        "subsets stable (version=2.6.3), canary (version=2.7.0); other subsets and trafficPolicy kept");
        assertThat(EditCodec.describe(EDITS.get(3))).isEqualTo("subset canary removed, subset stable put back");
        assertThat(EditCodec.describe(EDITS.get(5))).isEqualTo("pod template label version removed");
    }

    @Test
    void unknownKind_isRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() ->
                        EditCodec.fromJson(JsonNodeFactory.instance.objectNode().put("edit", "replace")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown edit 'replace'")
                .hasMessageContaining("istio-weights");
    }

    @Test
    void editWithoutAPlanForm_isRefusedWhenWritten() {
        // A restore is made from the live object at undo time; a plan never holds one.
        ObjectEdit restore =
                NamedRouteRestore.removal(new GatewayBackends("orders-api-stable", "orders-api-canary"), "testers");
        assertThatThrownBy(() -> EditCodec.toJson(restore)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyRouterEdit_survivesThePlanFile_andReadsInWords() {
        ServiceHost host = new ServiceHost("orders-api", "shop");
        IstioBackends subsets = new IstioBackends.Subsets(host, "stable", "canary");
        IstioBackends hosts = new IstioBackends.Services(
                new ServiceHost("orders-api-stable", "shop"), new ServiceHost("orders-api-canary", "shop"));
        GatewayBackends gateway = new GatewayBackends("orders-api-stable", "orders-api-canary");
        RouteSelection managed = RouteSelection.named(List.of("primary")).excluding("testers");
        List<HeaderMatch> match = List.of(
                new HeaderMatch("canary", HeaderMatch.Kind.EXACT, "true"),
                new HeaderMatch("x-group", HeaderMatch.Kind.REGEX, "^beta-.*"));
        List<ObjectEdit> edits = List.of(
                new IstioWeights(hosts, managed, 20),
                new GatewayWeights(gateway, RouteSelection.byDestination(), 30),
                new IstioHeaderRoute("testers", match, subsets, RouteSelection.byDestination()),
                new IstioHeaderRoute("testers", match, hosts, managed),
                new GatewayHeaderRoute("testers", match, gateway, RouteSelection.named(List.of("api"))),
                new IstioMirror("shadow", 25, subsets, managed),
                new GatewayMirror("shadow", 10, gateway, RouteSelection.byDestination()),
                new SplitEnd(subsets, managed, List.of("testers")),
                new SplitEnd(hosts, RouteSelection.byDestination(), List.of()),
                new SplitEnd(gateway, RouteSelection.named(List.of("api")), List.of("testers")));
        for (ObjectEdit edit : edits) {
            assertThat(EditCodec.fromJson(EditCodec.toJson(edit)))
                    .as(edit.toString())
                    .isEqualTo(edit);
            assertThat(EditCodec.describe(edit)).as(edit.toString()).doesNotContain("cannot");
        }
        assertThat(EditCodec.describe(edits.get(1)))
                .isEqualTo("rules to orders-api-stable/orders-api-canary"
                        + " → orders-api-stable 70, orders-api-canary 30");
        assertThat(EditCodec.describe(edits.get(4)))
                .isEqualTo("rule testers (canary exact \"true\" and x-group regex \"^beta-.*\" → orders-api-canary)"
                        + " before rule api");
    }
}
