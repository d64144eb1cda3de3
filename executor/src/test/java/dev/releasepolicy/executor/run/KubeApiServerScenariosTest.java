package dev.releasepolicy.executor.run;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Fabric8Cluster;
import dev.releasepolicy.executor.kube.KubeClients;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ExecutorScenarios} against a real kube-apiserver and etcd started by fabric8 kube-api-test,
 * in offline mode: it runs only where the binaries are installed under {@code $KUBE_API_TEST_DIR}
 * (default {@code ~/.kubeapitest}) as {@code k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}},
 * and is skipped with a message naming that folder otherwise. There is no controller manager: the
 * harness writes Deployment and Job status itself, as on the mock server. Istio's VirtualService and
 * DestinationRule are installed as schemaless CRDs.
 */
class KubeApiServerScenariosTest extends ExecutorScenarios {

    private static KubeAPIServer server;
    private static KubernetesClient client;
    private static Cluster cluster;

    private static String skipped = "";

    @BeforeAll
    static void start() {
        Path dir = binaries();
        if (!hasBinaries(dir)) {
            skipped = "real API server suite SKIPPED: no kube-apiserver and etcd under " + dir.resolve("k8s")
                    + "/<version>-linux-amd64/ (set KUBE_API_TEST_DIR; see executor/README.md). The same scenarios ran on"
                    + " the fabric8 CRUD mock server (MockServerScenariosTest).";
            System.out.println(skipped);
            return;
        }
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(dir.toString())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        client = KubeClients.create(Config.fromKubeconfig(server.getKubeConfigYaml()));
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("prod")
                        .endMetadata()
                        .build())
                .create();
        for (String kind : new String[] {"VirtualService", "DestinationRule"}) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd(kind))
                    .create();
        }
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .list()
                .getItems()
                .forEach(c -> client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(c)
                        .waitUntilCondition(
                                d -> d.getStatus() != null
                                        && d.getStatus().getConditions().stream()
                                                .anyMatch(cond -> "Established".equals(cond.getType())
                                                        && "True".equals(cond.getStatus())),
                                30,
                                java.util.concurrent.TimeUnit.SECONDS));
        cluster = new Fabric8Cluster(client);
    }

    @BeforeEach
    void requireServer() {
        assumeTrue(skipped.isEmpty(), skipped);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected Cluster server() {
        return cluster;
    }

    /** {@code $KUBE_API_TEST_DIR}, or {@code ~/.kubeapitest}. */
    static Path binaries() {
        String env = System.getenv("KUBE_API_TEST_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    }

    /** Whether some {@code k8s/<version>-<os>-<arch>} folder holds kube-apiserver and etcd. */
    static boolean hasBinaries(Path dir) {
        Path k8s = dir.resolve("k8s");
        if (!Files.isDirectory(k8s)) {
            return false;
        }
        try (Stream<Path> versions = Files.list(k8s)) {
            return versions.anyMatch(
                    v -> Files.isExecutable(v.resolve("kube-apiserver")) && Files.isExecutable(v.resolve("etcd")));
        } catch (IOException e) {
            return false;
        }
    }

    private static CustomResourceDefinition crd(String kind) {
        String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + ".networking.istio.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("networking.istio.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
