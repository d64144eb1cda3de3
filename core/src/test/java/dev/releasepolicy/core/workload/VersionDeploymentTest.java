package dev.releasepolicy.core.workload;

import static dev.releasepolicy.core.edit.EditFixtures.differences;
import static dev.releasepolicy.core.edit.EditFixtures.load;
import static dev.releasepolicy.core.edit.EditFixtures.schemaProblems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.edit.EditRefusedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The new version's Deployment from the team's: only image, version label, name and replicas differ. */
class VersionDeploymentTest {

    static final Map<String, String> RELEASE =
            Map.of("releasepolicy.dev/release", "orders-api-2.7.0", "releasepolicy.dev/fingerprint", "sha256:abc");

    final ObjectNode team = load("deployment.yaml");
    final ObjectNode untouched = team.deepCopy();

    static VersionDeployment edit(String container, Optional<String> name, Map<String, String> configMaps) {
        return new VersionDeployment(
                "orders-api",
                container,
                "registry.example.com/orders-api:2.7.0",
                "2.7.0",
                "version",
                name,
                1,
                RELEASE,
                configMaps);
    }

    @AfterEach
    void inputIsNeverMutated() {
        assertThat(differences(untouched, team)).isEmpty();
    }

    @Test
    void newVersion_keepsThePodTemplateByteForByte_butImageAndVersionLabel() {
        ObjectNode after = edit("app", Optional.empty(), Map.of()).apply(team);

        assertThat(schemaProblems(after)).isEmpty();
        assertThat(differences(team, after))
                .filteredOn(p -> !p.startsWith("/metadata"))
                .containsExactly(
                        "/spec/replicas",
                        "/spec/selector/matchLabels/version",
                        "/spec/template/metadata/labels/version",
                        "/spec/template/spec/containers/0/image",
                        "/status");
        assertThat(after.at("/spec/template/spec/containers/0/image").asString())
                .isEqualTo("registry.example.com/orders-api:2.7.0");
        assertThat(after.at("/spec/template/metadata/labels/version").asString())
                .isEqualTo("2.7.0");
        assertThat(after.at("/spec/selector/matchLabels"))
                .isEqualTo(JsonMapper.shared().readTree("{\"app\": \"orders-api\", \"version\": \"2.7.0\"}"));
        assertThat(after.at("/spec/replicas").asInt()).isEqualTo(1);
        for (String field : List.of(
                "serviceAccountName", "securityContext", "initContainers", "volumes", "affinity", "tolerations")) {
            assertThat(after.at("/spec/template/spec/" + field))
                    .as(field)
                    .isEqualTo(team.at("/spec/template/spec/" + field));
        }
        assertThat(after.at("/spec/template/spec/containers/1"))
                .as("sidecar")
                .isEqualTo(team.at("/spec/template/spec/containers/1"));
        for (String field :
                List.of("env", "envFrom", "resources", "ports", "readinessProbe", "livenessProbe", "volumeMounts")) {
            assertThat(after.at("/spec/template/spec/containers/0/" + field))
                    .as(field)
                    .isEqualTo(team.at("/spec/template/spec/containers/0/" + field));
        }
        assertThat(after.at("/spec/strategy")).isEqualTo(team.at("/spec/strategy"));
        assertThat(after.at("/spec/template/metadata/annotations"))
                .isEqualTo(team.at("/spec/template/metadata/annotations"));
    }

    @Test
    void metadata_isReducedToNameNamespaceLabelsAndAnnotations_plusTheRelease() {
        JsonNode metadata = edit("app", Optional.empty(), Map.of()).apply(team).get("metadata");

        assertThat(differences(JsonMapper.shared().readTree("""
                {"name": "orders-api-2-7-0", "namespace": "prod",
                 "labels": {"app": "orders-api", "team": "checkout", "version": "2.7.0",
                            "app.kubernetes.io/name": "orders-api", "app.kubernetes.io/instance": "orders-api-2-7-0",
                            "app.kubernetes.io/version": "2.7.0", "app.kubernetes.io/part-of": "orders-api",
                            "app.kubernetes.io/managed-by": "release-policy"},
                 "annotations": {"owner": "checkout-team", "releasepolicy.dev/fingerprint": "sha256:abc",
                                 "releasepolicy.dev/release": "orders-api-2.7.0"}}
                """), metadata)).isEmpty();
    }

