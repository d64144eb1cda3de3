package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.render.ArgoRollouts;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.workload.WorkloadResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code plan --format argo-rollouts} on every manifest planned in {@link PlanGoldenTest} (the reference
 * releases of examples/, the workload examples in their folders, the planner fixtures): the output is exactly
 * its golden {@code golden/argo-rollouts/<name>.yaml}; every object validates against the Argo Rollouts 1.9
 * schemas copied into test resources (reference/argo-rollouts, sources in reference/SOURCES.md); the
 * templates the Rollout names are the ones written, and each one written is used. Regenerate the golden
 * files after an intended change with
 * {@code bin/mvnw -o test -pl core -Dtest=ArgoRolloutsTest -Dgolden.update=true}, and review the diff.
 */
class ArgoRolloutsTest {

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "argo-rollouts");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static final Map<String, Schema> SCHEMAS = Map.of(
            "Rollout", load("argo-rollouts/rollout-argoproj-v1alpha1.json"),
            "AnalysisTemplate", load("argo-rollouts/analysistemplate-argoproj-v1alpha1.json"));

    static Schema load(String path) {
        try (InputStream in = ArgoRolloutsTest.class.getResourceAsStream("/reference/" + path)) {
            ObjectNode tree = (ObjectNode) JsonMapper.shared().readTree(in);
            // As in RenderedObjectsTest: the catalog's "$schema" names no draft; the files are draft-4 style.
            tree.remove("$schema");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArgoRollouts.Rendering render(Path file) {
        Manifest manifest = Plans.load(file);
        Plan plan = Plans.plan(file);
        JsonNode container = manifest.tree().at("/spec/workload/container");
        return ArgoRollouts.render(
                ReleaseSpec.of(manifest),
                manifest.name(),
                plan.fingerprint().value(),
                ArgoRollouts.TeamDeployment.of(
                        new WorkloadResolver(new ManifestLoader()).resolve(manifest),
                        plan.application(),
                        container.isString() ? Optional.of(container.asString()) : Optional.empty()));
    }

    static String text(ArgoRollouts.Rendering r) {
        StringBuilder b = new StringBuilder();
        try {
            r.write("Argo Rollouts objects for a test.", b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Problems of one object: its schema's errors, a name that is no DNS name, a missing namespace. */
    static List<String> problems(JsonNode o) {
        List<String> problems = new ArrayList<>();
        if (!ArgoRollouts.API_VERSION.equals(o.path("apiVersion").asString())) {
            problems.add("apiVersion " + o.path("apiVersion"));
        }
        Schema schema = SCHEMAS.get(o.path("kind").asString());
        if (schema == null) {
            problems.add("no reference schema for kind " + o.path("kind"));
            return problems;
        }
        String name = o.path("metadata").path("name").asString("");
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 253) {
            problems.add("metadata.name '" + name + "' is not a DNS name");
        }
        if (o.path("metadata").path("namespace").asString("").isEmpty()) {
            problems.add("no metadata.namespace");
        }
        for (Error e : schema.validate(o)) {
            problems.add(e.toString());
        }
        return problems;
    }

    /** The AnalysisTemplate names the Rollout refers to: steps, background, pre- and post-promotion. */
    static Set<String> templatesNamed(JsonNode rollout) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode strategy = rollout.path("spec").path("strategy");
        List<JsonNode> refs = new ArrayList<>();
        strategy.path("canary").path("steps").forEach(s -> refs.add(s.path("analysis")));
        refs.add(strategy.path("canary").path("analysis"));
        refs.add(strategy.path("blueGreen").path("prePromotionAnalysis"));
        refs.add(strategy.path("blueGreen").path("postPromotionAnalysis"));
        for (JsonNode ref : refs) {
            ref.path("templates").forEach(t -> names.add(t.path("templateName").asString()));
        }
        return names;
    }

    @TestFactory
    Stream<DynamicTest> everyManifest_matchesItsGoldenFile() {
        return Plans.manifests().stream().map(file -> {
            String golden = Plans.baseName(file) + ".yaml";
            return DynamicTest.dynamicTest(golden, () -> {
                String actual = text(render(file));
                Path expected = GOLDEN.resolve(golden);
                if (UPDATE) {
                    Files.createDirectories(GOLDEN);
                    Files.writeString(expected, actual, StandardCharsets.UTF_8);
                }
                assertThat(expected)
                        .as("golden file; create it with -Dgolden.update=true")
                        .exists();
                assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
                assertThat(text(render(file))).as("same release, same bytes").isEqualTo(actual);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> everyObject_validatesAgainstTheArgoRolloutsSchemas_andTheTemplateNamesResolve() {
        return Plans.manifests().stream()
                .map(file -> DynamicTest.dynamicTest(Plans.baseName(file), () -> {
                    // Read back from the YAML written, as kubectl would: the check covers the writer too.
                    List<JsonNode> objects = new ArrayList<>();
                    String yaml = text(render(file));
                    for (String doc : yaml.split("(?m)^---\\n")) {
                        JsonNode node = YAMLMapper.shared().readTree(doc);
                        if (node != null && !node.isMissingNode() && !node.isNull()) {
                            objects.add(node);
                        }
                    }
                    assertThat(objects).isNotEmpty();
                    assertThat(objects.get(0).path("kind").asString()).isEqualTo("Rollout");
                    for (JsonNode o : objects) {
                        assertThat(problems(o))
                                .as(o.path("kind") + " " + o.path("metadata").path("name"))
                                .isEmpty();
                    }
                    Set<String> written = new LinkedHashSet<>();
                    objects.stream()
                            .filter(o -> o.path("kind").asString().equals("AnalysisTemplate"))
                            .forEach(o ->
                                    written.add(o.path("metadata").path("name").asString()));
                    assertThat(templatesNamed(objects.get(0)))
                            .as("templates the Rollout names")
                            .isEqualTo(written);
                }));
    }

    @Test
    void schemas_rejectInvalidObjects_soTheCheckIsReal() {
        ArgoRollouts.Rendering r = render(Plans.EXAMPLES.resolve("canary-api.yaml"));
        ObjectNode rollout = r.rollout().deepCopy();
        ((ObjectNode) rollout.get("spec")).put("replicas", "six");
        ((ObjectNode) rollout.at("/spec/strategy/canary")).put("stepz", 1);
        assertThat(problems(rollout)).hasSizeGreaterThanOrEqualTo(2);
        ObjectNode template = r.objects().get(1).deepCopy();
        ((ObjectNode) template.at("/spec/metrics/0")).remove("provider");
        assertThat(problems(template)).isNotEmpty();
    }

    /** An Argo canary has no post-promotion analysis: a last analysis step, and the difference is said. */
    @Test
    void postPromotionAnalysis_isTheLastAnalysisStep_andSaidNotExpressed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("canary-api.yaml");
        Files.writeString(
                file,
                Files.readString(Plans.EXAMPLES.resolve("canary-api.yaml"))
                        .replace(
                                "        - setWeight: 100\n",
                                "        - setWeight: 100\n      postPromotionAnalysis: {metrics: [errorRate]}\n"));
        ArgoRollouts.Rendering r = render(file);
        JsonNode steps = r.rollout().at("/spec/strategy/canary/steps");
        assertThat(steps.get(steps.size() - 1).has("analysis"))
                .as(steps.toString())
                .isTrue();
        assertThat(r.notExpressed()).anyMatch(n -> n.startsWith("postPromotionAnalysis: an Argo canary has no"));
        assertThat(problems(r.rollout())).isEmpty();
    }

    /**
     * Argo's blueGreen has postPromotionAnalysis: the checks after the switch are its first template, the
     * triggers its second; one AnalysisRun refuses two metrics of one name, so the trigger's is renamed.
     */
    @Test
    void blueGreenPostPromotionAnalysis_isArgosPostPromotionAnalysis_besideTheTriggers() {
        ArgoRollouts.Rendering r = render(Plans.FIXTURES.resolve("blue-green-post-promotion.yaml"));
        JsonNode bg = r.rollout().at("/spec/strategy/blueGreen");
        assertThat(bg.at("/postPromotionAnalysis/templates").findValuesAsString("templateName"))
                .containsExactly("search-ui-smoke-successrate-5m", "search-ui-automatic-rollback");
        assertThat(bg.has("prePromotionAnalysis")).isFalse();
        assertThat(bg.path("scaleDownDelaySeconds").asInt()).isEqualTo(3600);
        JsonNode checks = template(r, "search-ui-smoke-successrate-5m").at("/spec/metrics");
        assertThat(checks.findValuesAsString("name")).containsExactly("smoke", "successRate");
        assertThat(checks.at("/0/provider/web/url").asString()).isEqualTo("http://smoke-tester.web.svc/run");
        assertThat(checks.at("/0/count").asInt()).as("a webhook is one verdict").isEqualTo(1);
        // 5m at 30s: the first measurement at once, then 10 more
        assertThat(checks.at("/1/count").asInt()).isEqualTo(11);
        assertThat(checks.at("/1/successCondition").asString()).isEqualTo("result[0] >= 0.99");
        assertThat(template(r, "search-ui-automatic-rollback")
                        .at("/spec/metrics")
                        .findValuesAsString("name"))
                .containsExactly("successRate-0");
        assertThat(r.notExpressed()).noneMatch(n -> n.startsWith("postPromotionAnalysis"));
        assertThat(problems(r.rollout())).isEmpty();
    }

    /** Blue-green in weighted steps is an Argo canary: the checks after the switch are its last analysis step. */
    @Test
    void blueGreenPostPromotionAnalysis_inWeightedSteps_isTheLastAnalysisStep(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blue-green-web.yaml");
        Files.writeString(
                file,
                Files.readString(Plans.EXAMPLES.resolve("blue-green-web.yaml"))
                        .replace(
                                "      keepPrevious: 24h\n",
                                "      keepPrevious: 24h\n      postPromotionAnalysis: {metrics: [errorRate]}\n"));
        ArgoRollouts.Rendering r = render(file);
        JsonNode steps = r.rollout().at("/spec/strategy/canary/steps");
        assertThat(steps.get(steps.size() - 1)
                        .at("/analysis/templates/0/templateName")
                        .asString())
                .as(steps.toString())
                .isEqualTo("web-frontend-errorrate");
        assertThat(r.notExpressed()).anyMatch(n -> n.startsWith("postPromotionAnalysis: an Argo canary has no"));
        assertThat(problems(r.rollout())).isEmpty();
    }

    static JsonNode rollout(String example) {
        return render(Plans.EXAMPLES.resolve(example)).rollout();
    }

    static JsonNode template(ArgoRollouts.Rendering r, String name) {
        return r.objects().stream()
                .filter(o -> o.path("metadata").path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no AnalysisTemplate " + name));
    }

    @Test
    void canary_stepsWeightsPausesAndAnalyses_inOrder_withTheTriggersAsBackgroundAnalysis() {
        JsonNode canary = rollout("canary-api.yaml").at("/spec/strategy/canary");
        assertThat(canary.at("/steps/0/setWeight").asInt()).isEqualTo(5);
        assertThat(canary.at("/steps/1/pause/duration").asString()).isEqualTo("30m");
        assertThat(canary.at("/steps/2/analysis/templates/0/templateName").asString())
                .isEqualTo("orders-api-errorrate-latencyp99");
        assertThat(canary.at("/steps/9/setWeight").asInt()).isEqualTo(100);
        assertThat(canary.at("/analysis/templates/0/templateName").asString())
                .isEqualTo("orders-api-automatic-rollback");
        assertThat(canary.at("/trafficRouting/istio/destinationRule/stableSubsetName")
                        .asString())
                .isEqualTo("stable");
        assertThat(canary.at("/trafficRouting/istio/destinationRule/canarySubsetName")
                        .asString())
                .isEqualTo("canary");
    }

    @Test
    void analysisOverADuration_countsMeasurementsThatCoverIt_andATriggerToleratesItsForDuration() {
        ArgoRollouts.Rendering r = render(Plans.EXAMPLES.resolve("auto-rollback.yaml"));
        // analysis {duration: 5m} of a metric measured every 30s: the first at once, then 10 more.
        JsonNode step = template(r, "payments-service-errorrate-latencyp99-5m").at("/spec/metrics/0");
        assertThat(step.path("interval").asString()).isEqualTo("30s");
        assertThat(step.path("count").asInt()).isEqualTo(11);
        assertThat(step.path("successCondition").asString()).isEqualTo("result[0] <= 0.01");
        assertThat(step.at("/provider/prometheus/address").asString())
                .isEqualTo("http://prometheus.monitoring.svc:9090");
        // errorRate above 0.01 for 2m at 30s: the 5th failed measurement (2m after the first) fails.
        JsonNode trigger = template(r, "payments-service-automatic-rollback").at("/spec/metrics/0");
        assertThat(trigger.path("failureCondition").asString()).isEqualTo("result[0] > 0.01");
        assertThat(trigger.path("failureLimit").asInt()).isEqualTo(4);
        assertThat(trigger.has("count")).as("runs until the rollout ends").isFalse();
        assertThat(r.notExpressed())
                .contains("spec.rollback.automatic[0] (errorRate for 2m): Argo counts failed measurements over the"
                        + " whole run, not in a row, so it is written as failureLimit 4 at interval 30s.");
    }

    @Test
    void blueGreen_withoutWeights_isArgosBlueGreen_onTheTeamsDeployment() {
        JsonNode r = rollout("blue-green-workload/release.yaml");
        JsonNode bg = r.at("/spec/strategy/blueGreen");
        assertThat(bg.path("activeService").asString()).isEqualTo("storefront");
        assertThat(bg.path("previewService").asString()).isEqualTo("storefront-preview");
        assertThat(bg.path("autoPromotionEnabled").asBoolean(true))
                .as("pause {} waits for a person")
                .isFalse();
        assertThat(bg.path("scaleDownDelaySeconds").asInt())
                .as("keepPrevious 2h")
                .isEqualTo(7200);
        assertThat(bg.at("/prePromotionAnalysis/templates/0/templateName").asString())
                .isEqualTo("storefront-errorrate-10m");
        assertThat(bg.at("/postPromotionAnalysis/templates/0/templateName").asString())
                .isEqualTo("storefront-automatic-rollback");
        assertThat(r.at("/spec/workloadRef/name").asString()).isEqualTo("storefront");
        assertThat(r.at("/spec/template").isMissingNode()).isTrue();
        assertThat(r.at("/spec/selector/matchLabels/app").asString()).isEqualTo("storefront");
    }

    @Test
    void blueGreen_inWeightedSteps_isACanaryOverBlueAndGreen_keepingBlueAsLongAsWritten() {
        ArgoRollouts.Rendering r = render(Plans.EXAMPLES.resolve("blue-green-web.yaml"));
        JsonNode canary = r.rollout().at("/spec/strategy/canary");
        assertThat(canary.at("/trafficRouting/istio/destinationRule/stableSubsetName")
                        .asString())
                .isEqualTo("blue");
        assertThat(canary.at("/trafficRouting/istio/destinationRule/canarySubsetName")
                        .asString())
                .isEqualTo("green");
        assertThat(canary.path("scaleDownDelaySeconds").asInt()).isEqualTo(86400);
        assertThat(r.notExpressed()).anySatisfy(n -> assertThat(n).startsWith("Blue-green in weighted steps"));
    }

    @Test
    void gatewayApi_headerAndMirrorRoutes_areManagedRoutes_onAFullSizeCanary() {
        JsonNode canary = rollout("gateway-workload/release.yaml").at("/spec/strategy/canary");
        assertThat(canary.at("/trafficRouting/plugins/" + ArgoRollouts.GATEWAY_PLUGIN.replace("/", "~1") + "/httpRoute")
                        .asString())
                .isEqualTo("checkout");
        assertThat(canary.path("canaryService").asString()).isEqualTo("checkout-canary");
        assertThat(canary.path("stableService").asString()).isEqualTo("checkout-stable");
        assertThat(canary.at("/trafficRouting/managedRoutes/0/name").asString()).isEqualTo("testers");
        assertThat(canary.at("/trafficRouting/managedRoutes/1/name").asString()).isEqualTo("shadow");
        assertThat(canary.at("/steps/0/setCanaryScale/replicas").asInt()).isEqualTo(4);
        assertThat(canary.at("/steps/1/setHeaderRoute/match/0/headerName").asString())
                .isEqualTo("x-canary");
        assertThat(canary.at("/steps/1/setHeaderRoute/match/0/headerValue/exact")
                        .asString())
                .isEqualTo("true");
        assertThat(canary.at("/steps/2/setMirrorRoute/percentage").asInt()).isEqualTo(20);
        assertThat(canary.at("/steps/2/setMirrorRoute/match/0/path/prefix").asString())
                .as("without a match Argo would remove the mirror")
                .isEqualTo("/");
    }

    @Test
    void liveDeployment_oneOffMetricWithoutInterval_andADayLongPause() {
        Manifest m = Plans.load("""
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  namespace: web
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  replicas: 3
                  workload: {deployment: shop-live, container: main}
                  strategy:
                    type: Canary
                    canary:
                      steps:
                        - setWeight: 20
                        - analysis: {metrics: [errors]}
                        - pause: {duration: 1d}
                        - setWeight: 100
                  rollback: {to: "1.9.0"}
                  monitoring:
                    address: http://prometheus:9090
                    metrics:
                      - {name: errors, query: "sum(errors)", max: 5, failureLimit: 2}
                """);
        ArgoRollouts.Rendering r = ArgoRollouts.render(
                ReleaseSpec.of(m),
                m.name(),
                "sha256:" + "0".repeat(64),
                ArgoRollouts.TeamDeployment.of(
                        new WorkloadResolver(new ManifestLoader()).resolve(m), "shop", Optional.of("main")));
        assertThat(r.objects()).allSatisfy(o -> assertThat(problems(o)).isEmpty());
        JsonNode spec = r.rollout().path("spec");
        assertThat(spec.at("/workloadRef/name").asString()).isEqualTo("shop-live");
        assertThat(spec.at("/selector/matchLabels/app").asString()).isEqualTo("shop");
        // Go's time.ParseDuration, which Argo uses, has no days.
        assertThat(spec.at("/strategy/canary/steps/2/pause/duration").asString())
                .isEqualTo("24h");
        // A failing one-off measurement is measured again until more than failureLimit fail: 3 at most.
        JsonNode metric = template(r, "shop-errors").at("/spec/metrics/0");
        assertThat(metric.path("count").asInt()).isEqualTo(3);
        assertThat(metric.path("interval").asString()).isEqualTo("10s");
        assertThat(r.beforeApply())
                .anySatisfy(n -> assertThat(n).contains("set image deployment/shop-live main="))
                .anySatisfy(n -> assertThat(n).startsWith("The Rollout selects app=shop"));
        assertThat(r.notExpressed())
                .contains("Metric errors has no interval: Argo measures it every 10s, release-policy's default.")
                .noneSatisfy(n -> assertThat(n).startsWith("The release window"));
    }
}
