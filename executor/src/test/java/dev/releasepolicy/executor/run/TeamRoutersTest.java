package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Json;
import dev.releasepolicy.executor.testing.Controllers;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workload examples of the other routers released on the mock API server holding the TEAM'S objects
 * from each example's {@code k8s/} folder: a Gateway API HTTPRoute with two rules (parentRefs, hostnames,
 * a filter and a timeout of the team's), an Istio host split (gateways, a header route of the team's,
 * retries, timeout), a blue-green Service with a preview Service, and no router at all. After every step
 * each team object differs from what was there only in the fields the release owns; after promotion the
 * routing reads as the team wrote it; after a rollback every team object is exactly as before.
 */
class TeamRoutersTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    static final ObjectRef ROUTE = new ObjectRef("gateway.networking.k8s.io/v1", "HTTPRoute", "prod", "checkout");
    static final ObjectRef SEARCH_VS = new ObjectRef("networking.istio.io/v1", "VirtualService", "prod", "search-api");

    static ObjectRef service(String name) {
        return new ObjectRef("v1", "Service", "prod", name);
    }

    static ObjectRef deployment(String name) {
        return new ObjectRef("apps/v1", "Deployment", "prod", name);
    }

    /** Every document of the example's {@code k8s/} folder, as the team applied it. */
    static List<JsonNode> teamFiles(String example) {
        Path dir = ReferenceReleases.examples().resolve(example).resolve("k8s");
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                for (Manifest m :
                        new ManifestLoader().load(f, f.getFileName().toString()).manifests()) {
                    all.add(m.tree());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    static Harness harness(String example) {
        Path manifest = ReferenceReleases.examples().resolve(example).resolve("release.yaml");
        Plan plan = ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
        return new Harness(example, plan, api.cluster(), c -> seed(c, example));
    }

    static void seed(Cluster c, String example) {
        for (JsonNode o : teamFiles(example)) {
            JsonNode made = c.create(o);
            if (made.path("kind").asString().equals("Deployment")) {
                Controllers.markReady(c, made);
            }
        }
    }

    /** An object as the team wrote it: without what the server adds. */
    static JsonNode now(Harness h, ObjectRef ref) {
        ObjectNode o = Json.withoutServerFields(h.live(ref));
        ((ObjectNode) o.get("metadata")).remove(List.of("generation", "managedFields"));
        return o;
    }

    static Map<ObjectRef, JsonNode> objects(Harness h, List<ObjectRef> refs) {
        Map<ObjectRef, JsonNode> m = new LinkedHashMap<>();
        refs.forEach(r -> m.put(r, now(h, r)));
        return m;
    }

    /** Records the given objects after every completed step. */
    static final class Recorder implements ExecutionListener {
        final Map<String, Map<ObjectRef, JsonNode>> after = new LinkedHashMap<>();
        final Harness h;
        final List<ObjectRef> refs;

        Recorder(Harness h, List<ObjectRef> refs) {
            this.h = h;
            this.refs = refs;
        }

        @Override
        public void stepCompleted(Plan plan, PlanStep step) {
            after.put(step.id(), objects(h, refs));
        }
    }

    static JsonNode masked(JsonNode o, UnaryOperator<ObjectNode> mask) {
        return mask.apply((ObjectNode) o.deepCopy());
    }

    /** A Service without {@code spec.selector.version}: what the release never touches. */
    static ObjectNode withoutVersionSelector(ObjectNode service) {
        ((ObjectNode) service.path("spec").path("selector")).remove("version");
        return service;
    }

    /** The team's Deployment without the adoption label and, after clean-up, its replica count. */
    static ObjectNode withoutAdoption(ObjectNode deployment) {
        ((ObjectNode) deployment.at("/spec/template/metadata/labels")).remove("version");
        ((ObjectNode) deployment.path("spec")).remove("replicas");
        return deployment;
    }

    static JsonNode rule(JsonNode route, String name) {
        for (JsonNode r : route.path("spec").path("rules")) {
            if (r.path("name").asString("").equals(name)) {
                return r;
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    /** The HTTPRoute without the fields of rule api the release owns and without its own rule. */
    static ObjectNode withoutGatewaySplit(ObjectNode route) {
        ArrayNode rules = (ArrayNode) route.path("spec").path("rules");
        for (int i = rules.size() - 1; i >= 0; i--) {
            ObjectNode r = (ObjectNode) rules.get(i);
            if (r.path("name").asString("").equals("testers")) {
                rules.remove(i);
            } else if (r.path("name").asString("").equals("api")) {
                r.remove("backendRefs");
                ArrayNode filters = (ArrayNode) r.path("filters");
                for (int j = filters.size() - 1; j >= 0; j--) {
                    if (filters.get(j).path("type").asString("").equals("RequestMirror")) {
                        filters.remove(j);
                    }
                }
            }
        }
        return route;
    }

    static String weights(JsonNode rule) {
        StringBuilder b = new StringBuilder();
        for (JsonNode ref : rule.path("backendRefs")) {
            b.append(ref.path("name").asString())
                    .append(ref.has("weight") ? "=" + ref.path("weight").asInt() : "")
                    .append(' ');
        }
        return b.toString().strip();
    }

    @Test
    void gatewayApi_changesOnlyWeightsItsRuleAndMirror_afterEveryStep_andEndsAsTheTeamWroteIt() {
        Harness h = harness("gateway-workload");
        List<ObjectRef> refs =
                List.of(ROUTE, service("checkout-stable"), service("checkout-canary"), deployment("checkout"));
        Map<ObjectRef, JsonNode> before = objects(h, refs);
        Recorder rec = new Recorder(h, refs);
        ReleaseExecutor exec = h.executor("alice", rec);
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        Map<String, String> split = new LinkedHashMap<>();
        rec.after.forEach((step, objects) -> {
            assertThat(masked(objects.get(ROUTE), TeamRoutersTest::withoutGatewaySplit))
                    .as("HTTPRoute after " + step)
                    .isEqualTo(masked(before.get(ROUTE), TeamRoutersTest::withoutGatewaySplit));
            for (String s : List.of("checkout-stable", "checkout-canary")) {
                assertThat(masked(objects.get(service(s)), TeamRoutersTest::withoutVersionSelector))
                        .as("Service " + s + " after " + step)
                        .isEqualTo(masked(before.get(service(s)), TeamRoutersTest::withoutVersionSelector));
            }
            assertThat(masked(objects.get(deployment("checkout")), TeamRoutersTest::withoutAdoption))
                    .as("team's Deployment after " + step)
                    .isEqualTo(masked(before.get(deployment("checkout")), TeamRoutersTest::withoutAdoption));
            split.put(step, weights(rule(objects.get(ROUTE), "api")));
        });
        assertThat(split)
                .containsEntry("08-prepare-traffic", "checkout-stable=100 checkout-canary=0")
                .containsEntry("12-set-weight-10", "checkout-stable=90 checkout-canary=10")
                .containsEntry("14-set-weight-50", "checkout-stable=50 checkout-canary=50")
                .containsEntry("16-set-weight-100", "checkout-stable=0 checkout-canary=100")
                .containsEntry("17-promote", "checkout-stable");

        // The testers' rule comes first, matches the header exactly and goes only to the canary Service.
        JsonNode header = rec.after.get("09-set-header-route-testers").get(ROUTE);
        assertThat(header.at("/spec/rules/0/name").asString()).isEqualTo("testers");
        assertThat(header.at("/spec/rules/0/matches/0/headers/0").toString())
                .isEqualTo("{\"type\":\"Exact\",\"name\":\"x-canary\",\"value\":\"true\"}");
        assertThat(header.at("/spec/rules/0/backendRefs").toString())
                .isEqualTo("[{\"name\":\"checkout-canary\",\"port\":8080}]");
        // The mirror is added beside the team's own filter, which stays first.
        JsonNode mirrored = rule(rec.after.get("10-set-mirror-route-shadow").get(ROUTE), "api");
        assertThat(mirrored.at("/filters/0/type").asString()).isEqualTo("RequestHeaderModifier");
        assertThat(mirrored.at("/filters/1/requestMirror").toString())
                .isEqualTo("{\"backendRef\":{\"name\":\"checkout-canary\",\"port\":8080},\"percent\":20}");
        // Split weights keep the team's port on both backendRefs.
        assertThat(rule(rec.after.get("12-set-weight-10").get(ROUTE), "api")
                        .at("/backendRefs/1/port")
                        .asInt())
                .isEqualTo(8080);

        // After promotion the HTTPRoute is byte for byte the team's; both Services select the new version.
        assertThat(now(h, ROUTE)).isEqualTo(before.get(ROUTE));
        assertThat(now(h, service("checkout-stable"))
                        .at("/spec/selector/version")
                        .asString())
                .isEqualTo("4.2.0");
        assertThat(now(h, service("checkout-canary"))
                        .at("/spec/selector/version")
                        .asString())
                .isEqualTo("4.2.0");
        assertThat(now(h, deployment("checkout")).at("/spec/replicas").asInt()).isZero();
        assertThat(now(h, deployment("checkout-4-2-0"))
                        .at("/spec/template/spec/containers/1/name")
                        .asString())
                .isEqualTo("log-shipper");
    }

    @Test
    void gatewayApi_failedAnalysis_rollsBack_teamObjectsExactlyAsBefore() {
        Harness h = harness("gateway-workload");
        List<ObjectRef> refs =
                List.of(ROUTE, service("checkout-stable"), service("checkout-canary"), deployment("checkout"));
        Map<ObjectRef, JsonNode> before = objects(h, refs);
        h.analyzer((plan, step) -> Optional.of(
                step.id().equals("13-analysis")
                        ? Analyzer.Verdict.unhealthy("errorRate = 0.05 is above max 0.01")
                        : Analyzer.Verdict.healthy("fine")));
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(objects(h, refs)).isEqualTo(before);
        assertThat(h.deployment("checkout-4-2-0")).isEmpty();
    }

    @Test
    void istioHostSplit_changesOnlyRouteMainAndTheSelectors_andEndsAsTheTeamWroteIt() {
        Harness h = harness("istio-hosts-workload");
        List<ObjectRef> refs = List.of(
                SEARCH_VS, service("search-api-stable"), service("search-api-canary"), deployment("search-api"));
        Map<ObjectRef, JsonNode> before = objects(h, refs);
        Recorder rec = new Recorder(h, refs);
        ReleaseExecutor exec = h.executor("alice", rec);
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        UnaryOperator<ObjectNode> split = vs -> {
            ArrayNode http = (ArrayNode) vs.path("spec").path("http");
            for (int i = http.size() - 1; i >= 0; i--) {
                ObjectNode r = (ObjectNode) http.get(i);
                if (r.path("name").asString("").equals("testers")) {
                    http.remove(i);
                } else if (r.path("name").asString("").equals("main")) {
                    r.remove("route");
                }
            }
            return vs;
        };
        Map<String, String> weights = new LinkedHashMap<>();
        rec.after.forEach((step, objects) -> {
            assertThat(masked(objects.get(SEARCH_VS), split))
                    .as("VirtualService after " + step)
                    .isEqualTo(masked(before.get(SEARCH_VS), split));
            assertThat(masked(objects.get(deployment("search-api")), TeamRoutersTest::withoutAdoption))
                    .as("team's Deployment after " + step)
                    .isEqualTo(masked(before.get(deployment("search-api")), TeamRoutersTest::withoutAdoption));
            StringBuilder b = new StringBuilder();
            for (JsonNode http : objects.get(SEARCH_VS).path("spec").path("http")) {
                if (http.path("name").asString("").equals("main")) {
                    for (JsonNode d : http.path("route")) {
                        b.append(d.at("/destination/host").asString())
                                .append(d.has("weight") ? "=" + d.path("weight").asInt() : "")
                                .append(' ');
                    }
                }
            }
            weights.put(step, b.toString().strip());
        });
        assertThat(weights)
                .containsEntry("08-prepare-traffic", "search-api-stable=100 search-api-canary=0")
                .containsEntry("10-set-weight-5", "search-api-stable=95 search-api-canary=5")
                .containsEntry("15-promote", "search-api-stable");
        JsonNode prepared = rec.after.get("08-prepare-traffic").get(service("search-api-stable"));
        assertThat(prepared.at("/spec/selector").toString())
                .isEqualTo("{\"app\":\"search-api\",\"version\":\"1.8.2\"}");
        JsonNode header = rec.after.get("09-set-header-route-testers").get(SEARCH_VS);
        // The team's header route "internal" stays first; the testers' route goes right before "main".
        assertThat(header.at("/spec/http/0/name").asString()).isEqualTo("internal");
        assertThat(header.at("/spec/http/1/name").asString()).isEqualTo("testers");
        assertThat(header.at("/spec/http/1/route/0/destination/host").asString())
                .isEqualTo("search-api-canary");

        assertThat(now(h, SEARCH_VS)).isEqualTo(before.get(SEARCH_VS));
        assertThat(now(h, service("search-api-stable"))
                        .at("/spec/selector/version")
                        .asString())
                .isEqualTo("1.9.0");
    }

    @Test
    void istioHostSplit_rollbackCommand_teamObjectsExactlyAsBefore() {
        Harness h = harness("istio-hosts-workload");
        List<ObjectRef> refs = List.of(
                SEARCH_VS, service("search-api-stable"), service("search-api-canary"), deployment("search-api"));
        Map<ObjectRef, JsonNode> before = objects(h, refs);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = exec.apply(h.plan);
        for (int i = 0; i < 5 && o.result() != Outcome.Result.WAITING; i++) {
            o = exec.approve(h.plan.namespace(), h.plan.application(), "lead");
        }
        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.WAITING);
        assertThat(now(h, SEARCH_VS).toString()).contains("\"name\":\"testers\"");

        Outcome back = h.executor("bob").rollback(h.plan.namespace(), h.plan.application(), "not today");

        assertThat(back.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(objects(h, refs)).isEqualTo(before);
        assertThat(h.deployment("search-api-1-9-0")).isEmpty();
    }

    @Test
    void blueGreen_previewThenSwitch_onlySelectorVersionsChange_rollbackPutsThemBack() {
        Harness h = harness("blue-green-workload");
        List<ObjectRef> refs = List.of(service("storefront"), service("storefront-preview"), deployment("storefront"));
        Map<ObjectRef, JsonNode> before = objects(h, refs);
        Recorder rec = new Recorder(h, refs);
        ReleaseExecutor exec = h.executor("alice", rec);
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        Map<String, String> versions = new LinkedHashMap<>();
        rec.after.forEach((step, objects) -> {
            for (String s : List.of("storefront", "storefront-preview")) {
                assertThat(masked(objects.get(service(s)), TeamRoutersTest::withoutVersionSelector))
                        .as("Service " + s + " after " + step)
                        .isEqualTo(masked(before.get(service(s)), TeamRoutersTest::withoutVersionSelector));
            }
            versions.put(
                    step,
                    objects.get(service("storefront"))
                                    .at("/spec/selector/version")
                                    .asString() + "/"
                            + objects.get(service("storefront-preview"))
                                    .at("/spec/selector/version")
                                    .asString());
        });
        assertThat(versions)
                .containsEntry("07-switch-service-preview", "7.3.1/7.4.0")
                .containsEntry("09-approval", "7.3.1/7.4.0")
                .containsEntry("10-switch-service", "7.4.0/7.4.0");
        assertThat(now(h, service("storefront")).at("/metadata/annotations").toString())
                .contains("nlb");

        Harness again = harness("blue-green-workload");
        Map<ObjectRef, JsonNode> fresh = objects(again, refs);
        again.analyzer((plan, step) -> Optional.of(Analyzer.Verdict.unhealthy("errorRate = 0.05 is above max 0.01")));
        ReleaseExecutor exec2 = again.executor("alice");
        Outcome failed = again.drive(exec2, exec2.apply(again.plan));
        assertThat(failed.result()).as(again.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(objects(again, refs)).isEqualTo(fresh);
    }

    @Test
    void noRouter_scalesByRealShares_startsSmall_andRetiresTheTeamsDeployment() {
        Harness h = harness("replicas-workload");
        List<ObjectRef> refs = List.of(deployment("worker-api"));
        JsonNode before = now(h, deployment("worker-api"));
        Recorder rec = new Recorder(h, refs);
        List<String> counts = new ArrayList<>();
        ReleaseExecutor exec = h.executor("alice", new ExecutionListener() {
            @Override
            public void stepCompleted(Plan plan, PlanStep step) {
                rec.stepCompleted(plan, step);
                int fresh = h.deployment("worker-api-3-1-0")
                        .map(d -> d.at("/spec/replicas").asInt())
                        .orElse(-1);
                int old = h.live(deployment("worker-api")).at("/spec/replicas").asInt();
                counts.add(step.id() + " " + fresh + "/" + old);
            }
        });
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(counts)
                .contains(
                        "05-deploy 1/10",
                        "07-set-weight-10 1/9",
                        "09-set-weight-30 3/7",
                        "11-set-weight-60 6/4",
                        "13-set-weight-100 10/0",
                        "15-clean-up 10/0");
        assertThat(h.plan.step("09-set-weight-30").orElseThrow().description()).contains("3 of 10 pods, 30%");
        // The team's Deployment is retired by scaling, never deleted, and otherwise untouched.
        JsonNode team = now(h, deployment("worker-api"));
        assertThat(masked(team, TeamRoutersTest::withoutAdoption))
                .isEqualTo(masked(before, TeamRoutersTest::withoutAdoption));
    }
}
