package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SarifReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode sarif() {
        return JSON.readTree(ReportFixture.render(new SarifReport("1.2.3", Map.of())));
    }

    @Test
    void write_conformsToTheSarif210Schema() throws IOException {
        // sarif-2.1.0-rtm.5.json is the OASIS SARIF 2.1.0 schema as shipped in the npm package
        // @microsoft/jest-sarif (MIT).
        JsonNode schemaTree;
        try (InputStream in = getClass().getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            schemaTree = JSON.readTree(in);
        }
        Schema schema =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaTree);

        List<Error> errors = schema.validate(sarif());

        assertThat(errors).isEmpty();
        // The schema really is enforced: a wrong version and an unknown level are refused.
        JsonNode broken = JSON.readTree(sarif().toString()
                .replace("\"version\":\"2.1.0\"", "\"version\":\"2.0\"")
                .replace("\"level\":\"note\"", "\"level\":\"fatal\""));
        assertThat(schema.validate(broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void write_runHasToolAndOneRulePerPolicy() {
        JsonNode root = sarif();

        assertThat(root.get("$schema").asString()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(root.get("version").asString()).isEqualTo("2.1.0");
        assertThat(root.get("runs")).hasSize(1);
        JsonNode driver = root.at("/runs/0/tool/driver");
        assertThat(driver.get("name").asString()).isEqualTo("release-policy");
        assertThat(driver.get("version").asString()).isEqualTo("1.2.3");
        assertThat(driver.get("rules").valueStream().map(r -> r.get("id").asString()))
                .containsExactly(
                        "input", "monitoring", "release-window", "rollback-plan", "schema", "strategy", "yaml");
        assertThat(driver.at("/rules/1/defaultConfiguration/level").asString()).isEqualTo("warning");
        assertThat(driver.at("/rules/3/defaultConfiguration/level").asString()).isEqualTo("error");
    }

    @Test
    void write_resultsCarryLevelMessageAndLocation() {
        JsonNode results = sarif().at("/runs/0/results");

        assertThat(results).hasSize(7);
        JsonNode rollback = results.get(1);
        assertThat(rollback.get("ruleId").asString()).isEqualTo("rollback-plan");
        assertThat(rollback.get("ruleIndex").asInt()).isEqualTo(3);
        assertThat(rollback.get("level").asString()).isEqualTo("error");
        assertThat(rollback.at("/message/text").asString())
                .isEqualTo(
                        "rollback target \"v2.0\" equals the new version <&> — set spec.rollback.to to the last stable version, e.g. v1.0");
        assertThat(rollback.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asString())
                .isEqualTo("release/canary-api.yaml");
        assertThat(rollback.at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(24);
        assertThat(rollback.at("/locations/0/physicalLocation/region/startColumn")
                        .asInt())
                .isEqualTo(9);
        assertThat(rollback.at("/locations/0/logicalLocations/0/fullyQualifiedName")
                        .asString())
                .isEqualTo("/spec/rollback/to");
        assertThat(rollback.at("/properties/pointer").asString()).isEqualTo("/spec/rollback/to");
    }

    @Test
    void write_waivedFindingIsSuppressedNote() {
        JsonNode waived = sarif().at("/runs/0/results/3");

        assertThat(waived.get("ruleId").asString()).isEqualTo("release-window");
        assertThat(waived.get("level").asString()).isEqualTo("note");
        assertThat(waived.at("/suppressions/0/kind").asString()).isEqualTo("external");
        assertThat(waived.at("/suppressions/0/status").asString()).isEqualTo("accepted");
        assertThat(waived.at("/suppressions/0/justification").asString())
                .isEqualTo("hotfix approved by CAB: 100% sure");
        assertThat(waived.at("/properties/severity").asString()).isEqualTo("error");
    }

    @Test
    void write_wholeFileFindingHasNoRegion() {
        JsonNode empty = sarif().at("/runs/0/results/4");

        assertThat(empty.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asString())
                .isEqualTo("release/empty.yaml");
        assertThat(empty.at("/locations/0/physicalLocation").has("region")).isFalse();
    }

    @Test
    void uri_encodesSpacesAndAbsolutePaths() {
        assertThat(SarifReport.uri("release/web/blue green.yaml")).isEqualTo("release/web/blue%20green.yaml");
        assertThat(SarifReport.uri("/home/ci/release/a.yaml")).isEqualTo("file:///home/ci/release/a.yaml");
        assertThat(SarifReport.uri("C:\\work\\a b.yaml")).isEqualTo("file:///C:/work/a%20b.yaml");
        assertThat(SarifReport.uri("rel/100%/é#.yaml")).isEqualTo("rel/100%25/%C3%A9%23.yaml");
        assertThat(SarifReport.uri("a:b.yaml")).isEqualTo("a%3Ab.yaml");
    }
}
