package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The release of {@code examples/istio-workload} on the fabric8 mock API server holding the TEAM'S
 * objects: a VirtualService with mesh and ingress gateways, two hosts, a header route first, a
 * {@code primary} route with retries, timeout, rewrite and CORS, a route to another service and a TCP
 * route; a DestinationRule with mutual TLS, a connection pool and a subset of its own; the team's
 * Deployment with env, resources, probes, volumes and a sidecar. After every step only the weights of
 * route {@code primary}, the release's subsets and the new Deployment differ from what was there; after
 * a failed analysis and after {@code rollback} the team's objects are exactly as before.
 */
class IstioTeamObjectsTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    static final String EXAMPLE = "istio-workload/release.yaml";
    static final Path RESOURCES = Path.of("src", "test", "resources", "istio");
    static final ObjectRef VS = new ObjectRef("networking.istio.io/v1", "VirtualService", "prod", "orders-api");
    static final ObjectRef DR = new ObjectRef("networking.istio.io/v1", "DestinationRule", "prod", "orders-api");
    static final ObjectRef TEAM = new ObjectRef("apps/v1", "Deployment", "prod", "orders-api");
    static final ObjectRef NEW = new ObjectRef("apps/v1", "Deployment", "prod", "orders-api-2-7-0");

    /** The example planned from its real path, so its workload file is found beside it. */
    static Plan plan() {
        Path manifest = ReferenceReleases.examples().resolve(EXAMPLE);
        return ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
    }

    static JsonNode yaml(Path file) {
        return new ManifestLoader()
                .load(file, file.getFileName().toString())
                .manifests()
                .get(0)
                .tree();
    }

    /** The cluster before the release: the team's objects and both versions' ConfigMaps. */
    static void seed(Cluster c) {
        c.create(yaml(RESOURCES.resolve("virtualservice.yaml")));
        c.create(yaml(RESOURCES.resolve("destinationrule.yaml")));
        JsonNode team = c.create(yaml(ReferenceReleases.examples().resolve("istio-workload/k8s/orders-api.yaml")));
        Controllers.markReady(c, team);
        for (String cm : List.of("orders-api-config-2-6-3", "orders-api-config-2-7-0")) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("apiVersion", "v1").put("kind", "ConfigMap");
            o.putObject("metadata").put("name", cm).put("namespace", "prod");
            o.putObject("data").put("VERSION", cm);
            c.create(o);
        }
    }

    private final Harness h = new Harness(EXAMPLE, plan(), api.cluster(), IstioTeamObjectsTest::seed);

    /** An object as the team wrote it: without what the server adds (resourceVersion, uid, status...). */
    private JsonNode now(ObjectRef ref) {
        ObjectNode o = Json.withoutServerFields(h.live(ref));
        ((ObjectNode) o.get("metadata")).remove(List.of("generation", "managedFields"));
        return o;
    }

    private Map<ObjectRef, JsonNode> teamObjects() {
        Map<ObjectRef, JsonNode> m = new LinkedHashMap<>();
        for (ObjectRef r : List.of(VS, DR, TEAM)) {
            m.put(r, now(r));
        }
        return m;
    }

    /** The VirtualService with the route list of {@code primary} taken out: what the release never touches. */
    private static JsonNode withoutPrimarySplit(JsonNode vs) {
        ObjectNode copy = (ObjectNode) vs.deepCopy();
        for (JsonNode r : copy.path("spec").path("http")) {
            if (r.path("name").asString("").equals("primary")) {
                ((ObjectNode) r).remove("route");
            }
        }
        return copy;
    }

    /** The DestinationRule without the release's subsets. */
    private static JsonNode withoutReleaseSubsets(JsonNode dr) {
        ObjectNode copy = (ObjectNode) dr.deepCopy();
        ArrayNode subsets = (ArrayNode) copy.path("spec").path("subsets");
        for (int i = subsets.size() - 1; i >= 0; i--) {
            String n = subsets.get(i).path("name").asString("");
            if (n.equals("stable") || n.equals("canary")) {
                subsets.remove(i);
            }
        }
        return copy;
    }

    private static JsonNode withReplicas(JsonNode deployment, int replicas) {
        ObjectNode copy = (ObjectNode) deployment.deepCopy();
        ((ObjectNode) copy.path("spec")).put("replicas", replicas);
        return copy;
    }

    private static JsonNode primary(JsonNode vs) {
        for (JsonNode r : vs.path("spec").path("http")) {
            if (r.path("name").asString("").equals("primary")) {
                return r;
            }
        }
        throw new AssertionError("no route primary in " + vs);
    }

    private static String split(JsonNode vs) {
        StringBuilder b = new StringBuilder();
        for (JsonNode d : primary(vs).path("route")) {
            b.append(d.path("destination").path("subset").asString("-"))
                    .append('=')
                    .append(d.path("weight").asInt(100))
                    .append(' ');
        }
        return b.toString().strip();
    }

    /** Records the team's objects after every completed step. */
    private final class Recorder implements ExecutionListener {
        final Map<String, Map<ObjectRef, JsonNode>> after = new LinkedHashMap<>();

        @Override
        public void stepCompleted(Plan plan, PlanStep step) {
            after.put(step.id(), teamObjects());
        }
    }

    @Test
    void canary_changesOnlyWeightsSubsetsAndTheNewDeployment_afterEveryStep() {
        Map<ObjectRef, JsonNode> before = teamObjects();
        Recorder rec = new Recorder();
        ReleaseExecutor exec = h.executor("alice", rec);
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(rec.after).containsKeys("08-prepare-traffic", "09-set-weight-10", "16-promote");
        Map<String, String> splits = new LinkedHashMap<>();
        boolean[] cleanedUp = {false};
        rec.after.forEach((step, objects) -> {
            cleanedUp[0] |= step.endsWith("clean-up");
            assertThat(withoutPrimarySplit(objects.get(VS)))
                    .as("VirtualService after " + step)
                    .isEqualTo(withoutPrimarySplit(before.get(VS)));
            assertThat(withoutReleaseSubsets(objects.get(DR)))
                    .as("DestinationRule after " + step)
                    .isEqualTo(before.get(DR));
            if (cleanedUp[0]) {
                // The team's own Deployment is never deleted: the clean-up scales it to zero, nothing else.
                assertThat(objects.get(TEAM).path("spec").path("replicas").asInt(-1))
                        .isZero();
                assertThat(withReplicas(objects.get(TEAM), 0))
                        .as("team's Deployment after " + step)
                        .isEqualTo(withReplicas(before.get(TEAM), 0));
            } else {
                assertThat(objects.get(TEAM))
                        .as("team's Deployment after " + step)
                        .isEqualTo(before.get(TEAM));
            }
            splits.put(step, split(objects.get(VS)));
        });
        assertThat(splits)
                .containsEntry("07-wait-ready", "-=100")
                .containsEntry("08-prepare-traffic", "stable=100 canary=0")
                .containsEntry("09-set-weight-10", "stable=90 canary=10")
                .containsEntry("12-set-weight-50", "stable=50 canary=50")
                .containsEntry("15-set-weight-100", "stable=0 canary=100")
                .containsEntry("16-promote", "stable=100");
        // The split keeps the team's destination port and response headers on each entry.
        JsonNode entry =
                primary(rec.after.get("09-set-weight-10").get(VS)).path("route").path(1);
        assertThat(entry.path("destination").path("port").path("number").asInt())
                .isEqualTo(8080);
        assertThat(entry.path("destination").path("host").asString()).isEqualTo("orders-api");
        assertThat(entry.path("headers")
                        .path("response")
                        .path("add")
                        .path("x-served-by")
                        .asString())
                .isEqualTo("orders-api");

        JsonNode prepared =
                rec.after.get("08-prepare-traffic").get(DR).path("spec").path("subsets");
        assertThat(prepared.toString())
                .contains("{\"name\":\"stable\",\"labels\":{\"app\":\"orders-api\",\"version\":\"2.6.3\"}}")
                .contains("{\"name\":\"canary\",\"labels\":{\"app\":\"orders-api\",\"version\":\"2.7.0\"}}");
        JsonNode promoted = now(DR).path("spec").path("subsets");
        assertThat(promoted.toString())
                .contains("{\"name\":\"stable\",\"labels\":{\"app\":\"orders-api\",\"version\":\"2.7.0\"}}")
                .doesNotContain("\"canary\"")
                .contains("\"debug\"");

        // The new version's Deployment is the team's, with only image, version label and ConfigMap changed.
        ObjectNode fresh = (ObjectNode) now(NEW);
        JsonNode team = before.get(TEAM);
        JsonNode freshPod = fresh.at("/spec/template/spec");
        assertThat(freshPod.at("/containers/0/image").asString())
                .isEqualTo("registry.example.com/shop/orders-api:2.7.0");
        assertThat(freshPod.at("/containers/0/envFrom/0/configMapRef/name").asString())
                .isEqualTo("orders-api-config-2-7-0");
        assertThat(freshPod.at("/volumes/0/configMap/name").asString()).isEqualTo("orders-api-config-2-7-0");
        ObjectNode normalised = (ObjectNode) freshPod.deepCopy();
        ((ObjectNode) normalised.at("/containers/0")).set("image", team.at("/spec/template/spec/containers/0/image"));
        ((ObjectNode) normalised.at("/containers/0/envFrom/0/configMapRef")).put("name", "orders-api-config-2-6-3");
        ((ObjectNode) normalised.at("/volumes/0/configMap")).put("name", "orders-api-config-2-6-3");
        assertThat(normalised)
                .as("env, resources, probes, volumes and the sidecar are the team's")
                .isEqualTo(team.at("/spec/template/spec"));
        assertThat(fresh.at("/spec/selector/matchLabels/version").asString()).isEqualTo("2.7.0");
    }

    @Test
    void failedAnalysis_rollsBack_teamObjectsExactlyAsBefore() {
        Map<ObjectRef, JsonNode> before = teamObjects();
        h.analyzer((plan, step) -> Optional.of(
                step.id().equals("11-analysis")
                        ? Analyzer.Verdict.unhealthy("errorRate = 0.05 is above max 0.01")
                        : Analyzer.Verdict.healthy("fine")));
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(teamObjects()).isEqualTo(before);
        assertThat(h.deployment(NEW.name())).isEmpty();
    }

    @Test
    void rollbackCommand_atAPause_teamObjectsExactlyAsBefore() {
        Map<ObjectRef, JsonNode> before = teamObjects();
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = exec.apply(h.plan);
        for (int i = 0; i < 5 && o.result() != Outcome.Result.WAITING; i++) {
            o = exec.approve(h.plan.namespace(), h.plan.application(), "lead");
        }
        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.WAITING);
        assertThat(split(now(VS))).isEqualTo("stable=90 canary=10");

        Outcome back = h.executor("bob").rollback(h.plan.namespace(), h.plan.application(), "not today");

        assertThat(back.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(teamObjects()).isEqualTo(before);
        assertThat(h.deployment(NEW.name())).isEmpty();
    }

    /** The team's Deployment file without the version label in its pod template (never released by us). */
    static String unlabelledTeamDeployment() throws java.io.IOException {
        String team = java.nio.file.Files.readString(
                ReferenceReleases.examples().resolve("istio-workload/k8s/orders-api.yaml"));
        String unlabelled = team.replace("        version: \"2.6.3\"\n", "");
        assertThat(unlabelled).isNotEqualTo(team);
        return unlabelled;
    }

    @Test
    void adoption_firstRelease_labelsTheTeamsTemplateOnly_rollbackPutsItBackExactly(@TempDir Path dir)
            throws java.io.IOException {
        Path release = dir.resolve("release.yaml");
        java.nio.file.Files.copy(ReferenceReleases.examples().resolve(EXAMPLE), release);
        java.nio.file.Files.createDirectories(dir.resolve("k8s"));
        java.nio.file.Files.writeString(dir.resolve("k8s/orders-api.yaml"), unlabelledTeamDeployment());
        Plan plan = ReferenceReleases.planOf(release, release.toString(), ReferenceReleases.NOW);
        assertThat(plan.steps()).anySatisfy(s -> assertThat(s.id()).isEqualTo("06-adopt"));
        Harness a = new Harness(EXAMPLE, plan, api.cluster(), c -> {
            seed(c);
            ObjectNode team = (ObjectNode) c.get(TEAM).orElseThrow();
            ((ObjectNode) team.at("/spec/template/metadata/labels")).remove("version");
            Controllers.markReady(c, c.update(team));
        });
        JsonNode before = Json.withoutServerFields(a.live(TEAM));
        a.analyzer((p, step) -> Optional.of(
                step.id().equals("12-analysis")
                        ? Analyzer.Verdict.unhealthy("errorRate = 0.05 is above max 0.01")
                        : Analyzer.Verdict.healthy("fine")));
        java.util.List<String> labels = new java.util.ArrayList<>();
        ReleaseExecutor exec = a.executor("alice", new ExecutionListener() {
            @Override
            public void stepCompleted(Plan p, PlanStep step) {
                JsonNode team = a.live(TEAM);
                labels.add(step.id() + " "
                        + team.at("/spec/template/metadata/labels/version").asString("-"));
                if (step.id().equals("06-adopt")) {
                    ObjectNode adopted = Json.withoutServerFields(team);
                    ((ObjectNode) adopted.at("/spec/template/metadata/labels")).remove("version");
                    ((ObjectNode) adopted.get("metadata")).remove(List.of("generation", "managedFields"));
                    JsonNode was = before.deepCopy();
                    ((ObjectNode) was.get("metadata")).remove(List.of("generation", "managedFields"));
                    assertThat(adopted).as("only the template label changed").isEqualTo(was);
                    assertThat(team.at("/spec/selector").toString())
                            .isEqualTo(before.at("/spec/selector").toString());
                }
            }
        });
        Outcome o = a.drive(exec, exec.apply(a.plan));

        assertThat(o.result()).as(a.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(labels).contains("06-adopt 2.6.3");
        assertThat(labels.get(0)).endsWith(" -");
        JsonNode after = Json.withoutServerFields(a.live(TEAM));
        ((ObjectNode) after.get("metadata")).remove(List.of("generation", "managedFields"));
        ((ObjectNode) before.get("metadata")).remove(List.of("generation", "managedFields"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void liveWorkload_newDeploymentMadeFromTheTeamsLiveDeploymentAtApplyTime(@TempDir Path dir)
            throws java.io.IOException {
        Path release = dir.resolve("release.yaml");
        String text =
                java.nio.file.Files.readString(ReferenceReleases.examples().resolve(EXAMPLE));
        java.nio.file.Files.writeString(
                release, text.replace("manifest: k8s/orders-api.yaml", "deployment: orders-api"));
        Plan plan = ReferenceReleases.planOf(release, release.toString(), ReferenceReleases.NOW);
        var deploy = plan.steps().stream()
                .filter(s -> s.id().endsWith("-deploy"))
                .findFirst()
                .orElseThrow()
                .objects()
                .get(0);
        assertThat(deploy.operation()).isEqualTo(dev.releasepolicy.core.plan.Operation.CREATE_FROM);
        assertThat(deploy.headline()).contains("orders-api-2-7-0 from the live Deployment orders-api");
        Harness live = new Harness(EXAMPLE, plan, api.cluster(), IstioTeamObjectsTest::seed);
        JsonNode team = Json.withoutServerFields(live.live(TEAM));
        ReleaseExecutor exec = live.executor("alice");
        Outcome o = live.drive(exec, exec.apply(live.plan));

        assertThat(o.result()).as(live.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        JsonNode fresh = live.live(NEW);
        assertThat(fresh.at("/spec/template/spec/containers/0/image").asString())
                .isEqualTo("registry.example.com/shop/orders-api:2.7.0");
        assertThat(fresh.at("/spec/template/spec/containers/1")).isEqualTo(team.at("/spec/template/spec/containers/1"));
        assertThat(fresh.at("/spec/template/spec/volumes/1")).isEqualTo(team.at("/spec/template/spec/volumes/1"));
    }

    @Test
    void missingVirtualService_isAClearFailure_neverCreated() {
        api.cluster().delete(VS);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).isIn(Outcome.Result.ROLLED_BACK, Outcome.Result.ROLLBACK_FAILED);
        assertThat(o.message())
                .contains("the release changes the team's VirtualService prod/orders-api; it does not create it");
        assertThat(api.cluster().get(VS)).isEmpty();
    }
}
