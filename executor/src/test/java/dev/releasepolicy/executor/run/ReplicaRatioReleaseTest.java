package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canary without a traffic router, run on the fabric8 mock API server: the pods of each version are
 * what the plan's steps state, from the new Deployment's creation to its promotion.
 */
class ReplicaRatioReleaseTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    static Path manifest(Path dir, String steps) throws Exception {
        Path file = dir.resolve("shop.yaml");
        Files.writeString(file, """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  namespace: prod
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  replicas: 5
                  strategy:
                    type: Canary
                    canary:
                      steps: %s
                  healthCheck: {path: /healthz, port: 8080, timeout: 2m}
                  rollback:
                    to: "1.9.0"
                    image: registry.example.com/shop:1.9.0
                """.formatted(steps));
        return file.toAbsolutePath();
    }

    static int replicas(Harness h, String deployment) {
        return h.deployment(deployment)
                .map(d -> d.path("spec").path("replicas").asInt())
                .orElse(-1);
    }

    static int ready(Harness h, String deployment) {
        return h.deployment(deployment)
                .map(d -> d.path("status").path("readyReplicas").asInt())
                .orElse(-1);
    }

    @Test
    @DisplayName("after the first weight step the pods of each version give the share the step states")
    void firstWeightStep_podCountsMatchTheStatedShare(@TempDir Path dir) throws Exception {
        Harness h = new Harness(
                        manifest(dir, "[{setWeight: 20}, {pause: {duration: 10m}}, {setWeight: 100}]")
                                .toString(),
                        api.cluster())
                .analyzer(ExecutorScenarios.HEALTHY);
        PlanStep first = h.plan.steps().stream()
                .filter(s -> s.action() == Action.SET_WEIGHT)
                .findFirst()
                .orElseThrow();
        assertThat(first.description())
                .isEqualTo("Send 20% of the traffic to 2.0.0 by pod count: 1 of 5 pods, 20%; 4 stay on shop 1.9.0");

        ReleaseExecutor exec = h.executor("alice");
        Outcome waiting = exec.apply(h.plan);

        // Stopped in the pause after the first weight step: 1 new pod and 4 old ones, all ready.
        assertThat(waiting.result()).as(h.log.toString()).isEqualTo(Outcome.Result.WAITING);
        assertThat(List.of(replicas(h, "shop-2-0-0"), replicas(h, "shop-1-9-0")))
                .as(h.log.toString())
                .containsExactly(1, 4);
        // Once the Deployment controller has reconciled the scale-down, the ready pods are the same.
        h.controllers.run();
        assertThat(List.of(ready(h, "shop-2-0-0"), ready(h, "shop-1-9-0"))).containsExactly(1, 4);
        // The new Deployment was created at the size of the first step, never at full size.
        List<MockApi.Request> created = api.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().contains("/deployments"))
                .filter(r -> r.body().contains("shop-2-0-0"))
                .toList();
        assertThat(created).isNotEmpty().allSatisfy(r -> assertThat(r.body()).contains("\"replicas\":1"));

        Outcome done = h.drive(exec, waiting);
        assertThat(done.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(replicas(h, "shop-2-0-0")).isEqualTo(5);
        assertThat(h.deployment("shop-1-9-0")).isEqualTo(Optional.<JsonNode>empty());
    }

    @Test
    @DisplayName("steps ending below 100% promote: the new version runs all replicas before the old one is deleted")
    void stepsEndingBelow100_newVersionAtFullSizeBeforeTheOldOneGoes(@TempDir Path dir) throws Exception {
        Harness h = new Harness(
                        manifest(dir, "[{setWeight: 20}, {pause: {duration: 10m}}, {setWeight: 60}]")
                                .toString(),
                        api.cluster())
                .analyzer(ExecutorScenarios.HEALTHY);
        ReleaseExecutor exec = h.executor("alice");
        Outcome done = h.drive(exec, exec.apply(h.plan));

        assertThat(done.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(replicas(h, "shop-2-0-0")).isEqualTo(5);
        assertThat(h.deployment("shop-1-9-0")).isEmpty();
        String log = h.log.toString();
        assertThat(log.indexOf("promote")).as(log).isPositive().isLessThan(log.indexOf("clean-up"));
    }

    @Test
    @DisplayName("blue-green previewService: only its selector's version moves to green, the team's other keys stay")
    void previewService_versionKeyAlonePointsAtGreen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop-bg.yaml");
        Files.writeString(file, """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  namespace: prod
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  replicas: 2
                  strategy:
                    type: BlueGreen
                    blueGreen: {service: shop, previewService: shop-preview}
                  healthCheck: {path: /healthz, port: 8080, timeout: 2m}
                  rollback:
                    to: "1.9.0"
                    image: registry.example.com/shop:1.9.0
                """);
        Harness h = new Harness(file.toAbsolutePath().toString(), api.cluster()).analyzer(ExecutorScenarios.HEALTHY);
        ObjectNode preview = JsonNodeFactory.instance.objectNode();
        preview.put("apiVersion", "v1").put("kind", "Service");
        preview.putObject("metadata").put("name", "shop-preview").put("namespace", "prod");
        ObjectNode spec = preview.putObject("spec");
        spec.putObject("selector").put("app", "shop").put("tier", "web").put("version", "1.9.0");
        spec.putArray("ports").addObject().put("port", 80).put("targetPort", 8080);
        api.cluster().create(preview);

        ReleaseExecutor exec = h.executor("alice");
        Outcome done = h.drive(exec, exec.apply(h.plan));

        assertThat(done.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        JsonNode live = h.live(new ObjectRef("v1", "Service", "prod", "shop-preview"));
        assertThat(live.at("/spec/selector").toString())
                .isEqualTo("{\"app\":\"shop\",\"tier\":\"web\",\"version\":\"2.0.0\"}");
    }
}