    @Test
    void recommendedLabels_keepTheTeamsNameAndPartOf_andDescribeTheNewObject_onlyInItsMetadata() {
        ObjectNode labelled = team.deepCopy();
        ((ObjectNode) labelled.at("/metadata/labels"))
                .put("app.kubernetes.io/name", "orders")
                .put("app.kubernetes.io/part-of", "shop")
                .put("app.kubernetes.io/instance", "orders-api")
                .put("app.kubernetes.io/managed-by", "Helm");

        ObjectNode after = edit("app", Optional.empty(), Map.of()).apply(labelled);

        assertThat(after.at("/metadata/labels")).isEqualTo(JsonMapper.shared().readTree("""
                        {"app": "orders-api", "team": "checkout", "version": "2.7.0",
                         "app.kubernetes.io/name": "orders", "app.kubernetes.io/part-of": "shop",
                         "app.kubernetes.io/instance": "orders-api-2-7-0", "app.kubernetes.io/managed-by": "release-policy",
                         "app.kubernetes.io/version": "2.7.0"}
                        """));
        assertThat(after.at("/spec/selector/matchLabels"))
                .isEqualTo(JsonMapper.shared().readTree("{\"app\": \"orders-api\", \"version\": \"2.7.0\"}"));
        assertThat(differences(team.at("/spec/template/metadata/labels"), after.at("/spec/template/metadata/labels")))
                .containsExactly("/version");
    }

    @Test
    void givenName_isUsed() {
        ObjectNode after =
                edit("app", Optional.of("orders-api-canary"), Map.of()).apply(team);

        assertThat(after.at("/metadata/name").asString()).isEqualTo("orders-api-canary");
    }

    @Test
    void configMapSwap_replacesEveryReference_andNothingElse() {
        ObjectNode after = edit(
                        "app",
                        Optional.empty(),
                        Map.of(
                                "orders-api-config",
                                "orders-api-config-2-7-0",
                                "fluent-bit-config",
                                "fluent-bit-config-2-7-0"))
                .apply(team);

        assertThat(schemaProblems(after)).isEmpty();
        assertThat(differences(team, after))
                .filteredOn(p -> p.startsWith("/spec/template/spec/") && !p.endsWith("/image"))
                .containsExactly(
                        "/spec/template/spec/initContainers/0/envFrom/0/configMapRef/name",
                        "/spec/template/spec/containers/0/env/0/valueFrom/configMapKeyRef/name",
                        "/spec/template/spec/containers/0/envFrom/0/configMapRef/name",
                        "/spec/template/spec/volumes/0/configMap/name",
                        "/spec/template/spec/volumes/2/projected/sources/0/configMap/name");
        assertThat(after.at("/spec/template/spec/volumes/2/projected/sources/0/configMap/name")
                        .asString())
                .isEqualTo("fluent-bit-config-2-7-0");
        assertThat(after.at("/spec/template/spec/containers/0/env/1"))
                .as("the Secret reference")
                .isEqualTo(team.at("/spec/template/spec/containers/0/env/1"));
    }

    @Test
    void configMapSwap_ofAConfigMapThePodsDoNotUse_isRefused() {
        assertThatThrownBy(() -> edit("app", Optional.empty(), Map.of("orders-config", "x"))
                        .apply(team))
                .isInstanceOfSatisfying(
                        EditRefusedException.class,
                        e -> assertThat(e.getMessage())
                                .contains(
                                        "does not use ConfigMap orders-config;",
                                        "it uses orders-api-config, fluent-bit-config"));
    }

    @Test
    void containerNotInTheTemplate_isRefused_listingTheContainers() {
        assertThatThrownBy(() -> edit("api", Optional.empty(), Map.of()).apply(team))
                .isInstanceOfSatisfying(EditRefusedException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "Deployment orders-api has no container named api; its containers are app, log-shipper");
                    assertThat(e.hint()).contains("spec.workload.container");
                });
    }

    @Test
    void aDeploymentOfAnotherVersion_getsTheNewVersionInItsSelector() {
        ((ObjectNode) team.at("/spec/selector/matchLabels")).put("version", "2.6.0");
        ((ObjectNode) team.at("/spec/template/metadata/labels")).put("version", "2.6.0");
        untouched.setAll(team.deepCopy());

        ObjectNode after = edit("app", Optional.empty(), Map.of()).apply(team);

        assertThat(after.at("/spec/selector/matchLabels/version").asString()).isEqualTo("2.7.0");
        assertThat(after.at("/spec/template/metadata/labels/version").asString())
                .isEqualTo("2.7.0");
    }

    @Test
    void versionNames_areDnsAndLabelSafe() {
        assertThat(VersionNames.deploymentName("orders-api", "2.7.0+Build_5")).isEqualTo("orders-api-2-7-0-build-5");
        assertThat(VersionNames.labelValue("2.7.0+Build_5")).isEqualTo("2.7.0-Build_5");
    }
}
