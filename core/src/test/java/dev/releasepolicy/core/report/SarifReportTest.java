package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SarifReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode sarif() {
        Path root = Path.of("/work/repo");
        return JSON.readTree(ReportFixture.render(new SarifReport(new ReportSettings(root, root, "1.2.3", List.of()))));
    }

    @Test
    void write_conformsToTheSarif210Schema() throws IOException {
        // sarif-2.1.0-rtm.5.json is the OASIS SARIF 2.1.0 schema (the final 2.1.0 schema of
        // https://github.com/oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json), as shipped in the npm package
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
        assertThat(rollback.at("/locations/0/physicalLocation/artifactLocation/uriBaseId")
                        .asString())
                .isEqualTo("%SRCROOT%");
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
    void write_wholeFileFindingHasTheRegionOfItsFirstLine() {
        JsonNode empty = sarif().at("/runs/0/results/4");

        assertThat(empty.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asString())
                .isEqualTo("release/empty.yaml");
        assertThat(empty.at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(1);
        assertThat(empty.at("/locations/0/physicalLocation/region/startColumn").asInt())
                .isEqualTo(1);
    }

    @Test
    void write_moduleFindingsAreRelativeToTheRepositoryRoot(@TempDir Path repo) throws IOException {
        Files.createDirectories(repo.resolve(".git"));
        Path module = Files.createDirectories(repo.resolve("web"));
        Files.createDirectories(module.resolve("release"));
        Files.writeString(module.resolve("release/x.yaml"), "kind: Release\nspec:\n  to: \"2.0 → ok\"\n");
        VerifyReport report = new VerifyReport(
                List.of(),
                List.of(new ManifestResult(
                        "release/x.yaml",
                        0,
                        "x",
                        List.of(Finding.error(
                                "rollback-plan", "m", "h", new Location("release/x.yaml", 3, 3), "/spec/to")))));
        ReportSettings.Rule meta = new ReportSettings.Rule(
                "rollback-plan",
                Severity.ERROR,
                "A release names the version it rolls back to. It must not be the new version.",
                "policies/rollback-plan.js");
        StringBuilder sb = new StringBuilder();

        new SarifReport(ReportSettings.of(module, Optional.empty(), List.of(meta))).write(report, sb);

        JsonNode run = JSON.readTree(sb.toString()).at("/runs/0");
        JsonNode artifact = run.at("/results/0/locations/0/physicalLocation/artifactLocation");
        assertThat(artifact.get("uri").asString()).isEqualTo("web/release/x.yaml");
        assertThat(artifact.get("uriBaseId").asString()).isEqualTo("%SRCROOT%");
        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asString())
                .isEqualTo(repo.toUri().toString())
                .endsWith("/");
        assertThat(run.at("/automationDetails/id").asString()).isEqualTo("release-policy/web/");
        assertThat(run.get("columnKind").asString()).isEqualTo("unicodeCodePoints");
        JsonNode region = run.at("/results/0/locations/0/physicalLocation/region");
        assertThat(region.get("startLine").asInt()).isEqualTo(3);
        assertThat(region.get("startColumn").asInt()).isEqualTo(3);
        assertThat(region.get("endLine").asInt()).isEqualTo(3);
        assertThat(region.get("endColumn").asInt()).isEqualTo(("  to: \"2.0 → ok\"").length() + 1);
        JsonNode rule = run.at("/tool/driver/rules")
                .valueStream()
                .filter(r -> r.get("id").asString().equals("rollback-plan"))
                .findFirst()
                .orElseThrow();
        assertThat(rule.at("/shortDescription/text").asString())
                .isEqualTo("A release names the version it rolls back to.");
        assertThat(rule.at("/fullDescription/text").asString()).isEqualTo(meta.description());
        assertThat(rule.at("/help/text").asString()).contains(meta.description(), "policies/rollback-plan.js");
        assertThat(run.at("/tool/driver/rules")
                        .valueStream()
                        .map(r -> r.get("id").asString()))
                .contains("schema", "yaml", "input");
        // A --sarif-root that is not the git top level is honoured.
        StringBuilder fromModule = new StringBuilder();
        new SarifReport(ReportSettings.of(module, Optional.of(module), List.of())).write(report, fromModule);
        assertThat(JSON.readTree(fromModule.toString())
                        .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                        .asString())
                .isEqualTo("release/x.yaml");
        assertThat(ReportSettings.repositoryRoot(module.resolve("release"))).isEqualTo(repo.toAbsolutePath());
    }

    @Test
    void write_fingerprintsAreStableWhenLinesMove() {
        Path root = Path.of("/work/repo");
        SarifReport writer = new SarifReport(new ReportSettings(root, root, "1", List.of()));
        Finding before = Finding.error("strategy", "m", "h", new Location("a.yaml", 10, 3), "/spec/strategy");
        Finding moved = Finding.error("strategy", "m", "h", new Location("a.yaml", 14, 3), "/spec/strategy");
        Finding other = Finding.error("strategy", "m", "h", new Location("a.yaml", 20, 3), "/spec/replicas");

        JsonNode first = JSON.readTree(render(writer, before, before, other));
        JsonNode second = JSON.readTree(render(writer, moved, moved, other));

        List<String> a = first.at("/runs/0/results")
                .valueStream()
                .map(r -> r.at("/partialFingerprints/releasePolicy~1v1").asString())
                .toList();
        List<String> b = second.at("/runs/0/results")
                .valueStream()
                .map(r -> r.at("/partialFingerprints/releasePolicy~1v1").asString())
                .toList();
        assertThat(a)
                .isEqualTo(b)
                .doesNotHaveDuplicates()
                .allSatisfy(f -> assertThat(f).matches("[0-9a-f]{32}:[0-9]+"));
    }

    private static String render(SarifReport writer, Finding... findings) {
        StringBuilder sb = new StringBuilder();
        try {
            writer.write(
                    new VerifyReport(List.of(), List.of(new ManifestResult("a.yaml", 0, "a", List.of(findings)))), sb);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sb.toString();
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
