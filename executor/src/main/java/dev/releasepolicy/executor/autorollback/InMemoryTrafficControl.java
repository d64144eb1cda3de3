package dev.releasepolicy.executor.autorollback;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Traffic control in memory for tests: keeps the weights and the new version's replicas, records
 * every operation, tells a listener about weight changes (e.g. a simulated traffic generator) and
 * can be told to fail.
 */
public final class InMemoryTrafficControl implements TrafficControl {

    private Weights weights = Weights.ALL_STABLE;
    private int newReplicas;
    private final List<String> operations = new ArrayList<>();
    private final Consumer<Weights> listener;
    private RuntimeException failRestore;
    private int failuresLeft;

    public InMemoryTrafficControl(int newReplicas, Consumer<Weights> listener) {
        this.newReplicas = newReplicas;
        this.listener = listener;
    }

    public InMemoryTrafficControl() {
        this(3, w -> { });
    }

    /** Makes the next {@code times} calls of restoreStable() throw this. */
    public synchronized void failRestores(int times, RuntimeException e) {
        this.failRestore = e;
        this.failuresLeft = times;
    }

    @Override
    public void setCanaryWeight(int percent) {
        Weights w;
        synchronized (this) {
            weights = Weights.canary(percent);
            operations.add("setCanaryWeight " + percent);
            w = weights;
        }
        listener.accept(w);
    }

    @Override
    public void restoreStable() {
        synchronized (this) {
            if (failuresLeft > 0) {
                failuresLeft--;
                RuntimeException e = failRestore;
                operations.add("restoreStable FAILED");
                throw e;
            }
            weights = Weights.ALL_STABLE;
            operations.add("restoreStable");
        }
        listener.accept(Weights.ALL_STABLE);
    }

    @Override
    public synchronized void scaleDownNew() {
        newReplicas = 0;
        operations.add("scaleDownNew");
    }

    @Override
    public synchronized Weights currentWeights() {
        return weights;
    }

    public synchronized int newReplicas() {
        return newReplicas;
    }

    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }
}
