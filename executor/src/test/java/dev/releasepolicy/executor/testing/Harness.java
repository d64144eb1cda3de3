package dev.releasepolicy.executor.testing;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.RetryPolicy;
import dev.releasepolicy.executor.run.Analyzer;
import dev.releasepolicy.executor.run.ExecutionListener;
import dev.releasepolicy.executor.run.ExecutorSettings;
import dev.releasepolicy.executor.run.Outcome;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.run.ReleaseExecutor;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One reference release on an emptied API server (the mock, or a real one): the seeded cluster, a
 * fake clock whose sleeps play the controllers, executors under different holder names, and a
 * driver that answers waits and approvals the way an operator would (advance the clock, resume,
 * approve).
 */
public final class Harness {

    /** Three attempts, 100 ms doubling: retries are visible but quick. */
    public static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
    /** The kinds the scenarios create, emptied between scenarios. */
    public static final List<ObjectRef> KINDS = List.of(
            new ObjectRef("apps/v1", "Deployment", "prod", "-"),
            new ObjectRef("v1", "Service", "prod", "-"),
            new ObjectRef("v1", "ConfigMap", "prod", "-"),
            new ObjectRef("batch/v1", "Job", "prod", "-"),
            new ObjectRef("networking.istio.io/v1", "VirtualService", "prod", "-"),
            new ObjectRef("networking.istio.io/v1", "DestinationRule", "prod", "-"),
            new ObjectRef("gateway.networking.k8s.io/v1", "HTTPRoute", "prod", "-"));

    public final String example;
    public final TestCluster cluster;
    public final FakeTime time = new FakeTime(ReferenceReleases.NOW);
    public final Controllers controllers;
    public final Plan plan;
    public final StringWriter log = new StringWriter();
    private Analyzer analyzer = Analyzers.HEALTHY_WITHOUT_METRICS;

    /** Empties {@code server} of the scenario kinds in namespace prod and seeds the example's cluster. */
    public Harness(String example, Cluster server) {
        this(example, ReferenceReleases.plan(example), server, s -> ReferenceReleases.seed(s, example));
    }

    /**
     * Empties {@code server} of the scenario kinds in namespace prod and seeds it with {@code seed}
     * (the team's own objects) for {@code plan}, the plan of the example {@code example}.
     */
    public Harness(String example, Plan plan, Cluster server, java.util.function.Consumer<Cluster> seed) {
        this.example = example;
        empty(server);
        this.cluster = new TestCluster(server);
        this.plan = plan;
        this.controllers = new Controllers(server, plan.namespace());
        time.onSleep(controllers);
        seed.accept(server);
    }

    /** Deletes the objects of the scenario kinds in namespace prod. */
    public static void empty(Cluster server) {
        for (ObjectRef kind : KINDS) {
            for (JsonNode o : server.list(kind, List.of())) {
                server.delete(Cluster.refOf(o));
            }
        }
    }

    /** Analyses answer with this analyzer from now on. */
    public Harness analyzer(Analyzer a) {
        this.analyzer = a;
        return this;
    }

    /** An executor acting as {@code holder}. */
    public ReleaseExecutor executor(String holder, ExecutionListener listener) {
        ExecutorSettings s = new ExecutorSettings(
                holder,
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                RETRY);
        return new ReleaseExecutor(
                cluster,
                time,
                time,
                s,
                Readiness.STATUS,
                analyzer,
                listener,
                Progress.plain(new PrintWriter(log, true)));
    }

    /** An executor acting as {@code holder} that stays through long waits ({@code --watch}). */
    public ReleaseExecutor stayingExecutor(String holder) {
        ExecutorSettings s = new ExecutorSettings(
                        holder,
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(10),
                        RETRY)
                .stayingThroughWaits();
        return new ReleaseExecutor(
                cluster,
                time,
                time,
                s,
                Readiness.STATUS,
                analyzer,
                ExecutionListener.NONE,
                Progress.plain(new PrintWriter(log, true)));
    }

    /** An executor acting as {@code holder} that nobody listens to. */
    public ReleaseExecutor executor(String holder) {
        return executor(holder, ExecutionListener.NONE);
    }

    /**
     * Answers waits (the clock moves to their end, then resume) and approvals (approve) until the
     * release succeeds or is rolled back.
     */
    public Outcome drive(ReleaseExecutor exec, Outcome outcome) {
        Outcome o = outcome;
        for (int guard = 0; guard < 100; guard++) {
            switch (o.result()) {
                case WAITING -> {
                    time.advance(
                            Duration.between(time.instant(), o.waitingUntil().orElseThrow()));
                    o = exec.resume(plan.namespace(), plan.application());
                }
                case AWAITING_APPROVAL -> o = exec.approve(plan.namespace(), plan.application());
                default -> {
                    return o;
                }
            }
        }
        throw new AssertionError("the release did not finish: " + o);
    }

    /** The recorded state. */
    public ReleaseState state() {
        return StateStore.fromConfigMap(live(StateStore.ref(plan.namespace(), plan.application())));
    }

    /** A live object that must exist. */
    public JsonNode live(ObjectRef ref) {
        return ReferenceReleases.live(cluster.raw(), ref);
    }

    /** A live Deployment of the release's namespace, if it exists. */
    public Optional<JsonNode> deployment(String name) {
        return cluster.raw().get(new ObjectRef("apps/v1", "Deployment", plan.namespace(), name));
    }

