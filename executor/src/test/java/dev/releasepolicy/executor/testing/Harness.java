package dev.releasepolicy.executor.testing;

import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.RetryPolicy;
import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ObjectRef;
import dev.releasepolicy.executor.run.Analyzer;
import dev.releasepolicy.executor.run.ExecutionListener;
import dev.releasepolicy.executor.run.ExecutorSettings;
import dev.releasepolicy.executor.run.Outcome;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.run.ReleaseExecutor;
import dev.releasepolicy.executor.state.ReleaseState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reference release on a fresh mock API server: the seeded cluster, a fake clock whose sleeps
 * play the controllers, executors under different holder names, and a driver that answers waits
 * and approvals the way an operator would (advance the clock, resume, approve).
 */
public final class Harness implements AutoCloseable {

    /** Three attempts, 100 ms doubling: retries are visible but quick. */
    public static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    public final String example;
    public final MockApi api = new MockApi();
    public final FakeTime time = new FakeTime(ReferenceReleases.NOW);
    public final Controllers controllers;
    public final ExecutionPlan plan;
    public final StringWriter log = new StringWriter();
    private Analyzer analyzer = Analyzer.NONE;

    public Harness(String example) {
        this.example = example;
        this.plan = ReferenceReleases.plan(example);
        this.controllers = new Controllers(api.cluster(), plan.namespace());
        time.onSleep(controllers);
        ReferenceReleases.seed(api.cluster(), example);
        api.clearRequests();
    }

    /** Analyses answer with this analyzer from now on. */
    public Harness analyzer(Analyzer a) {
        this.analyzer = a;
        return this;
    }

    /** An executor acting as {@code holder}. */
    public ReleaseExecutor executor(String holder, ExecutionListener listener) {
        ExecutorSettings s = new ExecutorSettings(holder, Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(2),
                Duration.ofMinutes(10), RETRY);
        return new ReleaseExecutor(api.cluster(), time, time, s, Readiness.STATUS, analyzer, listener,
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
                    time.advance(Duration.between(time.instant(), o.waitingUntil().orElseThrow()));
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
        return new ReleaseExecutor(api.cluster(), time, time, ExecutorSettings.defaults(), Readiness.STATUS, analyzer,
                ExecutionListener.NONE, Progress.SILENT).store().read(plan.namespace(), plan.application()).orElseThrow();
    }

    /** A live object that must exist. */
    public JsonNode live(ObjectRef ref) {
        return ReferenceReleases.live(api.cluster(), ref);
    }

    /** A live Deployment of the release's namespace, if it exists. */
    public java.util.Optional<JsonNode> deployment(String name) {
        return api.cluster().get(new ObjectRef("apps/v1", "Deployment", plan.namespace(), name));
    }

    /** The Service of the example. */
    public JsonNode service() {
        return live(new ObjectRef("v1", "Service", plan.namespace(), ReferenceReleases.service(example)));
    }

    /**
     * The weights the VirtualService was written with, in order: for each write, the share of the new
     * version's subset on the first route.
     */
    public List<Integer> weightWrites() {
        String subset = plan.strategy().equals("BlueGreen") ? "green" : "canary";
        JsonMapper m = JsonMapper.builder().build();
        List<Integer> out = new ArrayList<>();
        for (MockApi.Request r : api.mutations("/virtualservices")) {
            if (r.method().equals("PUT") || r.method().equals("POST")) {
                out.add(ReferenceReleases.weightOf(m.readTree(r.body()), subset));
            }
        }
        return out;
    }

    @Override
    public void close() {
        api.close();
    }
}
