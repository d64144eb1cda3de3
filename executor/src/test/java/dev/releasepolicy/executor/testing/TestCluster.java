package dev.releasepolicy.executor.testing;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A {@link Cluster} in front of a real one (the mock server or a real API server) that records every
 * write the executor makes and fails chosen requests with an HTTP status, the way the API server
 * would answer. Works the same on both servers, so the scenario suite runs on both.
 */
public final class TestCluster implements Cluster {

    /** One request: {@code get}, {@code create}, {@code update}, {@code update-status}, {@code delete}, {@code list}. */
    public record Call(String operation, ObjectRef ref, Optional<JsonNode> body, boolean failed) {
        Call(String operation, ObjectRef ref, Optional<JsonNode> body) {
            this(operation, ref, body, false);
        }

        public boolean isWrite() {
            return operation.equals("create") || operation.equals("update") || operation.equals("delete");
        }
    }

    private static final class Fault {
        final Predicate<Call> when;
        final int code;
        int times;

        Fault(Predicate<Call> when, int code, int times) {
            this.when = when;
            this.code = code;
            this.times = times;
        }
    }

    private final Cluster delegate;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    public TestCluster(Cluster delegate) {
        this.delegate = delegate;
    }

    /** The cluster without recording or faults (for the test's own reads and writes). */
    public Cluster raw() {
        return delegate;
    }

    /** Makes the next {@code times} calls matching {@code when} fail with HTTP {@code code}. */
    public void fail(Predicate<Call> when, int code, int times) {
        faults.add(new Fault(when, code, times));
    }

    public void clear() {
        calls.clear();
        faults.clear();
    }

    /** The calls so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The writes so far that the server accepted (injected failures left out). */
    public List<Call> writes() {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.isWrite() && !c.failed()) {
                out.add(c);
            }
        }
        return out;
    }

    private void before(Call call) {
        for (Fault f : faults) {
            synchronized (f) {
                if (f.times > 0 && f.when.test(call)) {
                    f.times--;
                    calls.add(new Call(call.operation(), call.ref(), call.body(), true));
                    throw new ClusterException(call.operation(), call.ref(), f.code, "injected failure", null);
                }
            }
        }
        calls.add(call);
    }

    @Override
    public Optional<JsonNode> get(ObjectRef ref) {
        before(new Call("get", ref, Optional.empty()));
        return delegate.get(ref);
    }

    @Override
    public JsonNode create(JsonNode object) {
        before(new Call("create", Cluster.refOf(object), Optional.of(object)));
        return delegate.create(object);
    }

    @Override
    public JsonNode update(JsonNode object) {
        before(new Call("update", Cluster.refOf(object), Optional.of(object)));
        return delegate.update(object);
    }

    @Override
    public JsonNode updateStatus(JsonNode object) {
        before(new Call("update-status", Cluster.refOf(object), Optional.of(object)));
        return delegate.updateStatus(object);
    }

    @Override
    public boolean delete(ObjectRef ref) {
        before(new Call("delete", ref, Optional.empty()));
        return delegate.delete(ref);
    }

    @Override
    public List<JsonNode> list(ObjectRef kindAndNamespace, List<String> labelSelector) {
        before(new Call("list", kindAndNamespace, Optional.empty()));
        return delegate.list(kindAndNamespace, labelSelector);
    }

    @Override
    public JsonNode dryRun(JsonNode object, boolean exists) {
        before(new Call("dry-run", Cluster.refOf(object), Optional.of(object)));
        return delegate.dryRun(object, exists);
    }
}
