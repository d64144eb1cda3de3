package dev.releasepolicy.executor.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the fabric8 client from {@code --kubeconfig}/{@code --context} (or the usual
 * {@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service account), with the client's own
 * retries switched off: the executor retries in one place with its own limits.
 */
public final class KubeClients {

    private KubeClients() {
    }

    /** A client for a kubeconfig file and context (both optional). */
    public static KubernetesClient create(Optional<Path> kubeconfig, Optional<String> context) {
        Config base;
        if (kubeconfig.isPresent()) {
            try {
                base = Config.fromKubeconfig(context.orElse(null), Files.readString(kubeconfig.get()),
                        kubeconfig.get().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig.get() + ": " + e.getMessage(), e);
            }
        } else {
            base = context.map(Config::autoConfigure).orElseGet(() -> Config.autoConfigure(null));
        }
        return create(base);
    }

    /** A client for a configuration, with the client's own retries off. */
    public static KubernetesClient create(Config config) {
        Config c = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(c).build();
    }
}
