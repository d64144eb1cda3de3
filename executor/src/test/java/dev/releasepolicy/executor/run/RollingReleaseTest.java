package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.KubeObjects;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.testing.Analyzers;
import dev.releasepolicy.executor.testing.Controllers;
import dev.releasepolicy.executor.testing.FakeTime;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import dev.releasepolicy.executor.testing.SimulatedKill;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Rolling release (the planner's {@code rolling-worker} fixture): the Deployment's pod template is
 * updated in place, and a rollback puts the recorded previous template back, like
 * {@code kubectl rollout undo} but without relying on ReplicaSets (which the mock server lacks).
 */
class RollingReleaseTest {

    private static final Path MANIFEST = Path.of("../core/src/test/resources/plan/rolling-worker.yaml");
    private static final ObjectRef DEPLOYMENT = new ObjectRef("apps/v1", "Deployment", "batch", "billing-worker");

    @AutoClose
    private static final MockApi api = new MockApi();

    private Plan plan;
    private FakeTime time;
    private final StringWriter log = new StringWriter();

    @BeforeEach
    void seed() {
        api.reset();
        Cluster c = api.cluster();
        ReleaseSpec spec = ReleaseSpec.of(new ManifestLoader()
                .load(MANIFEST, "rolling-worker.yaml")
                .manifests()
                .get(0));
        plan = ReferenceReleases.planOf(MANIFEST, "rolling-worker.yaml", ReferenceReleases.NOW);
        for (String cm : List.of("billing-worker-config-1-8-0", "billing-worker-config-1-7-2")) {
            c.create(tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + cm
                            + "\",\"namespace\":\"batch\"}}"));
        }
        KubeObjects.Workload old = new KubeObjects.Workload(
                "billing-worker",
                "batch",
                "1.7.2",
                "registry.example.com/billing/worker:1.7.2",
                5,
                List.of("billing-worker-config-1-7-2"),
                spec.healthCheck(),
                "billing-worker-1-7-2",
                "sha256:previous");
        Controllers.markReady(c, c.create(KubeObjects.rollingDeployment(old, (StrategySpec.Rolling) spec.strategy())));
        time = new FakeTime(ReferenceReleases.NOW).onSleep(new Controllers(c, "batch"));
    }

    private ReleaseExecutor executor(String holder, ExecutionListener listener) {
        ExecutorSettings s = new ExecutorSettings(
                holder,
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Harness.RETRY);
        return new ReleaseExecutor(
                api.cluster(),
                time,
                time,
                s,
                Readiness.STATUS,
                Analyzers.HEALTHY_WITHOUT_METRICS,
                listener,
                Progress.plain(new PrintWriter(log, true)));
    }

    private JsonNode container() {
        return api.cluster()
                .get(DEPLOYMENT)
                .orElseThrow()
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
    }

    @Test
    void apply_rollingUpdate_templateUpdatedInPlace() {
        Outcome o = executor("alice", ExecutionListener.NONE).apply(plan);

        assertThat(o.result()).as(log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(container().path("image").asString()).isEqualTo("registry.example.com/billing/worker:1.8.0");
        JsonNode d = api.cluster().get(DEPLOYMENT).orElseThrow();
        assertThat(d.path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels")
                        .path("version")
                        .asString())
                .isEqualTo("1.8.0");
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(d.path("spec").path("strategy").path("type").asString()).isEqualTo("RollingUpdate");
        assertThat(o.notes()).anyMatch(n -> n.contains("V7__split_invoice_table"));
    }

    @Test
    void rollback_afterTheRollout_previousTemplateRestored() {
        ExecutionListener stop = new ExecutionListener() {
            @Override
            public void stepCompleted(Plan p, PlanStep step) {
                if (step.id().equals("06-wait-ready")) {
                    throw new SimulatedKill("after the rollout");
                }
            }
        };
        try {
            executor("alice", stop).apply(plan);
        } catch (SimulatedKill e) {
            time.advance(Duration.ofMinutes(3));
        }
        assertThat(container().path("image").asString()).endsWith(":1.8.0");

        Outcome o = executor("bob", ExecutionListener.NONE).rollback("batch", "billing-worker", "error budget burnt");

        assertThat(o.result()).as(log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(container().path("image").asString()).isEqualTo("registry.example.com/billing/worker:1.7.2");
        assertThat(container()
                        .path("envFrom")
                        .path(0)
                        .path("configMapRef")
                        .path("name")
                        .asString())
                .isEqualTo("billing-worker-config-1-7-2");
        JsonNode d = api.cluster().get(DEPLOYMENT).orElseThrow();
        assertThat(d.path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels")
                        .path("version")
                        .asString())
                .isEqualTo("1.7.2");
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(o.notes()).anyMatch(n -> n.contains("needs a person") && n.contains("V7__split_invoice_table"));
    }
}
