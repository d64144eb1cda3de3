package dev.releasepolicy.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The resolver over the Deployment files in {@code src/test/resources/workload/k8s/}: a release
 * manifest at {@code src/test/resources/workload/release.yaml} (written inline) names one of them.
 */
class WorkloadResolverTest {

    static final String DIR = "src/test/resources/workload/";
    static final String RELEASE = DIR + "release.yaml";
    static final WorkloadResolver RESOLVER = new WorkloadResolver(new ManifestLoader());

    /** A release manifest whose spec.workload is {@code workload} (YAML flow mapping), at line 9. */
    static Manifest release(String workload) {
        String text = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata:
                  name: orders-api-2-7-0
                spec:
                  application: orders-api
                  version: "2.7.0"
                  image: registry.example.com/shop/orders-api:2.7.0
                  workload: %s
                """.formatted(workload);
        LoadedFile loaded = new ManifestLoader().parse(RELEASE, text);
        assertThat(loaded.findings()).isEmpty();
        return loaded.manifests().get(0);
    }

    static WorkloadResolution resolve(String workload) {
        return RESOLVER.resolve(release(workload), Path.of(RELEASE));
    }

    static String line(Finding f) {
        return f.location() + " " + f.severity().label() + " " + f.policyId() + " " + f.pointer();
    }

    @Test
    void resolve_realDeployment_picksTheApplicationsContainerAndKeepsEverythingElse() {
        WorkloadResolution r = resolve("{manifest: k8s/orders-api.yaml}");

        assertThat(r.findings()).isEmpty();
        assertThat(r.known()).isTrue();
        assertThat(r.kind()).contains(WorkloadKind.MANIFEST);
        assertThat(r.name()).isEqualTo("orders-api");
        assertThat(r.source()).isEqualTo(DIR + "k8s/orders-api.yaml");
        WorkloadFile f = r.file().orElseThrow();
        assertThat(f.containerIndex()).isEqualTo(1); // the sidecar comes first
        JsonNode input = r.policyInput().orElseThrow();
        assertThat(input.path("known").asBoolean()).isTrue();
        assertThat(input.path("kind").asString()).isEqualTo("manifest");
        assertThat(input.path("container").path("name").asString()).isEqualTo("orders-api");
        assertThat(input.path("container")
                        .path("env")
                        .get(0)
                        .path("valueFrom")
                        .path("secretKeyRef")
                        .path("name")
                        .asString())
                .isEqualTo("orders-db");
        assertThat(input.path("container")
                        .path("resources")
                        .path("limits")
                        .path("memory")
                        .asString())
                .isEqualTo("512Mi");
        assertThat(input.path("podTemplate").path("spec").path("volumes")).hasSize(2);
        assertThat(input.path("podTemplate").path("spec").path("containers")).hasSize(2);
        assertThat(input.path("deployment").path("spec").path("replicas").asInt())
                .isEqualTo(3);
        assertThat(input.path("runningImage").asString()).isEqualTo("registry.example.com/shop/orders-api:2.6.3");
    }

    @Test
    void locate_workloadPaths_pointIntoTheDeploymentFile() {
        Manifest release = release("{manifest: k8s/orders-api.yaml}");
        WorkloadResolution r = RESOLVER.resolve(release, Path.of(RELEASE));
        String file = DIR + "k8s/orders-api.yaml";

        WorkloadResolution.Target probe =
                r.locate("/workload/container/readinessProbe", release).orElseThrow();
        assertThat(probe.location().toString()).isEqualTo(file + ":44:13");
        assertThat(probe.pointer()).isEqualTo("/spec/template/spec/containers/1/readinessProbe");
        // A missing value is located at its nearest existing parent: here the container.
        WorkloadResolution.Target liveness =
                r.locate("/workload/container/livenessProbe", release).orElseThrow();
        assertThat(liveness.location().toString()).isEqualTo(file + ":25:11");
        assertThat(r.locate("/workload/deployment/spec/replicas", release)
                        .orElseThrow()
                        .location()
                        .toString())
                .isEqualTo(file + ":9:13");
        assertThat(r.locate("/workload/podTemplate/spec/volumes/1", release)
                        .orElseThrow()
                        .pointer())
                .isEqualTo("/spec/template/spec/volumes/1");
        assertThat(r.locate("/workload/runningImage", release)
                        .orElseThrow()
                        .location()
                        .toString())
                .isEqualTo(file + ":26:18");
        // Other workload paths name spec.workload of the release manifest; others are not the workload's.
        assertThat(r.locate("/workload/kind", release).orElseThrow().location().toString())
                .isEqualTo(RELEASE + ":9:13");
        assertThat(r.locate("/workloads/x", release)).isEmpty();
        assertThat(r.locate("/spec/image", release)).isEmpty();
    }

    @Test
    void resolve_liveDeployment_readsNothingAndIsNotKnown() {
        WorkloadResolution r = resolve("{deployment: orders-api, container: app}");

        assertThat(r.findings()).isEmpty();
        assertThat(r.known()).isFalse();
        JsonNode input = r.policyInput().orElseThrow();
        assertThat(input.path("known").asBoolean()).isFalse();
        assertThat(input.path("kind").asString()).isEqualTo("deployment");
        assertThat(input.path("name").asString()).isEqualTo("orders-api");
        assertThat(input.has("container")).isFalse();
    }

    @Test
    void resolve_noWorkload_givesNoPolicyInput() {
        LoadedFile loaded = new ManifestLoader().parse(RELEASE, "kind: Release\nspec: {application: a}\n");
        WorkloadResolution r = RESOLVER.resolve(loaded.manifests().get(0), Path.of(RELEASE));
        assertThat(r).isEqualTo(WorkloadResolution.NONE);
        assertThat(r.policyInput()).isEmpty();
    }

    @Test
    void resolve_notADeployment_isAnErrorAtItsKind() {
        WorkloadResolution r = resolve("{manifest: k8s/service.yaml}");

        assertThat(r.known()).isFalse();
        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactly(DIR + "k8s/service.yaml:2:7 error workload /kind");
        assertThat(r.findings().get(0).message()).contains("is a Service, not a Deployment");
        assertThat(r.policyInput().orElseThrow().path("known").asBoolean()).isFalse();
    }

    @Test
    void resolve_oldApiVersion_isAnErrorAtTheApiVersion() {
        WorkloadResolution r = resolve("{manifest: k8s/old-api.yaml}");

        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactly(DIR + "k8s/old-api.yaml:1:13 error workload /apiVersion");
        assertThat(r.findings().get(0).hint()).contains("apiVersion: apps/v1");
    }

    @Test
    void resolve_unknownContainer_isAnErrorAtSpecWorkloadContainer() {
        WorkloadResolution r = resolve("{manifest: k8s/orders-api.yaml, container: app}");

        assertThat(r.known()).isFalse();
        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactly(RELEASE + ":9:56 error workload /spec/workload/container");
        assertThat(r.findings().get(0).message()).contains("has no container named 'app'");
        assertThat(r.findings().get(0).hint())
                .isEqualTo("set spec.workload.container to one of: log-shipper, orders-api");
    }

    @Test
    void resolve_multiDocument_picksByNameElseByApplication() {
        WorkloadResolution byName = resolve("{manifest: k8s/bundle.yaml, name: orders-worker}");
        assertThat(byName.findings()).isEmpty();
        assertThat(byName.file().orElseThrow().deployment().document()).isEqualTo(1);
        assertThat(byName.policyInput()
                        .orElseThrow()
                        .path("container")
                        .path("name")
                        .asString())
                .isEqualTo("worker");

        // The Service of the same name comes first; the Deployment is the one meant.
        WorkloadResolution byApplication = resolve("{manifest: k8s/bundle.yaml}");
        assertThat(byApplication.findings()).isEmpty();
        assertThat(byApplication.file().orElseThrow().deployment().document()).isEqualTo(2);
        assertThat(byApplication.file().orElseThrow().locate("/metadata/name").toString())
                .isEqualTo(DIR + "k8s/bundle.yaml:32:9");
    }

    @Test
    void resolve_noDocumentOfThatName_isAnErrorAtSpecWorkloadName() {
        WorkloadResolution r = resolve("{manifest: k8s/bundle.yaml, name: payments}");

        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactly(RELEASE + ":9:47 error workload /spec/workload/name");
        assertThat(r.findings().get(0).hint())
                .endsWith("orders-api (Service), orders-worker (Deployment), orders-api (Deployment)");
    }

    @Test
    void resolve_schemaViolation_isLocatedInTheDeploymentFileAtTheValue() {
        WorkloadResolution r = resolve("{manifest: k8s/invalid.yaml}");

        assertThat(r.known()).isFalse();
        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactlyInAnyOrder(
                        DIR + "k8s/invalid.yaml:6:13 error schema /spec/replicas",
                        DIR + "k8s/invalid.yaml:22:13 error schema"
                                + " /spec/template/spec/containers/0/readinessProbe/periodSecond");
        assertThat(r.findings())
                .extracting(Finding::message)
                .anyMatch(m -> m.contains("unknown property 'periodSecond'"));
        assertThat(r.findings()).extracting(Finding::hint).anyMatch(h -> h.contains("did you mean 'periodSeconds'?"));
    }

    @Test
    void resolve_missingFile_isAnErrorAtSpecWorkloadManifest() {
        WorkloadResolution r = resolve("{manifest: k8s/nothing.yaml}");

        assertThat(r.findings())
                .extracting(WorkloadResolverTest::line)
                .containsExactly(RELEASE + ":9:24 error workload /spec/workload/manifest");
        assertThat(r.findings().get(0).message())
                .isEqualTo("the workload file " + DIR + "k8s/nothing.yaml does not exist");
    }

    @Test
    void resolve_pathsOutOfTheReleaseFolder_areRefusedWithAHint() {
        for (String path : List.of(
                "../workload/k8s/orders-api.yaml",
                "k8s/../../pom.xml",
                "/etc/passwd",
                "C:/Windows/win.ini",
                "k8s\\..\\..\\x.yaml")) {
            WorkloadResolution r = resolve("{manifest: '" + path + "'}");
            assertThat(r.findings()).as(path).hasSize(1);
            Finding f = r.findings().get(0);
            assertThat(f.message()).as(path).startsWith("refused: spec.workload.manifest '" + path + "'");
            assertThat(f.hint()).startsWith("put the Deployment file in the release manifest's folder or below it");
            assertThat(f.pointer()).isEqualTo("/spec/workload/manifest");
            assertThat(f.location().file()).isEqualTo(RELEASE);
        }
    }

    @Test
    void resolve_linkOutOfTheReleaseFolder_isRefused(@TempDir Path dir) throws IOException {
        Path outside = Files.writeString(dir.resolve("secret.yaml"), "kind: Deployment\n");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createSymbolicLink(repo.resolve("orders.yaml"), outside);
        Path releaseFile = repo.resolve("release.yaml");
        LoadedFile loaded = new ManifestLoader()
                .parse(
                        releaseFile.toString(),
                        "kind: Release\nspec: {application: a, workload: {manifest: orders.yaml}}\n");

        WorkloadResolution r = RESOLVER.resolve(loaded.manifests().get(0), releaseFile);

        assertThat(r.findings())
                .extracting(Finding::message)
                .containsExactly("refused: the workload file " + repo.resolve("orders.yaml")
                        + " is a link that leads out of the release" + " manifest's folder");
    }

    @Test
    void resolve_malformedOrEmptyFile_isAFindingInThatFile() {
        WorkloadResolution broken = resolve("{manifest: k8s/broken.yaml}");
        assertThat(broken.known()).isFalse();
        assertThat(broken.findings()).hasSize(1);
        assertThat(broken.findings().get(0).policyId()).isEqualTo("yaml");
        assertThat(broken.findings().get(0).location().file()).isEqualTo(DIR + "k8s/broken.yaml");
        assertThat(broken.findings().get(0).location().line()).isGreaterThan(0);

        WorkloadResolution empty = resolve("{manifest: k8s/empty.yaml}");
        assertThat(empty.findings())
                .extracting(Finding::message)
                .containsExactly("the workload file " + DIR + "k8s/empty.yaml is empty");
    }
}
