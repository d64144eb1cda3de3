package dev.releasepolicy.executor.autorollback;

/**
 * Moves a release's traffic and capacity; what the automatic rollback needs from the executor. The
 * executor implements it with fabric8 (Istio VirtualService weights or Service selector switch,
 * Deployment scale); {@link InMemoryTrafficControl} implements it for tests. Methods throw
 * runtime exceptions (e.g. fabric8's) when the cluster refuses; the watcher reports them.
 */
public interface TrafficControl {

    /** Sends {@code percent} (0..100) of the traffic to the new version and the rest to the stable one. */
    void setCanaryWeight(int percent);

    /** Sends all traffic back to the stable version; returns once the routing is in effect. */
    void restoreStable();

    /** Scales the new version down to zero replicas (after its traffic is gone). */
    void scaleDownNew();

    /** The weights in effect now, read back from where they are enforced. */
    Weights currentWeights();
}
