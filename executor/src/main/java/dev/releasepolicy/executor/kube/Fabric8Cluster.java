package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.plan.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Cluster} on the fabric8 kubernetes-client, through generic resources addressed by
 * {@link ResourceKinds} (no API discovery). Build the client with
 * {@code requestRetryBackoffLimit(0)} ({@link KubeClients}) so retries happen in one place, the
 * executor's {@link Retrier}.
 */
public final class Fabric8Cluster implements Cluster {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public Fabric8Cluster(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    @Override
    public Optional<JsonNode> get(ObjectRef ref) {
        return Optional.ofNullable(request("get", ref, () -> named(ref).get())).map(this::json);
    }

    @Override
    public JsonNode create(JsonNode object) {
        ObjectRef ref = Cluster.refOf(object);
        return json(
                request("create", ref, () -> ops(ref).resource(resource(object)).create()));
    }

    @Override
    public JsonNode update(JsonNode object) {
        ObjectRef ref = Cluster.refOf(object);
        return json(
                request("update", ref, () -> ops(ref).resource(resource(object)).update()));
    }

    @Override
    public JsonNode updateStatus(JsonNode object) {
        ObjectRef ref = Cluster.refOf(object);
        return json(request(
                "update status of",
                ref,
                () -> ops(ref).resource(resource(object)).updateStatus()));
    }

    @Override
    public boolean delete(ObjectRef ref) {
        return !request("delete", ref, () -> named(ref).delete()).isEmpty();
    }

    @Override
    public List<JsonNode> list(ObjectRef kindAndNamespace, List<String> labelSelector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String s : labelSelector) {
            int eq = s.indexOf('=');
            labels.put(s.substring(0, eq), s.substring(eq + 1));
        }
        GenericKubernetesResourceList list = request(
                "list",
                kindAndNamespace,
                () -> ops(kindAndNamespace).withLabels(labels).list());
        return list.getItems().stream().map(this::json).toList();
    }

    @Override
    public JsonNode dryRun(JsonNode object, boolean exists) {
        ObjectRef ref = Cluster.refOf(object);
        Resource<GenericKubernetesResource> r = ops(ref).resource(resource(object));
        return json(request(
                "dry-run " + (exists ? "update" : "create") + " of",
                ref,
                () -> exists ? r.dryRun().update() : r.dryRun().create()));
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            all(ObjectRef ref) {
        return client.genericKubernetesResources(ResourceKinds.of(ref));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            ops(ObjectRef ref) {
        return all(ref).inNamespace(ref.namespace());
    }

    private Resource<GenericKubernetesResource> named(ObjectRef ref) {
        return ops(ref).withName(ref.name());
    }

    private GenericKubernetesResource resource(JsonNode object) {
        return serialization.unmarshal(MAPPER.writeValueAsString(object), GenericKubernetesResource.class);
    }

    private JsonNode json(GenericKubernetesResource resource) {
        return MAPPER.readTree(serialization.asJson(resource));
    }

    private static <T> T request(String operation, ObjectRef ref, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage()
                    : rootMessage(e);
            // no response at all (DNS, refused, timeout) comes as code 0 or -1: 0 is "no answer", which is retried
            throw new ClusterException(operation, ref, Math.max(0, e.getCode()), reason, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String what = switch (t.getClass().getSimpleName()) {
            case "UnresolvedAddressException", "UnknownHostException" -> "the API server's host name does not resolve";
            case "ConnectException", "ClosedChannelException" -> "the API server refused or closed the connection";
            case "SocketTimeoutException", "HttpConnectTimeoutException", "TimeoutException" ->
                "the API server did not answer in time";
            case "SSLHandshakeException" -> "the TLS handshake with the API server failed";
            default -> "";
        };
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return what.isEmpty() ? message : what + " (" + message + ")";
    }
}
