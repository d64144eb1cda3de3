package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.options.UsageException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the fabric8 client from {@code --kubeconfig}/{@code --context} (or the usual
 * {@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service account), with the client's own
 * retries switched off: the executor retries in one place with its own limits. Like kubectl it says when
 * no kubeconfig was found and when {@code --context} names no context ({@link Kubeconfig}), and the
 * namespace defaults to the context's.
 */
public final class KubeClients {

    private KubeClients() {}

    /**
     * A client for a kubeconfig file and context (both optional), found as kubectl finds them.
     *
     * @throws UsageException when no kubeconfig is found (and not inside a cluster), when {@code --context}
     *                        names no context of it, or when it cannot be read
     */
    public static KubernetesClient create(Optional<Path> kubeconfig, Optional<String> context) {
        return create(config(kubeconfig, context, System::getenv));
    }

    /** The configuration for a kubeconfig file and context, in the environment {@code env}. */
    static Config config(Optional<Path> kubeconfig, Optional<String> context, UnaryOperator<String> env) {
        Optional<Kubeconfig> found = Kubeconfig.find(kubeconfig, env);
        if (found.isEmpty()) {
            if (!inCluster(env)) {
                throw new UsageException("no kubeconfig found: " + Kubeconfig.searched(env)
                        + "; pass --kubeconfig FILE or set $KUBECONFIG (or run inside the cluster)");
            }
            if (context.isPresent()) {
                throw new UsageException("--context " + context.get() + ": no kubeconfig found ("
                        + Kubeconfig.searched(env) + "), so there are no contexts");
            }
            return Config.autoConfigure(null);
        }
        found.get().context(context);
        if (kubeconfig.isEmpty()) {
            return Config.autoConfigure(context.orElse(null));
        }
        if (!Files.isReadable(kubeconfig.get())) {
            throw new UsageException("cannot read kubeconfig " + kubeconfig.get() + ": not a readable file");
        }
        try {
            return Config.fromKubeconfig(context.orElse(null), kubeconfig.get().toFile());
        } catch (RuntimeException e) {
            throw new UsageException(
                    "kubeconfig " + kubeconfig.get() + " is not usable"
                            + context.map(c -> " with context " + c).orElse("") + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The namespace a command acts in: {@code -n} when given, else the namespace of the kubeconfig context (as
     * kubectl does), else {@code default}.
     */
    public static String namespace(Optional<String> given, Optional<Path> kubeconfig, Optional<String> context) {
        return namespace(given, kubeconfig, context, System::getenv);
    }

    static String namespace(
            Optional<String> given, Optional<Path> kubeconfig, Optional<String> context, UnaryOperator<String> env) {
        return given.orElseGet(() -> Kubeconfig.find(kubeconfig, env)
                .flatMap(k -> k.namespace(context))
                .orElse("default"));
    }

    /** A pod's service account, or an API server named by the environment, needs no kubeconfig. */
    private static boolean inCluster(UnaryOperator<String> env) {
        return env.apply("KUBERNETES_SERVICE_HOST") != null
                || env.apply("KUBERNETES_MASTER") != null
                || System.getProperty("kubernetes.master") != null;
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
