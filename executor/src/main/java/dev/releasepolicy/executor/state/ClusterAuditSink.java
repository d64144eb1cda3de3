package dev.releasepolicy.executor.state;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.executor.audit.AuditSink;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Retrier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit trail kept beside the release state in the cluster: JSON lines in the key
 * {@value #KEY} of the ConfigMap {@code release-policy-<application>-audit} (then {@code -audit-2},
 * {@code -audit-3}, ... once a ConfigMap holds {@value #SEGMENT_BYTES} bytes, well under the API
 * server's 1 MiB limit). Each append re-reads the segment and writes it back with its
 * {@code resourceVersion}, retried on conflicts and transient errors, so concurrent writers never lose
 * a line.
 */
public final class ClusterAuditSink implements AuditSink {

    /** The ConfigMap key holding the lines. */
    public static final String KEY = "audit.jsonl";
    /** A segment is full beyond this many bytes of lines. */
    static final int SEGMENT_BYTES = 700 * 1024;
    /**
     * A conflict means another writer's line got in first, so it is progress, not trouble: beyond the
     * retrier's own attempts an append starts over this many times, so that a burst of records from
     * another process (apply completing steps while someone approves) cannot make it give up and lose
     * a record.
     */
    static final int CONFLICT_ROUNDS = 10;

    private final Cluster cluster;
    private final Retrier retrier;
    private final String namespace;
    private final String application;
    private final int segmentBytes;

    public ClusterAuditSink(Cluster cluster, Retrier retrier, String namespace, String application) {
        this(cluster, retrier, namespace, application, SEGMENT_BYTES);
    }

    ClusterAuditSink(Cluster cluster, Retrier retrier, String namespace, String application, int segmentBytes) {
        this.cluster = cluster;
        this.retrier = retrier;
        this.namespace = namespace;
        this.application = application;
        this.segmentBytes = segmentBytes;
    }

    /** The name of segment {@code n} (1-based) of an application's trail. */
    public static String configMapName(String application, int n) {
        return StateStore.configMapName(application) + "-audit" + (n == 1 ? "" : "-" + n);
    }

    private ObjectRef ref(int n) {
        return new ObjectRef("v1", "ConfigMap", namespace, configMapName(application, n));
    }

    @Override
    public void append(String line) {
        append(last -> line);
    }

    /** Reads the last line and writes the next one in one optimistic write: a conflict reads again. */
    @Override
    public String append(Function<Optional<String>, String> next) {
        for (int round = 1; ; round++) {
            try {
                return retrier.call(() -> appendOnce(next));
            } catch (ClusterException e) {
                if (!e.isConflict() || round >= CONFLICT_ROUNDS) {
                    throw e;
                }
            }
        }
    }

    private String appendOnce(Function<Optional<String>, String> next) {
        int n = 1;
        Optional<JsonNode> segment = cluster.get(ref(1));
        while (segment.isPresent()) {
            Optional<JsonNode> following = cluster.get(ref(n + 1));
            if (following.isEmpty()) {
                break;
            }
            n++;
            segment = following;
        }
        if (segment.isEmpty()) {
            String line = next.apply(Optional.empty());
            cluster.create(configMap(1, line + "\n", Optional.empty()));
            return line;
        }
        String text = segment.get().path("data").path(KEY).asString("");
        String line = next.apply(lastLine(text));
        if (!text.isEmpty() && text.getBytes(StandardCharsets.UTF_8).length + line.length() + 1 > segmentBytes) {
            cluster.create(configMap(n + 1, line + "\n", Optional.empty()));
            return line;
        }
        String rv = segment.get().path("metadata").path("resourceVersion").asString("");
        cluster.update(configMap(n, text + line + "\n", rv.isEmpty() ? Optional.empty() : Optional.of(rv)));
        return line;
    }

    private static Optional<String> lastLine(String text) {
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isEmpty()) {
                return Optional.of(lines[i]);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> lines() {
        return retrier.call(() -> {
            List<String> lines = new ArrayList<>();
            for (int n = 1; ; n++) {
                Optional<JsonNode> segment = cluster.get(ref(n));
                if (segment.isEmpty()) {
                    return lines;
                }
                for (String l :
                        segment.get().path("data").path(KEY).asString("").split("\n")) {
                    if (!l.isEmpty()) {
                        lines.add(l);
                    }
                }
            }
        });
    }

    private JsonNode configMap(int n, String text, Optional<String> resourceVersion) {
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", configMapName(application, n));
        meta.put("namespace", namespace);
        resourceVersion.ifPresent(rv -> meta.put("resourceVersion", rv));
        ObjectNode labels = meta.putObject("labels");
        labels.put(StateStore.MANAGED_BY, "release-policy");
        labels.put(StateStore.APPLICATION_LABEL, application);
        cm.putObject("data").put(KEY, text);
        return cm;
    }

    @Override
    public String toString() {
        return "ConfigMap " + namespace + "/" + configMapName(application, 1);
    }
}
