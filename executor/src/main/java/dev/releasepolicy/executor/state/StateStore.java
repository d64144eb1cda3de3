package dev.releasepolicy.executor.state;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Retrier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each application's {@link ReleaseState} in a ConfigMap {@code release-policy-<application>}
 * in the release's namespace. Every write is an update with the {@code resourceVersion} that was
 * read, so two processes can never both believe they hold the release: the loser gets a 409, re-reads,
 * and either re-applies its change (it still holds the release) or stops ({@link RefusedException.Reason#LOCK_LOST}).
 */
public final class StateStore {

    /** Label on every state ConfigMap. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Label naming the application a state ConfigMap belongs to. */
    public static final String APPLICATION_LABEL = "releasepolicy.dev/application";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NF = JsonNodeFactory.instance;
    private static final int MAX_CONFLICTS = 10;

    private final Cluster cluster;
    private final Retrier retrier;

    public StateStore(Cluster cluster, Retrier retrier) {
        this.cluster = cluster;
        this.retrier = retrier;
    }

    /** {@code release-policy-<application>}. */
    public static String configMapName(String application) {
        return "release-policy-" + application;
    }

    /** The reference of an application's state ConfigMap. */
    public static ObjectRef ref(String namespace, String application) {
        return new ObjectRef("v1", "ConfigMap", namespace, configMapName(application));
    }

    /** The recorded state, or empty when the application has none. */
    public Optional<ReleaseState> read(String namespace, String application) {
        return retrier.call(() -> cluster.get(ref(namespace, application))).map(StateStore::fromConfigMap);
    }

    /** Creates the state; empty when the ConfigMap exists already (someone else created it first). */
    public Optional<ReleaseState> create(ReleaseState state) {
        JsonNode stored = retrier.call(() -> {
            try {
                return cluster.create(toConfigMap(state));
            } catch (ClusterException e) {
                if (e.isConflict()) {
                    return null;
                }
                throw e;
            }
        });
        return Optional.ofNullable(stored).map(StateStore::fromConfigMap);
    }

    /**
     * Writes {@code change(current)} with the resourceVersion of {@code current}. On a conflict it
     * re-reads: if the release is still held by {@code current}'s holder the change is applied to the
     * fresh state and written again; otherwise the lock is lost.
     */
    public ReleaseState update(ReleaseState current, UnaryOperator<ReleaseState> change) {
        ReleaseState base = current;
        for (int attempt = 1; ; attempt++) {
            ReleaseState next = change.apply(base);
            try {
                JsonNode stored = retrier.call(() -> {
                    try {
                        return cluster.update(toConfigMap(next));
                    } catch (ClusterException e) {
                        if (e.isConflict()) {
                            throw new StaleWrite(e);
                        }
                        throw e;
                    }
                });
                return fromConfigMap(stored);
            } catch (StaleWrite e) {
                ReleaseState fresh = read(current.namespace(), current.application())
                        .orElseThrow(() -> new RefusedException(
                                RefusedException.Reason.LOCK_LOST,
                                "the state ConfigMap " + configMapName(current.application()) + " was deleted while "
                                        + current.holder() + " ran the release"));
                if (!fresh.holder().equals(current.holder()) || attempt >= MAX_CONFLICTS) {
                    throw new RefusedException(
                            RefusedException.Reason.LOCK_LOST,
                            "lost the release of "
                                    + current.application() + ": " + fresh.holder() + " holds it now (status "
                                    + fresh.status()
                                    + ", step " + fresh.currentStep() + ")");
                }
                base = fresh;
            }
        }
    }

    /** A 409 on a state write, handled by {@link #update}; never escapes this class. */
    private static final class StaleWrite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StaleWrite(Throwable cause) {
            super(cause);
        }
    }

    // ---- ConfigMap format ----------------------------------------------------------------------

    /** The ConfigMap that stores a state (with its resourceVersion, when it has one). */
    public static JsonNode toConfigMap(ReleaseState s) {
        ObjectNode cm = NF.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", configMapName(s.application()));
        meta.put("namespace", s.namespace());
        s.resourceVersion().ifPresent(rv -> meta.put("resourceVersion", rv));
        ObjectNode labels = meta.putObject("labels");
        labels.put(MANAGED_BY, "release-policy");
        labels.put(APPLICATION_LABEL, s.application());
        ObjectNode data = cm.putObject("data");
        data.put("application", s.application());
        data.put("holder", s.holder());
        data.put("leaseUntil", s.leaseUntil().map(Instant::toString).orElse(""));
        data.put("release", s.release());
        data.put("version", s.version());
        data.put("fingerprint", s.fingerprint());
        data.put("status", s.status().name());
        data.put("currentStep", Integer.toString(s.currentStep()));
        data.put("completedSteps", join(s.completedSteps()));
        data.put("compensatedSteps", join(s.compensated()));
        data.put("waitingUntil", s.waitingUntil().map(Instant::toString).orElse(""));
        data.put("approvedStep", Integer.toString(s.approvedStep()));
        data.put("approvals", MAPPER.writeValueAsString(s.approvals()));
        data.put("message", s.message());
        data.put("startedAt", s.startedAt().toString());
        data.put("updatedAt", s.updatedAt().toString());
        data.put("plan.json", s.planJson());
        ObjectNode snaps = NF.objectNode();
        s.snapshots().forEach((step, list) -> {
            ArrayNode arr = snaps.putArray(Integer.toString(step));
            for (Snapshot snap : list) {
                ObjectNode o = arr.addObject();
                o.put("apiVersion", snap.ref().apiVersion());
                o.put("kind", snap.ref().kind());
                o.put("namespace", snap.ref().namespace());
                o.put("name", snap.ref().name());
                snap.before().ifPresentOrElse(b -> o.set("before", b), () -> o.putNull("before"));
            }
        });
        data.put("snapshots.json", MAPPER.writeValueAsString(snaps));
        return cm;
    }

    /** Reads a state from its ConfigMap. */
    public static ReleaseState fromConfigMap(JsonNode cm) {
        JsonNode d = cm.path("data");
        String rv = cm.path("metadata").path("resourceVersion").asString("");
        Map<Integer, List<Snapshot>> snapshots = new LinkedHashMap<>();
        String snapText = d.path("snapshots.json").asString("");
        if (!snapText.isEmpty()) {
            JsonNode snaps = MAPPER.readTree(snapText);
            for (Map.Entry<String, JsonNode> e : snaps.properties()) {
                List<Snapshot> list = new ArrayList<>();
                for (JsonNode o : e.getValue()) {
                    ObjectRef ref = new ObjectRef(
                            o.path("apiVersion").asString(),
                            o.path("kind").asString(),
                            o.path("namespace").asString(),
                            o.path("name").asString());
                    JsonNode before = o.get("before");
                    list.add(new Snapshot(
                            ref, before == null || before.isNull() ? Optional.empty() : Optional.of(before)));
                }
                snapshots.put(Integer.parseInt(e.getKey()), list);
            }
        }
        return new ReleaseState(
                d.path("application")
                        .asString(cm.path("metadata")
                                .path("labels")
                                .path(APPLICATION_LABEL)
                                .asString("")),
                cm.path("metadata").path("namespace").asString(""),
                rv.isEmpty() ? Optional.empty() : Optional.of(rv),
                d.path("holder").asString(""),
                instant(d.path("leaseUntil").asString("")),
                d.path("release").asString(""),
                d.path("version").asString(""),
                d.path("fingerprint").asString(""),
                ReleaseStatus.valueOf(d.path("status").asString("Running")),
                integer(d.path("currentStep").asString("")),
                split(d.path("completedSteps").asString("")),
                split(d.path("compensatedSteps").asString("")),
                instant(d.path("waitingUntil").asString("")),
                integer(d.path("approvedStep").asString("")),
                names(d.path("approvals").asString("")),
                d.path("message").asString(""),
                instant(d.path("startedAt").asString("")).orElse(Instant.EPOCH),
                instant(d.path("updatedAt").asString("")).orElse(Instant.EPOCH),
                d.path("plan.json").asString(""),
                snapshots);
    }

    private static List<String> names(String json) {
        if (json.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        MAPPER.readTree(json).forEach(n -> out.add(n.asString()));
        return out;
    }

    private static String join(List<Integer> steps) {
        return String.join(",", steps.stream().map(String::valueOf).toList());
    }

    private static List<Integer> split(String text) {
        return text.isBlank()
                ? List.of()
                : Arrays.stream(text.split(","))
                        .map(String::trim)
                        .map(Integer::parseInt)
                        .toList();
    }

    private static int integer(String text) {
        return text.isBlank() ? 0 : Integer.parseInt(text.trim());
    }

    private static Optional<Instant> instant(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
