package dev.releasepolicy.executor.testing;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.executor.kube.Cluster;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the Deployment and Job controllers the CRUD mock server does not have: on each tick, every
 * Deployment in the namespace reports all its replicas ready and every Job reports success (unless
 * told otherwise).
 */
public final class Controllers implements Runnable {

    private final Cluster cluster;
    private final String namespace;
    private volatile boolean deploymentsBecomeReady = true;
    private volatile java.util.function.Predicate<String> jobFails = name -> false;

    public Controllers(Cluster cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** From now on Deployments never become ready (readiness timeouts). */
    public Controllers stallDeployments() {
        deploymentsBecomeReady = false;
        return this;
    }

    /** From now on Jobs fail. */
    public Controllers failJobs() {
        return failJobs(name -> true);
    }

    /** From now on the Jobs whose name matches fail; the others succeed. */
    public Controllers failJobs(java.util.function.Predicate<String> name) {
        jobFails = name;
        return this;
    }

    @Override
    public void run() {
        for (JsonNode d : cluster.list(new ObjectRef("apps/v1", "Deployment", namespace, "-"), List.of())) {
            if (deploymentsBecomeReady) {
                markReady(cluster, d);
            }
        }
        for (JsonNode j : cluster.list(new ObjectRef("batch/v1", "Job", namespace, "-"), List.of())) {
            if (j.path("status").has("succeeded") || j.path("status").has("failed")) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) j).deepCopy();
            ObjectNode st = copy.putObject("status");
            if (!jobFails.test(j.path("metadata").path("name").asString())) {
                st.put("succeeded", 1);
                st.putArray("conditions").addObject().put("type", "Complete").put("status", "True");
            } else {
                st.put("failed", 1);
                st.putArray("conditions")
                        .addObject()
                        .put("type", "Failed")
                        .put("status", "True")
                        .put("reason", "BackoffLimitExceeded")
                        .put("message", "Job has reached the specified backoff limit");
            }
            cluster.updateStatus(copy);
        }
    }

    /** Writes a ready status for a Deployment (all replicas ready and updated). */
    public static void markReady(Cluster cluster, JsonNode d) {
        int replicas = d.path("spec").path("replicas").asInt(1);
        JsonNode st = d.path("status");
        if (st.path("readyReplicas").asInt(-1) == replicas
                && st.path("updatedReplicas").asInt(-1) == replicas
                && st.path("observedGeneration").asLong(0)
                        >= d.path("metadata").path("generation").asLong(0)) {
            return;
        }
        ObjectNode copy = ((ObjectNode) d).deepCopy();
        ObjectNode s = copy.putObject("status");
        s.put("observedGeneration", d.path("metadata").path("generation").asLong(1));
        s.put("replicas", replicas);
        s.put("readyReplicas", replicas);
        s.put("updatedReplicas", replicas);
        s.put("availableReplicas", replicas);
        cluster.updateStatus(copy);
    }
}
