package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.spec.IntOrPercent;
import dev.releasepolicy.core.spec.StrategySpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Deployments release-policy creates carry the recommended labels on their metadata, and only there. */
class KubeObjectsLabelsTest {

    static final KubeObjects.Workload WORKLOAD = new KubeObjects.Workload(
            "orders-api",
            "prod",
            "2.7.0",
            "registry.example.com/orders-api:2.7.0",
            3,
            List.of(),
            Optional.empty(),
            "orders-api-2-7-0",
            "sha256:abc");

    @Test
    void versionDeployment_hasTheRecommendedLabels_besideAppAndVersion_andSelectsOnAppAndVersionOnly() {
        ObjectNode d = KubeObjects.versionDeployment(WORKLOAD);

        assertThat(d.at("/metadata/labels")).isEqualTo(tree("""
                {"app": "orders-api", "version": "2.7.0", "app.kubernetes.io/managed-by": "release-policy",
                 "app.kubernetes.io/name": "orders-api", "app.kubernetes.io/instance": "orders-api-2-7-0",
                 "app.kubernetes.io/version": "2.7.0", "app.kubernetes.io/part-of": "orders-api"}
                """));
        JsonNode appAndVersion = tree("{\"app\": \"orders-api\", \"version\": \"2.7.0\"}");
        assertThat(d.at("/spec/selector/matchLabels")).isEqualTo(appAndVersion);
        assertThat(d.at("/spec/template/metadata/labels")).isEqualTo(appAndVersion);
    }

    @Test
    void rollingDeployment_isOneInstanceNamedAfterTheApplication() {
        ObjectNode d = KubeObjects.rollingDeployment(
                WORKLOAD, new StrategySpec.Rolling(IntOrPercent.percent("25%"), IntOrPercent.pods(0)));

        assertThat(d.at("/metadata/labels/app.kubernetes.io~1instance").asString())
                .isEqualTo("orders-api");
        assertThat(d.at("/metadata/labels/app.kubernetes.io~1version").asString())
                .isEqualTo("2.7.0");
        assertThat(d.at("/spec/selector/matchLabels")).isEqualTo(tree("{\"app\": \"orders-api\"}"));
    }

    private static JsonNode tree(String json) {
        return JsonMapper.shared().readTree(json);
    }
}
