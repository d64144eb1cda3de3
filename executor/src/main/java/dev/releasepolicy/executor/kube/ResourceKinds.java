package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.plan.ObjectRef;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;

/**
 * Maps an object's API version and kind to the REST resource the client addresses, without API
 * discovery (so Istio resources work on clusters and mock servers that do not list them).
 */
public final class ResourceKinds {

    private ResourceKinds() {}

    /** The resource definition of an object reference. */
    public static ResourceDefinitionContext of(ObjectRef ref) {
        String apiVersion = ref.apiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(ref.kind())
                .withPlural(plural(ref.kind()))
                .withNamespaced(true)
                .build();
    }

    /** The plural resource name of a kind: {@code Deployment} → {@code deployments}. */
    public static String plural(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.endsWith("s")) {
            return k + "es";
        }
        if (k.endsWith("y")) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k + "s";
    }
}
