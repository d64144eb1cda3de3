package dev.releasepolicy.executor.kube;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Decides from its status whether a workload is ready. Pluggable: the default reads what the
 * Deployment and Job controllers write; on a server without controllers (the CRUD mock) tests write
 * that status themselves.
 */
public interface Readiness {

    /** The verdict on one object: ready, not yet (with why), or failed for good. */
    record State(boolean ready, boolean failed, String detail) {
        public static State ready(String detail) {
            return new State(true, false, detail);
        }

        public static State waiting(String detail) {
            return new State(false, false, detail);
        }

        public static State failed(String detail) {
            return new State(false, true, detail);
        }
    }

    /** The readiness of a Deployment. */
    State deployment(JsonNode deployment);

    /** The completion of a Job. */
    State job(JsonNode job);

    /**
     * Deployments: {@code readyReplicas} and {@code updatedReplicas} ≥ {@code spec.replicas}, the
     * controller has seen the current generation, and the rollout has not exceeded its progress
     * deadline. Jobs: a {@code Complete} condition or {@code succeeded ≥ 1}; {@code Failed} fails.
     */
    Readiness STATUS = new Readiness() {
        @Override
        public State deployment(JsonNode d) {
            int want = d.path("spec").path("replicas").asInt(1);
            JsonNode st = d.path("status");
            int ready = st.path("readyReplicas").asInt(0);
            int updated = st.path("updatedReplicas").asInt(st.has("updatedReplicas") ? 0 : ready);
            Optional<JsonNode> deadline = conditions(st)
                    .filter(c -> "Progressing".equals(c.path("type").asString())
                            && "ProgressDeadlineExceeded"
                                    .equals(c.path("reason").asString()))
                    .findFirst();
            if (deadline.isPresent()) {
                return State.failed("progress deadline exceeded: "
                        + deadline.get().path("message").asString(""));
            }
            long generation = d.path("metadata").path("generation").asLong(0);
            long observed = st.path("observedGeneration").asLong(generation);
            String detail = ready + "/" + want + " ready, " + updated + "/" + want + " updated";
            if (observed >= generation && ready >= want && updated >= want) {
                return State.ready(detail);
            }
            return State.waiting(
                    detail + (observed < generation ? ", generation " + generation + " not observed yet" : ""));
        }

        @Override
        public State job(JsonNode j) {
            JsonNode st = j.path("status");
            if (conditions(st)
                    .anyMatch(c -> "Failed".equals(c.path("type").asString())
                            && "True".equals(c.path("status").asString()))) {
                return State.failed("job failed: "
                        + conditions(st)
                                .filter(c -> "Failed".equals(c.path("type").asString()))
                                .findFirst()
                                .map(c -> c.path("message")
                                        .asString(c.path("reason").asString("")))
                                .orElse(""));
            }
            if (st.path("succeeded").asInt(0) >= 1
                    || conditions(st)
                            .anyMatch(c -> "Complete".equals(c.path("type").asString())
                                    && "True".equals(c.path("status").asString()))) {
                return State.ready("job complete");
            }
            int failed = st.path("failed").asInt(0);
            int limit = j.path("spec").path("backoffLimit").asInt(6);
            if (failed > limit) {
                return State.failed("job failed " + failed + " times (backoffLimit " + limit + ")");
            }
            return State.waiting("job running (" + st.path("active").asInt(0) + " active, " + failed + " failed)");
        }

        private java.util.stream.Stream<JsonNode> conditions(JsonNode status) {
            return status.path("conditions").valueStream();
        }
    };
}
