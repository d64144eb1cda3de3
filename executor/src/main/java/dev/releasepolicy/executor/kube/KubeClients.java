package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.options.UsageException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the fabric8 client from {@code --kubeconfig}/{@code --context} (or the usual
 * {@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service account), with the client's own
 * retries switched off: the executor retries in one place with its own limits.
 */
public final class KubeClients {

    private KubeClients() {}

    /** A client for a kubeconfig file and context (both optional). */
    public static KubernetesClient create(Optional<Path> kubeconfig, Optional<String> context) {
        Config base;
        if (kubeconfig.isPresent()) {
            String text;
            try {
                text = Files.readString(kubeconfig.get());
            } catch (NoSuchFileException e) {
                throw new UsageException("--kubeconfig " + kubeconfig.get() + ": no such file");
            } catch (IOException e) {
                throw new UsageException("cannot read kubeconfig " + kubeconfig.get() + ": " + e.getMessage(), e);
            }
            try {
                base = Config.fromKubeconfig(
                        context.orElse(null), text, kubeconfig.get().toString());
            } catch (RuntimeException e) {
                throw new UsageException(
                        "kubeconfig " + kubeconfig.get() + " is not usable"
                                + context.map(c -> " with context " + c).orElse("") + ": " + e.getMessage(),
                        e);
            }
        } else {
            base = context.map(Config::autoConfigure).orElseGet(() -> Config.autoConfigure(null));
        }
        return create(base);
    }

    /** A client for a configuration, with the client's own retries off. */
    public static KubernetesClient create(Config config) {
        Config c = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
        boolean plainHttp = c.getMasterUrl() != null && c.getMasterUrl().startsWith("http:");
        return new KubernetesClientBuilder()
                .withConfig(c)
                .withHttpClientFactory(new Factory(plainHttp))
                .build();
    }

    /**
     * The JDK HTTP client without {@code Expect: 100-continue} (a round trip per write for nothing),
     * and on plain-HTTP endpoints (test servers) without the HTTP/2 upgrade attempt of every request.
     */
    private static final class Factory extends JdkHttpClientFactory {
        private final boolean http11;

        Factory(boolean http11) {
            this.http11 = http11;
        }

        @Override
        protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
            if (http11) {
                builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
            }
        }

        @Override
        protected boolean useExpectContinue() {
            return false;
        }
    }
}
