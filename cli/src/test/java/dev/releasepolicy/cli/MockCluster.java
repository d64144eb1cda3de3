package dev.releasepolicy.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster of the CLI end-to-end tests: the fabric8 CRUD mock API server, a kubeconfig file
 * pointing at it (what a user passes with {@code --kubeconfig}), a client for the test's own reads
 * and writes, and a stand-in for the Deployment controller the mock server does not have: every
 * 100 ms each Deployment of the namespace that is not ready yet gets a status saying all its
 * replicas are ready and updated.
 */
final class MockCluster implements AutoCloseable {

    /** Held so the setting sticks: the mock server logs every request at INFO otherwise. */
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    static final ResourceDefinitionContext VIRTUAL_SERVICE = istio("VirtualService", "virtualservices");
    static final ResourceDefinitionContext DESTINATION_RULE = istio("DestinationRule", "destinationrules");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final String namespace;
    private final Path kubeconfig;
    private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();

    MockCluster(Path dir, String namespace) throws IOException {
        this.namespace = namespace;
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()),
                false);
        server.init();
        client = server.createClient();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: %s}
                current-context: mock
                users:
                - name: tester
                  user: {token: not-a-secret}
                """.formatted(client.getConfiguration().getMasterUrl(), namespace));
        controller.scheduleWithFixedDelay(this::markDeploymentsReady, 0, 100, TimeUnit.MILLISECONDS);
    }

    private static ResourceDefinitionContext istio(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("networking.istio.io")
                .withVersion("v1")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    NamespacedKubernetesClient client() {
        return client;
    }

    /** Creates a Deployment from YAML. */
    void createDeployment(String yaml) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(Serialization.unmarshal(yaml, Deployment.class))
                .create();
    }

    /** Creates any object from YAML; the Istio kinds through their resource definitions. */
    void create(ResourceDefinitionContext kind, String yaml) {
        client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class))
                .create();
    }

    Optional<GenericKubernetesResource> get(ResourceDefinitionContext kind, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    private void markDeploymentsReady() {
        try {
            for (Deployment d :
                    client.apps().deployments().inNamespace(namespace).list().getItems()) {
                int replicas = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
                long generation =
                        Optional.ofNullable(d.getMetadata().getGeneration()).orElse(1L);
                var st = d.getStatus();
                if (st != null
                        && Integer.valueOf(replicas).equals(st.getReadyReplicas())
                        && Integer.valueOf(replicas).equals(st.getUpdatedReplicas())
                        && st.getObservedGeneration() != null
                        && st.getObservedGeneration() >= generation) {
                    continue;
                }
                d.setStatus(new DeploymentStatusBuilder()
                        .withObservedGeneration(generation)
                        .withReplicas(replicas)
                        .withReadyReplicas(replicas)
                        .withUpdatedReplicas(replicas)
                        .withAvailableReplicas(replicas)
                        .build());
                client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
            }
        } catch (KubernetesClientException e) {
            // a conflict with the executor's own write: the next tick tries again
        }
    }

    @Override
    public void close() {
        controller.shutdownNow();
        try {
            controller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        server.destroy();
    }
}
