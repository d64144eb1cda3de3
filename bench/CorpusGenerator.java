import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a benchmark corpus: N release manifests of about 60 lines each, valid against the schema;
 * every tenth one breaks one built-in policy (rotating over them), so 10% of the corpus has findings.
 *
 * <p>Run with the JDK's source launcher (no build needed):
 * {@code java bench/CorpusGenerator.java target/corpus-1000 1000}
 */
public final class CorpusGenerator {

    private static final List<String> BROKEN = List.of("rollback-plan", "monitoring", "data-compatibility",
            "checklist", "strategy", "approvals", "notifications");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java bench/CorpusGenerator.java DIR COUNT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        int broken = 0;
        for (int i = 0; i < count; i++) {
            String violates = i % 10 == 9 ? BROKEN.get((i / 10) % BROKEN.size()) : "";
            broken += violates.isEmpty() ? 0 : 1;
            Path sub = dir.resolve(String.format("team-%02d", i % 50));
            Files.createDirectories(sub);
            Files.writeString(sub.resolve(String.format("release-%05d.yaml", i)), manifest(i, violates),
                    StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + count + " manifests to " + dir + " (" + broken + " violating one policy)");
    }

    static String manifest(int i, String violates) {
        String app = "svc-" + (i % 997);
        String version = "1." + (i % 40) + "." + (i % 7);
        boolean canary = i % 2 == 0;
        StringBuilder b = new StringBuilder();
        b.append("# generated benchmark manifest ").append(i).append(violates.isEmpty() ? "" : " (breaks " + violates + ")")
                .append('\n');
        b.append("apiVersion: releasepolicy.dev/v1\nkind: Release\nmetadata:\n");
        b.append("  name: ").append(app).append("-r").append(i).append('\n');
        b.append("  labels: {team: team-").append(i % 50).append("}\n");
        b.append("spec:\n  application: ").append(app).append("\n  namespace: prod\n");
        b.append("  version: \"").append(version).append("\"\n");
        b.append("  image: registry.example.com/shop/").append(app).append(':').append(version).append('\n');
        b.append("  replicas: ").append(3 + i % 5).append('\n');
        b.append("  strategy:\n");
        if (canary) {
            b.append("    type: Canary\n    canary:\n");
            b.append("      trafficRouting:\n        istio: {virtualService: ").append(app)
                    .append(", destinationRule: ").append(app).append("}\n");
            b.append("      steps:\n");
            b.append("        - setWeight: ").append(violates.equals("strategy") ? 40 : 5).append('\n');
            b.append("        - pause: {duration: 10m}\n");
            b.append("        - analysis: {metrics: [errorRate, latencyP99]}\n");
            b.append("        - setWeight: 50\n        - pause: {duration: 10m}\n        - setWeight: 100\n");
        } else {
            b.append("    type: BlueGreen\n    blueGreen:\n      service: ").append(app).append('\n');
            b.append("      trafficRouting:\n        istio: {virtualService: ").append(app)
                    .append(", destinationRule: ").append(app).append("}\n");
            b.append("      steps: [{setWeight: 50}, {pause: {duration: 10m}}, {analysis: {metrics: [errorRate]}}, {setWeight: 100}]\n");
            b.append(violates.equals("strategy") ? "" : "      keepPrevious: 24h\n");
        }
        b.append("  healthCheck: {path: /healthz, port: 8080, timeout: 5m}\n");
        b.append("  window:\n    timezone: Asia/Shanghai\n    allow:\n");
        b.append("      - {days: [Tue, Wed, Thu], from: \"22:00\", to: \"02:00\"}\n");
        b.append("  rollback:\n");
        b.append("    to: \"").append(violates.equals("rollback-plan") ? version : "1.0.0").append("\"\n");
        b.append("    rehearsed: {environment: staging, at: \"2026-11-20\"}\n");
        b.append("    automatic:\n      - {metric: errorRate, above: 0.01, for: 2m}\n");
        b.append("  monitoring:\n    provider: prometheus\n    address: http://prometheus.monitoring:9090\n    metrics:\n");
        b.append("      - {name: errorRate, query: 'sum(rate(http_requests_total{app=\"").append(app)
                .append("\",code=~\"5..\"}[1m]))', ").append(violates.equals("monitoring") ? "" : "max: 0.01, ")
                .append("interval: 1m}\n");
        b.append("      - {name: latencyP99, query: 'histogram_quantile(0.99, rate(http_duration_bucket[1m]))', max: 0.3}\n");
        b.append("    dashboards: [https://grafana.example.com/d/").append(app).append("]\n");
        b.append("    alerts: [HighErrorRate]\n");
        b.append("  dataCompatibility:\n    schemaChanges: true\n    backwardCompatible: true\n");
        b.append(violates.equals("data-compatibility") ? "" : "    forwardCompatible: true\n");
        b.append("    migrations: [{id: V").append(i).append("__change, reversible: true}]\n");
        b.append("  checklist:\n    testsPassed: true\n    configUpdated: true\n    dependenciesConfirmed: true\n");
        b.append("    databaseChangesPrepared: true\n    strategyChosen: true\n");
        b.append("    rollbackPlanReady: ").append(!violates.equals("checklist")).append('\n');
        b.append("    windowSet: true\n    peopleNotified: true\n    metricsConfigured: true\n    alertsSet: true\n");
        b.append("    dashboardsReady: true\n    onCallInPlace: true\n");
        b.append("  approvals: {required: 1, approvers: [").append(violates.equals("approvals") ? "" : "team-lead")
                .append("]}\n");
        b.append("  notifications:\n    - webhook: https://hooks.example.com/releases/").append(app).append('\n');
        b.append("      events: [").append(violates.equals("notifications") ? "" : "Started, ")
                .append("Succeeded, Failed, RolledBack]\n");
        return b.toString();
    }
}
