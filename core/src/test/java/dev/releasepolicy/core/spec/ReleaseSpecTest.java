package dev.releasepolicy.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.template.MetricTemplates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReleaseSpecTest {

    static final Path ROOT = Path.of("..");
    static final Path EXAMPLES = ROOT.resolve("examples");

    static ReleaseSpec read(Path file) {
        return ReleaseSpec.of(
                new ManifestLoader().load(file, file.toString()).manifests().get(0));
    }

    static ReleaseSpec read(String yaml) {
        return ReleaseSpec.of(
                new ManifestLoader().parse("inline.yaml", yaml).manifests().get(0));
    }

    static final String HEADER = """
            apiVersion: releasepolicy.dev/v1
            kind: Release
            metadata: {name: minimal}
            spec:
              application: app
              version: "1.0.0"
              image: registry.example.com/app:1.0.0
            """;

    static WrittenDuration duration(String text) {
        return WrittenDuration.parse(text);
    }

    static Optional<WrittenNumber> decimal(String value) {
        return Optional.of(new WrittenNumber(new BigDecimal(value), false));
    }

    @Test
    void blueGreenExample_readsEveryField() {
        ReleaseSpec s = read(EXAMPLES.resolve("blue-green-web.yaml"));
        assertThat(s.application()).isEqualTo("web-frontend");
        assertThat(s.namespace()).isEqualTo("prod");
        assertThat(s.version()).isEqualTo("3.2.0");
        assertThat(s.image()).isEqualTo("registry.example.com/storefront/web-frontend:3.2.0");
        assertThat(s.replicas()).isEqualTo(4);
        assertThat(s.configMaps()).containsExactly("web-frontend-config-3-2-0");
        assertThat(s.strategy())
                .isEqualTo(new StrategySpec.BlueGreen(
                        "web-frontend",
                        Optional.of(new TrafficRouting.Istio("web-frontend", "web-frontend", List.of("primary"))),
                        List.of(
                                new StepSpec.SetWeight(50),
                                new StepSpec.Pause(Optional.of(duration("10m"))),
                                new StepSpec.Analysis(List.of("errorRate", "latencyP99"), Optional.empty()),
                                new StepSpec.SetWeight(100)),
                        Optional.of(duration("24h")),
                        new Subsets("blue", "green"),
                        Optional.empty()));
        assertThat(s.healthCheck())
                .contains(new HealthCheck("/healthz", 8080, duration("5m"), Optional.of(duration("10s"))));
        WindowSpec w = s.window().orElseThrow();
        assertThat(w.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(w.allow())
                .containsExactly(new WindowSpec.Allow(
                        List.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
                        LocalTime.of(22, 0),
                        LocalTime.of(2, 0)));
        assertThat(w.deny())
                .containsExactly(
                        new WindowSpec.Deny("2026-12-24T00:00", "2027-01-03T00:00", Optional.of("year-end freeze")));
        assertThat(w.tree().path("timezone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(s.rollback())
                .isEqualTo(new RollbackSpec(
                        Optional.of("3.1.4"),
                        Optional.of("registry.example.com/storefront/web-frontend:3.1.4"),
                        List.of("web-frontend-config-3-1-4"),
                        Optional.of(new RollbackSpec.Rehearsal("staging", "2026-11-20")),
                        List.of(new RollbackSpec.Trigger(
                                "errorRate", decimal("0.01"), Optional.empty(), Optional.of(duration("2m")))),
                        List.of()));
        MonitoringSpec m = s.monitoring();
        assertThat(m.provider()).contains("prometheus");
        assertThat(m.address()).contains("http://prometheus.monitoring.svc:9090");
        assertThat(m.metrics()).extracting(MonitoringSpec.Metric::name).containsExactly("errorRate", "latencyP99");
        MonitoringSpec.Metric latency = m.metric("latencyP99").orElseThrow();
        assertThat(latency.query().orElseThrow()).startsWith("histogram_quantile(0.99, sum by (le)");
        assertThat(latency.max()).isEqualTo(decimal("0.5"));
        assertThat(latency.min()).isEmpty();
        assertThat(latency.interval()).contains(duration("1m"));
        assertThat(latency.failureLimit()).contains(1);
        assertThat(m.dashboards()).containsExactly("https://grafana.example.com/d/web-frontend/overview");
        assertThat(m.alerts()).containsExactly("WebFrontendHighErrorRate", "WebFrontendHighLatency");
        assertThat(s.dataCompatibility())
                .isEqualTo(new DataCompatibility(
                        Optional.of(true),
                        Optional.of(true),
                        Optional.of(true),
                        List.of(new DataCompatibility.Migration(
                                "V42__add_preferred_locale",
                                true,
                                Optional.of("U42__drop_preferred_locale"),
                                Optional.of("registry.example.com/storefront/web-frontend-migrations:3.2.0"))),
                        Optional.empty()));
        assertThat(s.checklist()).hasSize(12).containsEntry("testsPassed", true).containsEntry("onCallInPlace", true);
        assertThat(s.checklist().keySet()).startsWith("testsPassed", "configUpdated");
        assertThat(s.approvals()).isEqualTo(new Approvals(1, List.of("storefront-lead", "release-managers")));
        assertThat(s.notifications())
                .containsExactly(new Notification(
                        "https://hooks.example.com/releases/storefront",
                        List.of("Started", "Paused", "Succeeded", "Failed", "RolledBack"),
                        Map.of("X-Release-Source", "release-policy")));
    }

    @Test
    void canaryExample_readsEveryField() {
        ReleaseSpec s = read(EXAMPLES.resolve("canary-api.yaml"));
        assertThat(List.of(s.application(), s.namespace(), s.version(), s.image()))
                .containsExactly("orders-api", "prod", "2.7.0", "registry.example.com/shop/orders-api:2.7.0");
        assertThat(s.replicas()).isEqualTo(6);
        assertThat(s.configMaps()).containsExactly("orders-api-config-2-7-0");
        StepSpec analysis = new StepSpec.Analysis(List.of("errorRate", "latencyP99"), Optional.empty());
        StepSpec pause = new StepSpec.Pause(Optional.of(duration("30m")));
        assertThat(s.strategy())
                .isEqualTo(new StrategySpec.Canary(
                        Optional.of(new TrafficRouting.Istio("orders-api", "orders-api", List.of())),
                        List.of(
                                new StepSpec.SetWeight(5),
                                pause,
                                analysis,
                                new StepSpec.SetWeight(20),
                                pause,
                                analysis,
                                new StepSpec.SetWeight(50),
                                pause,
                                analysis,
                                new StepSpec.SetWeight(100)),
                        new Subsets("stable", "canary")));
        assertThat(s.healthCheck())
                .contains(new HealthCheck(
                        "/actuator/health/readiness", 8080, duration("3m"), Optional.of(duration("20s"))));
        assertThat(s.window().orElseThrow().deny()).hasSize(1);
        assertThat(s.rollback().to()).contains("2.6.3");
        assertThat(s.rollback().image()).contains("registry.example.com/shop/orders-api:2.6.3");
        assertThat(s.rollback().configMaps()).containsExactly("orders-api-config-2-6-3");
        assertThat(s.rollback().automatic()).hasSize(1);
        MonitoringSpec.Metric success =
                s.monitoring().metric("orderSuccessRate").orElseThrow();
        assertThat(success.min()).isEqualTo(decimal("0.98"));
        assertThat(success.max()).isEmpty();
        assertThat(success.interval().orElseThrow().value()).isEqualTo(Duration.ofMinutes(5));
        assertThat(success.failureLimit()).contains(1);
        assertThat(s.monitoring().alerts()).hasSize(3);
        assertThat(s.dataCompatibility().migrations())
                .containsExactly(new DataCompatibility.Migration(
                        "V118__add_order_source_column",
                        true,
                        Optional.of("U118__drop_order_source_column"),
                        Optional.empty()));
        // A team's own checklist item is read like the built-in ones, in the order written.
        assertThat(s.checklist()).hasSize(13);
        assertThat(List.copyOf(s.checklist().keySet()).get(12)).isEqualTo("loadTestReviewed");
        assertThat(s.approvals()).isEqualTo(new Approvals(1, List.of("orders-lead")));
        assertThat(s.notifications())
                .containsExactly(new Notification(
                        "https://hooks.example.com/releases/orders",
                        List.of("Started", "StepCompleted", "Paused", "Succeeded", "Failed", "RolledBack"),
                        Map.of()));
    }

    @Test
    void autoRollbackExample_readsEveryField() {
        ReleaseSpec s = read(EXAMPLES.resolve("auto-rollback.yaml"));
        assertThat(List.of(s.application(), s.namespace(), s.version()))
                .containsExactly("payments-service", "prod", "5.4.1");
        assertThat(s.replicas()).isEqualTo(3);
        StrategySpec.Canary canary = (StrategySpec.Canary) s.strategy();
        assertThat(canary.steps())
                .containsExactly(
                        new StepSpec.SetWeight(10),
                        new StepSpec.Analysis(List.of("errorRate", "latencyP99"), Optional.of(duration("5m"))),
                        new StepSpec.SetWeight(50),
                        new StepSpec.Analysis(List.of("errorRate", "latencyP99"), Optional.of(duration("5m"))),
                        new StepSpec.SetWeight(100),
                        new StepSpec.Analysis(List.of("errorRate"), Optional.of(duration("10m"))));
        assertThat(s.healthCheck())
                .contains(new HealthCheck("/healthz", 9090, duration("2m"), Optional.of(duration("5s"))));
        assertThat(s.rollback().automatic())
                .containsExactly(
                        new RollbackSpec.Trigger(
                                "errorRate", decimal("0.01"), Optional.empty(), Optional.of(duration("2m"))),
                        new RollbackSpec.Trigger(
                                "latencyP99", decimal("0.8"), Optional.empty(), Optional.of(duration("5m"))));
        assertThat(s.monitoring().metric("errorRate").orElseThrow().interval()).contains(duration("30s"));
        assertThat(s.monitoring().metric("latencyP99").orElseThrow().failureLimit())
                .contains(2);
        assertThat(s.dataCompatibility())
                .isEqualTo(new DataCompatibility(
                        Optional.of(false), Optional.of(true), Optional.of(true), List.of(), Optional.empty()));
        assertThat(s.approvals()).isEqualTo(new Approvals(1, List.of("payments-lead")));
        assertThat(s.notifications()).hasSize(2);
        assertThat(s.notifications().get(1))
                .isEqualTo(new Notification(
                        "https://oncall.example.com/hooks/payments",
                        List.of("Failed", "RolledBack"),
                        Map.of("X-Severity", "high")));
        assertThat(s.notifications().get(1).subscribesToAny(List.of("Started", "Failed")))
                .isTrue();
        assertThat(s.notifications().get(1).subscribesToAny(List.of("Started"))).isFalse();
    }

    @Test
    @DisplayName("what a manifest leaves out reads as the documented default")
    void minimalManifest_getsTheDefaults() {
        ReleaseSpec s = read(HEADER + "  strategy: {type: Rolling}\n");
        assertThat(s.namespace()).isEqualTo("default");
        assertThat(s.replicas()).isEqualTo(1);
        assertThat(s.strategy()).isEqualTo(new StrategySpec.Rolling(IntOrPercent.percent("25%"), IntOrPercent.pods(0)));
        assertThat(s.configMaps()).isEmpty();
        assertThat(s.healthCheck()).isEmpty();
        assertThat(s.window()).isEmpty();
        assertThat(s.rollback()).isEqualTo(RollbackSpec.NONE);
        assertThat(s.monitoring()).isEqualTo(MonitoringSpec.NONE);
        assertThat(s.dataCompatibility()).isEqualTo(DataCompatibility.NONE);
        assertThat(s.checklist()).isEmpty();
        assertThat(s.approvals()).isEqualTo(Approvals.NONE);
        assertThat(s.notifications()).isEmpty();
    }

    @Test
    void rolling_keepsNumbersAndPercentagesApart() {
        StrategySpec.Rolling r = (StrategySpec.Rolling)
                read(HEADER + "  strategy: {type: Rolling, rolling: {maxSurge: 2, maxUnavailable: \"10%\"}}\n")
                        .strategy();
        assertThat(r.maxSurge().isPercent()).isFalse();
        assertThat(r.maxSurge().pods()).isEqualTo(2);
        assertThat(r.maxUnavailable()).isEqualTo(IntOrPercent.percent("10%"));
        StrategySpec.Rolling onlySurge =
                (StrategySpec.Rolling) read(HEADER + "  strategy: {type: Rolling, rolling: {maxSurge: \"50%\"}}\n")
                        .strategy();
        assertThat(onlySurge.maxUnavailable()).isEqualTo(IntOrPercent.pods(0));
    }

    @Test
    void istio_defaultsObjectNamesToTheApplication_andManagesEveryRouteToItsHost() {
        StrategySpec.Canary c = (StrategySpec.Canary) read(HEADER + """
                  strategy:
                    type: Canary
                    canary:
                      trafficRouting: {istio: {}}
                      steps: [{setWeight: 100}]
                """).strategy();
        assertThat(c.trafficRouting()).contains(new TrafficRouting.Istio("app", "app", List.of()));
        StrategySpec.Canary plain = (StrategySpec.Canary) read(HEADER + """
                  strategy: {type: Canary, canary: {steps: [{pause: {}}]}}
                """).strategy();
        assertThat(plain.trafficRouting()).isEmpty();
        assertThat(plain.steps()).containsExactly(new StepSpec.Pause(Optional.empty()));
    }

    @Test
    void blueGreen_defaultsTheServiceToTheApplicationAndHasNoStepsWhenNoneAreWritten() {
        StrategySpec.BlueGreen b = (StrategySpec.BlueGreen)
                read(HEADER + "  strategy: {type: BlueGreen, blueGreen: {}}\n").strategy();
        assertThat(b)
                .isEqualTo(new StrategySpec.BlueGreen(
                        "app",
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        new Subsets("blue", "green"),
                        Optional.empty()));
    }

    @Test
    void blueGreen_readsThePreviewService() {
        StrategySpec.BlueGreen b = (StrategySpec.BlueGreen)
                read(HEADER + "  strategy: {type: BlueGreen, blueGreen: {service: app, previewService: app-preview}}\n")
                        .strategy();
        assertThat(b.previewService()).contains("app-preview");
    }

    @Test
    void blueGreen_readsThePostPromotionAnalysis_emptyWhenNotWritten() {
        StrategySpec.BlueGreen b = (StrategySpec.BlueGreen) read(HEADER
                        + "  strategy: {type: BlueGreen, blueGreen: {service: app,"
                        + " postPromotionAnalysis: {metrics: [smoke, errorRate], duration: 10m}}}\n")
                .strategy();
        assertThat(b.postPromotionAnalysis()).hasValueSatisfying(a -> {
            assertThat(a.metrics()).containsExactly("smoke", "errorRate");
            assertThat(a.duration())
                    .hasValueSatisfying(d -> assertThat(d.text()).isEqualTo("10m"));
        });
        StrategySpec.BlueGreen none =
                (StrategySpec.BlueGreen) read(HEADER + "  strategy: {type: BlueGreen, blueGreen: {service: app}}\n")
                        .strategy();
        assertThat(none.postPromotionAnalysis()).isEmpty();
    }

    @Test
    void durationsAndNumbers_keepHowTheyWereWritten() {
        ReleaseSpec s = read(HEADER + """
                  strategy: {type: BlueGreen, blueGreen: {service: app, keepPrevious: 90m}}
                  monitoring:
                    metrics:
                      - {name: errors, query: q, max: 1, min: 0.5}
                """);
        WrittenDuration keep =
                ((StrategySpec.BlueGreen) s.strategy()).keepPrevious().orElseThrow();
        assertThat(keep.text()).isEqualTo("90m");
        assertThat(keep.value()).isEqualTo(Duration.ofMinutes(90));
        MonitoringSpec.Metric errors = s.monitoring().metric("errors").orElseThrow();
        assertThat(errors.max()).contains(new WrittenNumber(BigDecimal.ONE, true));
        assertThat(errors.min()).contains(new WrittenNumber(new BigDecimal("0.5"), false));
        assertThat(errors.interval()).isEmpty();
        assertThat(errors.failureLimit()).isEmpty();
    }

    @Test
    void unknownStrategyType_isAnErrorNamingIt() {
        assertThatThrownBy(() -> read(HEADER + "  strategy: {type: Shadow}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Shadow'")
                .hasMessageContaining("spec.strategy.type");
    }

    @Test
    void unknownStep_isAnErrorNamingIt() {
        assertThatThrownBy(() ->
                        read(HEADER + "  strategy: {type: Canary, canary: {steps: [{setWeight: 5}, {mirror: 10}]}}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mirror")
                .hasMessageContaining("spec.strategy.canary.steps[1]");
    }

    @Test
    void missingRequiredValue_isAnErrorNamingIt() {
        assertThatThrownBy(() -> read(HEADER.replace("  image: registry.example.com/app:1.0.0\n", "")
                        + "  strategy: {type: Rolling}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.image is missing");
        assertThatThrownBy(() -> read(HEADER + "  strategy: {type: Rolling}\n  healthCheck: {path: /, timeout: 1m}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.healthCheck.port is missing");
    }

    @Test
    @DisplayName("every release manifest of the repository that passes the schema reads")
    void everyManifestThatPassesTheSchema_reads() throws IOException {
        SchemaValidator schema = SchemaValidator.releaseManifest();
        List<String> read = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            LoadedFile loaded;
            try {
                loaded = new ManifestLoader().load(file, file.toString());
            } catch (UncheckedIOException | IllegalArgumentException e) {
                continue;
            }
            // a folder with its own configuration (examples/metric-templates/) has its metric templates expanded
            Path config = file.resolveSibling(PolicyConfig.DEFAULT_FILE);
            MetricTemplates templates =
                    Files.isRegularFile(config) ? PolicyConfig.load(config).metricTemplates() : MetricTemplates.NONE;
            for (Manifest raw : loaded.manifests()) {
                MetricTemplates.Expansion expansion = templates.expand(raw);
                Manifest m = expansion.manifest();
                // a template metric that cannot be expanded here is a verify finding: such a manifest is never read
                if (m.kind().equals("Release")
                        && expansion.findings().isEmpty()
                        && schema.validate(m).stream().noneMatch(Finding::isBlockingError)) {
                    ReleaseSpec spec = ReleaseSpec.of(m);
                    assertThat(spec.application()).as(file.toString()).isNotEmpty();
                    read.add(ROOT.relativize(file).toString());
                }
            }
        }
        assertThat(read)
                .contains(
                        "examples/blue-green-web.yaml",
                        "examples/canary-api.yaml",
                        "examples/auto-rollback.yaml",
                        "core/src/test/resources/plan/blue-green-at-once.yaml",
                        "core/src/test/resources/plan/canary-approval.yaml",
                        "core/src/test/resources/plan/rolling-worker.yaml");
        assertThat(read.size()).as("manifests read").isGreaterThanOrEqualTo(30);
    }
}
