package dev.releasepolicy.core.routing;

import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes Service as a mesh host. Teams write the same Service several ways ({@code orders-api},
 * {@code orders-api.prod}, {@code orders-api.prod.svc}, {@code orders-api.prod.svc.cluster.local}); an
 * edit recognises all of them and writes a host the way the team wrote its neighbour.
 */
public record ServiceHost(String name, String namespace) {

    private static final String CLUSTER_SUFFIX = ".svc.cluster.local";

    public ServiceHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
    }

    /** The four spellings, shortest first. */
    public List<String> spellings() {
        return List.of(
                name, name + "." + namespace, name + "." + namespace + ".svc", name + "." + namespace + CLUSTER_SUFFIX);
    }

    /** Whether {@code host} names this Service. */
    public boolean matches(String host) {
        return spellings().contains(host);
    }

    /** The fully qualified name, {@code <name>.<namespace>.svc.cluster.local}. */
    public String fqdn() {
        return spellings().get(3);
    }

    /**
     * This Service spelled like {@code written}, which names {@code neighbour}: a team that writes
     * {@code orders-api-stable.prod} gets {@code orders-api-canary.prod}. Falls back to the written
     * host itself when it names this Service, and to the short name when it names neither.
     */
    public String spelledLike(String written, ServiceHost neighbour) {
        if (matches(written)) {
            return written;
        }
        int form = neighbour.spellings().indexOf(written);
        return form < 0 ? name : spellings().get(form);
    }
}
