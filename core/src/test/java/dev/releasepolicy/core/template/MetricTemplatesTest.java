package dev.releasepolicy.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.verify.Verifier;
import dev.releasepolicy.core.verify.VerifyContext;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class MetricTemplatesTest {

    static final String CONFIG = """
            metricTemplates:
              http-success-rate:
                args: [service]
                query: 'sum(rate(ok{service="{{args.service}}"}[1m])) / sum(rate(all{service="{{ args.service }}"}[1m]))'
                min: 0.99
                interval: 1m
              no-args:
                query: up
                max: 1
            """;

    @TempDir
    Path dir;

    MetricTemplates templates(String yaml) throws Exception {
        Path config = dir.resolve(".release-policy.yaml");
        Files.writeString(config, yaml);
        return PolicyConfig.load(config).metricTemplates();
    }

    static Manifest manifest(String metrics) {
        String yaml = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: t}
                spec:
                  application: orders-api
                  version: "2.0"
                  image: r/orders-api:2.0
                  strategy: {type: Rolling}
                  monitoring:
                    metrics:
                """ + metrics.indent(6);
        return new ManifestLoader().parse("release.yaml", yaml).manifests().get(0);
    }

    static JsonNode metric(Manifest m, int i) {
        return m.tree().path("spec").path("monitoring").path("metrics").get(i);
    }

    @Test
    void expand_substitutesEveryPlaceholder_andKeepsTemplateAndArgs() throws Exception {
        MetricTemplates.Expansion e = templates(CONFIG)
                .expand(manifest("- {name: successRate, template: http-success-rate, args: {service: orders-api}}"));
        assertThat(e.findings()).isEmpty();
        JsonNode m = metric(e.manifest(), 0);
        assertThat(m.path("query").asString())
                .isEqualTo("sum(rate(ok{service=\"orders-api\"}[1m])) / sum(rate(all{service=\"orders-api\"}[1m]))");
        assertThat(m.path("min").decimalValue()).isEqualByComparingTo("0.99");
        assertThat(m.path("interval").asString()).isEqualTo("1m");
        assertThat(m.path("template").asString()).isEqualTo("http-success-rate");
        assertThat(m.path("args").path("service").asString()).isEqualTo("orders-api");
        assertThat(e.manifest()
                        .sourceMap()
                        .locate("/spec/monitoring/metrics/0/query")
                        .line())
                .as("an expanded field is located at its metric")
                .isEqualTo(11);
    }

    @Test
    void expand_fieldsBesideTheTemplate_win() throws Exception {
        MetricTemplates.Expansion e = templates(CONFIG)
                .expand(manifest(
                        "- {name: s, template: http-success-rate, args: {service: a}, min: 0.95, interval: 30s}"));
        JsonNode m = metric(e.manifest(), 0);
        assertThat(m.path("min").decimalValue()).isEqualByComparingTo("0.95");
        assertThat(m.path("interval").asString()).isEqualTo("30s");
        assertThat(m.path("query").asString()).contains("service=\"a\"");
    }

    @Test
    void expand_aManifestWithoutTemplates_isTheSameObject() throws Exception {
        Manifest plain = manifest("- {name: errorRate, query: x, max: 0.01}");
        MetricTemplates.Expansion e = templates(CONFIG).expand(plain);
        assertThat(e.manifest()).isSameAs(plain);
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void expand_unknownTemplate_isAFindingAtTheTemplateField() throws Exception {
        MetricTemplates.Expansion e = templates(CONFIG).expand(manifest("- {name: s, template: http-sucess-rate}"));
        assertThat(e.findings()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("metric-template");
            assertThat(f.isBlockingError()).isTrue();
            assertThat(f.message()).isEqualTo("metric 's' uses the template 'http-sucess-rate', which is not defined");
            assertThat(f.hint()).contains("use one of http-success-rate, no-args");
            assertThat(f.location().toString()).isEqualTo("release.yaml:11:29");
            assertThat(f.pointer()).isEqualTo("/spec/monitoring/metrics/0/template");
        });
        assertThat(metric(e.manifest(), 0).has("query")).isFalse();
    }

    @Test
    void expand_missingArgument_isAFindingAtArgs() throws Exception {
        MetricTemplates.Expansion e =
                templates(CONFIG).expand(manifest("- {name: s, template: http-success-rate, args: {}}"));
        assertThat(e.findings()).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .isEqualTo("metric 's' does not pass the argument service of the template 'http-success-rate'");
            assertThat(f.hint()).isEqualTo("add args: {service: ...}");
            assertThat(f.pointer()).isEqualTo("/spec/monitoring/metrics/0/args");
            assertThat(f.location().line()).isEqualTo(11);
        });
        MetricTemplates.Expansion noArgs =
                templates(CONFIG).expand(manifest("- {name: s, template: http-success-rate}"));
        assertThat(noArgs.findings())
                .singleElement()
                .satisfies(f -> assertThat(f.pointer()).isEqualTo("/spec/monitoring/metrics/0/template"));
    }

    @Test
    void expand_undeclaredArgument_isAFindingAtThatArgument() throws Exception {
        MetricTemplates.Expansion e = templates(CONFIG)
                .expand(manifest("- name: s\n  template: http-success-rate\n  args: {service: a, namespace: prod}"));
        assertThat(e.findings()).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .isEqualTo("metric 's' passes the argument 'namespace', which the template"
                            + " 'http-success-rate' does not declare");
            assertThat(f.hint()).isEqualTo("remove it, or use one of service");
            assertThat(f.pointer()).isEqualTo("/spec/monitoring/metrics/0/args/namespace");
            assertThat(f.location().toString()).isEqualTo("release.yaml:13:28");
        });
    }

    @Test
    void read_aPlaceholderNotDeclared_isAFindingInTheConfigurationFile() throws Exception {
        MetricTemplates t = templates("""
                metricTemplates:
                  broken:
                    args: [service]
                    query: 'rate(x{service="{{args.svc}}"}[1m])'
                """);
        assertThat(t.problems()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("metric-template");
            assertThat(f.message())
                    .isEqualTo("metric template 'broken' uses {{args.svc}} but does not declare it in args [service]:"
                            + " no manifest can expand this template");
            assertThat(f.location().file()).endsWith(".release-policy.yaml");
            assertThat(f.location().line()).isEqualTo(4);
            assertThat(f.pointer()).isEqualTo("/metricTemplates/broken/query");
        });
    }

    @Test
    void verify_seesTheExpandedMetric_andReportsTemplateProblemsOnTheConfigFile() throws Exception {
        MetricTemplates t = templates(CONFIG + """
                  broken:
                    query: '{{args.nothing}}'
                """);
        Path release = dir.resolve("release.yaml");
        Files.writeString(release, """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: t}
                spec:
                  application: orders-api
                  version: "2.0"
                  image: r/orders-api:2.0
                  strategy: {type: Rolling}
                  monitoring:
                    metrics:
                      - {name: a, template: http-success-rate, args: {service: x}, bogus: 1}
                      - {name: b, template: no-args}
                """);
        SchemaValidator schema = SchemaValidator.releaseManifest();
        List<String> seenQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
        Verifier verifier = new Verifier(
                new ManifestLoader(),
                List.of((m, earlier, ctx) -> schema.validate(m), (m, earlier, ctx) -> {
                    m.tree()
                            .path("spec")
                            .path("monitoring")
                            .path("metrics")
                            .forEach(x -> seenQueries.add(x.path("query").asString("")));
                    return List.of();
                }),
                t);
        VerifyReport report = verifier.verify(List.of(release), new VerifyContext(Instant.EPOCH));
        assertThat(seenQueries).hasSize(2).allSatisfy(q -> assertThat(q).isNotEmpty());
        assertThat(report.manifests().get(0).findings())
                .extracting(Finding::policyId, Finding::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("schema", "/spec/monitoring/metrics/0/bogus"));
        assertThat(report.files()).singleElement().satisfies(f -> {
            assertThat(f.file()).endsWith(".release-policy.yaml");
            assertThat(f.findings()).extracting(Finding::policyId).containsExactly("metric-template");
        });
    }
}
