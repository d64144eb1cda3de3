package dev.releasepolicy.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.foreign.ArgoRolloutMapper;
import dev.releasepolicy.core.foreign.FlaggerCanaryMapper;
import dev.releasepolicy.core.foreign.ForeignIds;
import dev.releasepolicy.core.foreign.ForeignSet;
import dev.releasepolicy.core.foreign.MappedRelease;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The analysis part of the Argo Rollouts and Flagger mapping (docs/argo-flagger.md): Argo's {@code web} and
 * {@code job} providers and the analysis knobs become the release's checks and fields, template arguments are
 * substituted, Flagger's webhooks become webhook checks at their hook points. Fixtures in
 * {@code src/test/resources/foreign/analysis/}.
 */
class ForeignAnalysisTest {

    static final Path ROOT = ForeignVerifyTest.ROOT.resolve("analysis");

    static List<Manifest> load(Path file) throws IOException {
        return new ManifestLoader()
                .parse(file.toString(), Files.readAllBytes(file))
                .manifests();
    }

    static MappedRelease mapRollout(Path file) throws IOException {
        List<Manifest> docs = load(file);
        return new ArgoRolloutMapper().map(docs.get(0), new ForeignSet(docs));
    }

    static JsonNode metric(MappedRelease r, String name) {
        for (JsonNode m : r.release().tree().path("spec").path("monitoring").path("metrics")) {
            if (m.path("name").asString("").equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + r.release().tree());
    }

    @Test
    void argoWebAndJobProviders_andKnobs_mapToChecksAndFields() throws IOException {
        MappedRelease r = mapRollout(ROOT.resolve("web-job.yaml"));
        JsonNode errorRate = metric(r, "errorRate");
        assertThat(errorRate.path("web").path("url").asString())
                .isEqualTo("https://metrics.example.com/api/v1/error-rate?app=payments-api");
        assertThat(errorRate.path("web").path("method").asString()).isEqualTo("POST");
        assertThat(errorRate.path("web").path("headers").path("Authorization").asString())
                .isEqualTo("Bearer ${env:METRICS_TOKEN}");
        assertThat(errorRate.path("web").path("body").path("window").asString()).isEqualTo("1m");
        assertThat(errorRate.path("web").path("jsonPath").asString()).isEqualTo("$.data.rate");
        assertThat(errorRate.path("web").path("timeout").asString()).isEqualTo("20s");
        assertThat(errorRate.has("query")).isFalse();
        // "result[0] < 0.01" is exactly "below 0.01" (exclusive), not max.
        assertThat(errorRate.path("below").asDouble()).isEqualTo(0.01);
        assertThat(errorRate.has("max")).isFalse();
        assertThat(errorRate.path("count").asInt()).isEqualTo(5);
        assertThat(errorRate.path("failureLimit").asInt()).isEqualTo(1);
        assertThat(errorRate.path("inconclusiveLimit").asInt()).isEqualTo(2);
        assertThat(errorRate.path("consecutiveErrorLimit").asInt()).isEqualTo(3);
        assertThat(errorRate.path("initialDelay").asString()).isEqualTo("30s");
        assertThat(errorRate.has("dryRun")).isFalse();

        JsonNode latency = metric(r, "latency");
        // failureCondition "result > 0.5": healthy is at most 0.5; the template's dryRun names it.
        assertThat(latency.path("max").asDouble()).isEqualTo(0.5);
        assertThat(latency.path("dryRun").asBoolean()).isTrue();
        assertThat(latency.path("web").has("method")).isFalse();

        JsonNode smoke = metric(r, "smoke");
        assertThat(smoke.path("job").path("image").asString()).isEqualTo("registry.example.com/pay/smoke:1.4");
        assertThat(smoke.path("job").path("command").toString()).isEqualTo("[\"/bin/smoke\"]");
        assertThat(smoke.path("job").path("args").toString())
                .isEqualTo("[\"--target\",\"http://payments-api-canary\"]");
        assertThat(smoke.path("job").path("env").path("MODE").asString()).isEqualTo("quick");
        assertThat(smoke.has("query")).isFalse();
    }

    @Test
    void argoWebAndJob_verifyWithOnlyTheInexactConditionNotChecked() throws IOException {
        List<String> found = ForeignVerifyTest.lines(ROOT.resolve("web-job.yaml"), ForeignVerifyTest.TUESDAY_BERLIN);
        // The web and job metrics and every knob are read; the one finding left is the condition that is not a
        // plain comparison (no data counts as success in Argo, as inconclusive here), located at the condition.
        assertThat(found)
                .containsExactly("87:25 warning " + ForeignIds.NOT_CHECKED + " /spec/metrics/2/successCondition");
    }

    @Test
    void argoTemplateArgs_areSubstitutedIntoQueryAndAddress_aMissingOneIsAnErrorAtTheReference() throws IOException {
        MappedRelease r = mapRollout(ROOT.resolve("args.yaml"));
        JsonNode errorRate = metric(r, "errorRate");
        assertThat(errorRate.path("query").asString())
                .contains("service=\"payments-api-canary\"")
                .doesNotContain("{{");
        // The template's default of namespace is used where the analysis passes none.
        assertThat(r.release()
                        .tree()
                        .path("spec")
                        .path("monitoring")
                        .path("address")
                        .asString())
                .isEqualTo("http://prometheus.prod:9090");
        List<String> found = ForeignVerifyTest.lines(ROOT.resolve("args.yaml"), ForeignVerifyTest.TUESDAY_BERLIN);
        // The second analysis does not pass service-name: one error, at that analysis's templateName.
        assertThat(found)
                .containsExactly("55:40 error " + ForeignIds.ARGS
                        + " /spec/strategy/canary/steps/5/analysis/templates/0/templateName");
    }

    static MappedRelease mapCanary(Path folder) throws IOException {
        List<Manifest> docs = new java.util.ArrayList<>();
        for (String f : List.of("canary.yaml", "metric-template.yaml", "k8s/orders-api.yaml")) {
            docs.addAll(load(folder.resolve(f)));
        }
        return new FlaggerCanaryMapper().map(docs.get(0), new ForeignSet(docs));
    }

    static List<String> stepsOf(MappedRelease r) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode st :
                r.release().tree().path("spec").path("strategy").path("canary").path("steps")) {
            out.add(st.toString());
        }
        return out;
    }

    @Test
    void flaggerWebhooks_becomeWebhookChecksAtTheirHookPoints() throws IOException {
        MappedRelease r = mapCanary(ROOT.resolve("flagger-webhooks"));
        JsonNode acceptance = metric(r, "acceptanceTest");
        assertThat(acceptance.path("webhook").path("url").asString()).isEqualTo("http://flagger-loadtester.test/");
        assertThat(acceptance.path("webhook").path("body").path("type").asString())
                .isEqualTo("bash");
        assertThat(acceptance.path("webhook").path("timeout").asString()).isEqualTo("30s");
        // threshold 2: a failing hook is a failed check, as for metrics.
        assertThat(acceptance.path("failureLimit").asInt()).isEqualTo(1);
        assertThat(metric(r, "promotionGate").path("webhook").path("url").asString())
                .isEqualTo("http://flagger-loadtester.test/gate/check");
        List<String> steps = stepsOf(r);
        // pre-rollout: an analysis before the first weight.
        assertThat(steps.get(0)).isEqualTo("{\"analysis\":{\"metrics\":[\"acceptanceTest\"]}}");
        assertThat(steps.get(1)).isEqualTo("{\"setWeight\":5}");
        // rollout (the default type): in the analysis of every weight, beside the metrics.
        assertThat(steps.get(3)).isEqualTo("{\"analysis\":{\"metrics\":[\"errorRate\",\"latencyP99\",\"loadTest\"]}}");
        assertThat(steps.stream().filter(st -> st.contains("loadTest"))).hasSize(10);
        // confirm-promotion: an analysis after the last weight, before the promotion to 100%.
        assertThat(steps.subList(steps.size() - 2, steps.size()))
                .containsExactly("{\"analysis\":{\"metrics\":[\"promotionGate\"]}}", "{\"setWeight\":100}");
        // post-rollout: told the outcome, after the annotation's notification.
        JsonNode notifications = r.release().tree().path("spec").path("notifications");
        assertThat(notifications.get(1).toString())
                .isEqualTo(
                        "{\"webhook\":\"https://hooks.example.com/flagger/orders\",\"events\":[\"Succeeded\",\"RolledBack\"]}");
        // The webhook checks never become automatic-rollback triggers (they have no number).
        assertThat(r.release()
                        .tree()
                        .path("spec")
                        .path("rollback")
                        .path("automatic")
                        .toString())
                .doesNotContain("acceptanceTest", "loadTest", "promotionGate");
    }

    @Test
    void flaggerWebhooks_verify_withOnlyTheRollbackHookNotChecked_andBuiltinsAsEvidence() throws IOException {
        List<String> found = ForeignVerifyTest.lines(ROOT.resolve("flagger-webhooks"), ExamplesTest.CONTEXT);
        assertThat(found)
                .containsExactly("74:15 warning " + ForeignIds.NOT_CHECKED + " /spec/analysis/webhooks/4/type");
    }

    @Test
    void flaggerBuiltinMetrics_mapToAnErrorRateAndALatencyTheMonitoringPolicyCounts() throws IOException {
        MappedRelease r = mapCanary(ROOT.resolve("flagger-webhooks"));
        // request-success-rate min 99 (percent) is an error rate of at most 1%.
        assertThat(metric(r, "errorRate").path("max").asDouble()).isEqualTo(0.01);
        // Without the builtin, the monitoring policy misses its error-rate metric: the mapping is the evidence.
        Path dir = java.nio.file.Files.createTempDirectory("flagger-no-success-rate");
        Path src = ROOT.resolve("flagger-webhooks");
        java.nio.file.Files.createDirectories(dir.resolve("k8s"));
        for (String f : List.of("canary.yaml", "metric-template.yaml", "k8s/orders-api.yaml")) {
            String text = java.nio.file.Files.readString(src.resolve(f));
            java.nio.file.Files.writeString(
                    dir.resolve(f), text.replace("- name: request-success-rate", "- name: request-rate"));
        }
        assertThat(ForeignVerifyTest.lines(dir, ExamplesTest.CONTEXT)).anyMatch(l -> l.contains("error monitoring"));
    }
}