    /** The Service of the example. */
    public JsonNode service() {
        return live(new ObjectRef("v1", "Service", plan.namespace(), ReferenceReleases.service(example)));
    }

    /** The live VirtualService of the example. */
    public JsonNode virtualService() {
        return live(ReferenceReleases.virtualService(example));
    }

    /**
     * The weights the VirtualService was written with, in order: for each write, the new version's
     * share on the first route.
     */
    public List<Integer> weightWrites() {
        String subset = plan.metadata().strategy().manifestName().equals("BlueGreen") ? "green" : "canary";
        List<Integer> out = new ArrayList<>();
        for (TestCluster.Call c : cluster.writes()) {
            if (c.ref().kind().equals("VirtualService") && c.body().isPresent()) {
                out.add(ReferenceReleases.weightOf(c.body().get(), subset));
            }
        }
        return out;
    }

    /** The Service selectors written, in order ({@code version} label value, or "-" when none). */
    public List<String> selectorWrites() {
        List<String> out = new ArrayList<>();
        for (TestCluster.Call c : cluster.writes()) {
            if (c.ref().kind().equals("Service") && c.body().isPresent()) {
                out.add(c.body()
                        .get()
                        .path("spec")
                        .path("selector")
                        .path("version")
                        .asString("-"));
            }
        }
        return out;
    }

    /**
     * Asserts the cluster is as before the release: the previous Deployment with its replicas and
     * labels, no new Deployment, the Service selecting the previous version (blue-green), the
     * VirtualService as seeded (all traffic to the Service, no subsets).
     */
    public void assertPreviousVersionServes() {
        JsonNode spec = ReferenceReleases.manifest(example).path("spec");
        JsonNode prev = deployment(ReferenceReleases.previousDeployment(example))
                .orElseThrow(() -> new AssertionError("previous Deployment missing\n" + log));
        org.assertj.core.api.Assertions.assertThat(
                        prev.path("spec").path("replicas").asInt())
                .isEqualTo(spec.path("replicas").asInt());
        org.assertj.core.api.Assertions.assertThat(
                        prev.path("metadata").path("labels").path("version").asString())
                .isEqualTo(spec.path("rollback").path("to").asString());
        org.assertj.core.api.Assertions.assertThat(prev.path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .path(0)
                        .path("image")
                        .asString())
                .isEqualTo(spec.path("rollback").path("image").asString());
        org.assertj.core.api.Assertions.assertThat(deployment(ReferenceReleases.newDeployment(example)))
                .as("new Deployment\n" + log)
                .isEmpty();
        if (plan.metadata().strategy().manifestName().equals("BlueGreen")) {
            org.assertj.core.api.Assertions.assertThat(service()
                            .path("spec")
                            .path("selector")
                            .path("version")
                            .asString())
                    .isEqualTo(spec.path("rollback").path("to").asString());
        }
        JsonNode routes = virtualService().path("spec").path("http").path(0).path("route");
        org.assertj.core.api.Assertions.assertThat(routes.size())
                .as("routes of " + virtualService())
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(
                        routes.path(0).path("destination").has("subset"))
                .isFalse();
    }

    /** Asserts the release is fully out: new version serving all traffic, previous one gone. */
    public void assertNewVersionServes() {
        JsonNode spec = ReferenceReleases.manifest(example).path("spec");
        JsonNode fresh = deployment(ReferenceReleases.newDeployment(example))
                .orElseThrow(() -> new AssertionError("new Deployment missing\n" + log));
        org.assertj.core.api.Assertions.assertThat(
                        fresh.path("spec").path("replicas").asInt())
                .isEqualTo(spec.path("replicas").asInt());
        org.assertj.core.api.Assertions.assertThat(
                        fresh.path("metadata").path("labels").path("version").asString())
                .isEqualTo(spec.path("version").asString());
        org.assertj.core.api.Assertions.assertThat(deployment(ReferenceReleases.previousDeployment(example)))
                .isEmpty();
        JsonNode vs = virtualService();
        boolean blueGreen = plan.metadata().strategy().manifestName().equals("BlueGreen");
        if (blueGreen) {
            org.assertj.core.api.Assertions.assertThat(service()
                            .path("spec")
                            .path("selector")
                            .path("version")
                            .asString())
                    .isEqualTo(spec.path("version").asString());
        }
        // The split has ended: the stable subset (blue for a blue-green) takes everything and selects the new
        // version; the new version's own subset is gone.
        String stableSubset = blueGreen ? "blue" : "stable";
        String key = blueGreen ? "blueGreen" : "canary";
        org.assertj.core.api.Assertions.assertThat(ReferenceReleases.weightOf(vs, stableSubset))
                .as(vs.toString())
                .isEqualTo(100);
        ObjectRef drRef = new ObjectRef(
                vs.path("apiVersion").asString(),
                "DestinationRule",
                plan.namespace(),
                spec.path("strategy")
                        .path(key)
                        .path("trafficRouting")
                        .path("istio")
                        .path("destinationRule")
                        .asString());
        JsonNode subsets = live(drRef).path("spec").path("subsets");
        org.assertj.core.api.Assertions.assertThat(subsets)
                .as(subsets.toString())
                .hasSize(1);
        org.assertj.core.api.Assertions.assertThat(subsets.path(0).path("name").asString())
                .isEqualTo(stableSubset);
        org.assertj.core.api.Assertions.assertThat(
                        subsets.path(0).path("labels").path("version").asString())
                .as("the stable subset selects the new version")
                .isEqualTo(spec.path("version").asString());
    }
}
