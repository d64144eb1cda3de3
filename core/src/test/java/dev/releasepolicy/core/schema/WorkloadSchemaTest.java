package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code spec.workload} in the release-manifest schema: one finding per mistake, with a hint. */
class WorkloadSchemaTest {

    static final SchemaValidator SCHEMA = SchemaValidator.releaseManifest();

    static List<String> findings(String workload) {
        String text = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: orders-api-2-7-0}
                spec:
                  application: orders-api
                  version: "2.7.0"
                  image: registry.example.com/shop/orders-api:2.7.0
                  strategy: {type: Rolling, rolling: {maxSurge: 1, maxUnavailable: 0}}
                  workload: %s
                """.formatted(workload);
        LoadedFile loaded = new ManifestLoader().parse("r.yaml", text);
        assertThat(loaded.findings()).isEmpty();
        return SCHEMA.validate(loaded.manifests().get(0)).stream()
                .map(f -> f.pointer() + " " + f.message() + " | " + f.hint())
                .toList();
    }

    @Test
    void workload_validForms_pass() {
        assertThat(findings("{deployment: orders-api}")).isEmpty();
        assertThat(findings("{deployment: orders-api.v2, container: app}")).isEmpty();
        assertThat(findings("{manifest: k8s/orders-api.yaml}")).isEmpty();
        assertThat(findings("{manifest: ./deploy/orders.yml, name: orders-api, container: app}"))
                .isEmpty();
        assertThat(findings("{manifest: orders-api.json}")).isEmpty();
    }

    @Test
    void workload_bothOrNeither_isOneFindingEach() {
        assertThat(findings("{deployment: orders-api, manifest: k8s/orders-api.yaml}"))
                .containsExactly("/spec/workload spec.workload must not have 'deployment' here"
                        + " | Either deployment or manifest names the workload, not both: keep one.");
        assertThat(findings("{container: app}"))
                .singleElement()
                .asString()
                .startsWith("/spec/workload spec.workload is missing required property 'deployment' | add spec.workload"
                        + ".deployment: the live Deployment's name");
        assertThat(findings("{deployment: orders-api, name: orders-api}"))
                .singleElement()
                .asString()
                .startsWith("/spec/workload spec.workload is missing required property 'manifest'");
    }

    @Test
    void workload_badNamesAndPaths_areRefusedByPattern() {
        for (String bad : List.of(
                "../k8s/x.yaml", "k8s/../../x.yaml", "/etc/x.yaml", "'C:\\\\x.yaml'", "k8s/x.txt", "'k8s/x y.yaml'")) {
            assertThat(findings("{manifest: " + bad + "}"))
                    .as(bad)
                    .singleElement()
                    .asString()
                    .startsWith("/spec/workload/manifest spec.workload.manifest")
                    .contains("is not valid | A YAML file holding the Deployment, relative to this release"
                            + " manifest's folder");
        }
        assertThat(findings("{deployment: Orders_API}"))
                .singleElement()
                .asString()
                .startsWith("/spec/workload/deployment spec.workload.deployment 'Orders_API' is not valid"
                        + " | A DNS-1123 subdomain");
        assertThat(findings("{deployment: orders-api, container: App}"))
                .singleElement()
                .asString()
                .startsWith("/spec/workload/container spec.workload.container 'App' is not valid | A DNS-1123 label");
        assertThat(findings("{manifest: k8s/x.yaml, contaner: app}"))
                .singleElement()
                .asString()
                .startsWith("/spec/workload/contaner unknown property 'contaner' in spec.workload"
                        + " | did you mean 'container'?");
    }
}
