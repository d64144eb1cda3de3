package dev.releasepolicy.core.plan;

import java.util.Objects;

/**
 * Names one Kubernetes object: API version, kind, namespace and name. The executor keys its snapshots
 * and the objects it reads by it.
 *
 * @param apiVersion such as {@code apps/v1} or {@code networking.istio.io/v1}
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public ObjectRef {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** {@code Deployment prod/web-frontend-3-2-0}: how messages name the object. */
    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }

    /** A stable key for maps and the state ConfigMap: {@code apps/v1/Deployment/prod/name}. */
    public String key() {
        return apiVersion + "/" + kind + "/" + namespace + "/" + name;
    }
}
