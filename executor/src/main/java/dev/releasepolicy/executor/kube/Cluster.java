package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.plan.ObjectRef;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The few API operations the executor uses, on whole objects as JSON. Each is a single request;
 * retrying is the caller's business ({@link Retrier}). Failures are {@link ClusterException}s.
 * Only operations whose semantics the fabric8 CRUD mock server implements faithfully are used:
 * get, create, update with {@code resourceVersion} (409 when stale), delete — no strategic merge
 * patch or server-side apply.
 */
public interface Cluster {

    /** The object, or empty when it does not exist. */
    Optional<JsonNode> get(ObjectRef ref);

    /** Creates an object; a 409 means it exists already. Returns the stored object. */
    JsonNode create(JsonNode object);

    /**
     * Replaces an object. With {@code metadata.resourceVersion} set, the server refuses (409) when the
     * object changed since that version. Returns the stored object.
     */
    JsonNode update(JsonNode object);

    /** Writes the {@code status} subresource (tests use it to play the controllers). */
    JsonNode updateStatus(JsonNode object);

    /** Deletes an object; returns false when it did not exist. */
    boolean delete(ObjectRef ref);

    /** The objects of a kind in a namespace with all the given labels ({@code key=value}). */
    List<JsonNode> list(ObjectRef kindAndNamespace, List<String> labelSelector);

    /**
     * Server-side dry run ({@code dryRun=All}) of a create or update: the object as the server would
     * store it, nothing persisted.
     */
    JsonNode dryRun(JsonNode object, boolean exists);

    /** The object reference of a JSON object (apiVersion, kind, metadata.namespace, metadata.name). */
    static ObjectRef refOf(JsonNode object) {
        return new ObjectRef(
                object.path("apiVersion").asString(""),
                object.path("kind").asString(""),
                object.path("metadata").path("namespace").asString(""),
                object.path("metadata").path("name").asString(""));
    }
}
