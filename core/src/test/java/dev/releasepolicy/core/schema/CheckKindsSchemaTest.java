package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A metric of {@code spec.monitoring.metrics} has exactly one kind of check (query, web, job, webhook):
 * none or two are one finding at the metric, saying which and how to fix it. Names may hold {@code -} and
 * {@code .}.
 */
class CheckKindsSchemaTest {

    static final SchemaValidator SCHEMA = SchemaValidator.releaseManifest();

    static List<String> findings(String metric) {
        String text = """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  strategy: {type: Canary, canary: {steps: [{analysis: {metrics: [checkout-p99.v2]}}, {setWeight: 100}]}}
                  rollback: {afterRollback: {metrics: [checkout-p99.v2]}}
                  monitoring:
                    metrics:
                      - %s
                """.formatted(metric);
        LoadedFile loaded = new ManifestLoader().parse("r.yaml", text);
        assertThat(loaded.findings()).isEmpty();
        return SCHEMA.validate(loaded.manifests().get(0)).stream()
                .map(f -> f.location().line() + " " + f.pointer() + " " + f.message() + " | " + f.hint())
                .toList();
    }

    @Test
    void eachKindAlone_passes_withDashesAndDotsInTheName() {
        assertThat(findings("{name: checkout-p99.v2, query: q, max: 0.3, count: 5, inconclusiveLimit: 2,"
                        + " consecutiveErrorLimit: 4, initialDelay: 30s, dryRun: false, above: 0, below: 1}"))
                .isEmpty();
        assertThat(findings("{name: checkout-p99.v2, web: {url: \"https://m.example.com/q?x=1\","
                        + " headers: {DD-API-KEY: \"${env:DD_KEY}\"}, jsonPath: \"$.series[0].value\"}, max: 0.3}"))
                .isEmpty();
        assertThat(findings("{name: checkout-p99.v2, job: {image: registry.example.com/smoke:1.4,"
                        + " args: [--target, http://shop-canary], env: {MODE: smoke}, timeout: 5m}}"))
                .isEmpty();
        assertThat(findings("{name: checkout-p99.v2, webhook: {url: http://loadtester.test/start,"
                        + " body: {cmd: \"hey -z 1m http://shop-canary\"}}}"))
                .isEmpty();
    }

    @Test
    void twoKinds_isOneFindingAtTheMetric_sayingWhichToKeep() {
        assertThat(findings("{name: checkout-p99.v2, query: q, job: {image: registry.example.com/smoke:1.4}}"))
                .containsExactly("12 /spec/monitoring/metrics/0 spec.monitoring.metrics[0] must have exactly one of"
                        + " query, web, job, webhook, template; it has query and job | keep only one of query, job: a check"
                        + " that yields a verdict, used by analysis steps, automatic rollback and afterRollback:"
                        + " exactly one of query, web, job or webhook");
    }

    @Test
    void noKind_isOneFindingAtTheMetric_sayingWhatToAdd() {
        assertThat(findings("{name: checkout-p99.v2, max: 0.3}"))
                .singleElement()
                .asString()
                .contains("/spec/monitoring/metrics/0", "it has none", "add one of query, web, job, webhook");
    }

    @Test
    void aNameWithOtherCharacters_isRefused() {
        assertThat(findings("{name: \"checkout p99\", query: q}"))
                .anyMatch(f -> f.contains("/spec/monitoring/metrics/0/name"));
    }
}
