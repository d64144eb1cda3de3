package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor commands end to end through the command line, against the CRUD mock API server
 * reached through a kubeconfig file: plan, dry-run (read-only), apply (stops at the approval), a
 * second apply refused, status, rollback. The scenarios themselves are tested in the executor module.
 */
class ApplyCommandTest {

    record Run(int exit, String out, String err) {}

    /** Held so the setting sticks: the mock server logs every request at INFO otherwise. */
    private static final java.util.logging.Logger QUIET =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private KubernetesMockServer server;
    private final List<String> methods = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest r) {
                        methods.add(r.getMethod() + " " + r.getPath());
                        return crud.dispatch(r);
                    }
                },
                false);
        server.init();
        String url;
        try (NamespacedKubernetesClient c = server.createClient()) {
            url = c.getConfiguration().getMasterUrl();
            c.configMaps()
                    .inNamespace("prod")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("web-frontend-config-3-2-0")
                            .withNamespace("prod")
                            .endMetadata()
                            .build())
                    .create();
        }
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: prod}
                current-context: mock
                users:
                - name: tester
                  user: {token: secret}
                """.formatted(url));
        methods.clear();
    }

    private com.sun.net.httpserver.HttpServer hooks;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.destroy();
        if (hooks != null) {
            hooks.stop(0);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * The blue-green reference release with its webhooks pointed at a receiver on this machine
     * (the example's hooks.example.com must never be called from tests).
     */
    private Path plan() throws Exception {
        hooks = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        Path manifest = dir.resolve("blue-green-web.yaml");
        Files.writeString(
                manifest,
                Files.readString(Path.of("../examples/blue-green-web.yaml"))
                        .replace(
                                "https://hooks.example.com/releases/storefront",
                                "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks"));
        Path plan = dir.resolve("plan.json");
        Run p = run(
                "plan",
                "--now",
                "2026-12-01T15:00:00Z",
                "--format",
                "json",
                "--output",
                plan.toString(),
                manifest.toString());
        assertThat(p.exit()).as(p.out() + p.err()).isZero();
        return plan;
    }

    @Test
    void applyDryRun_againstCluster_diffsAndOnlyReads() throws Exception {
        Path plan = plan();
        Run r = run("apply", "--dry-run", "--kubeconfig", kubeconfig.toString(), plan.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "# against the cluster",
                        "# ~ ConfigMap prod/web-frontend-config-3-2-0: merge patch",
                        "diff against the live object",
                        "# - Deployment prod/web-frontend-3-1-4: delete (absent already: nothing to do)",
                        "nothing was changed");
        assertThat(methods).isNotEmpty().allMatch(m -> m.startsWith("GET "));
    }

    @Test
    void apply_thenSecondApplyRefused_statusShows_rollbackEnds() throws Exception {
        Path plan = plan();
        Run first = run("apply", "--kubeconfig", kubeconfig.toString(), plan.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("Stopped: waiting for approval at step 3/18 (03-approval-release)");

        Run second = run("apply", "--kubeconfig", kubeconfig.toString(), plan.toString());
        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.err()).contains("refusing a second apply", "in progress: held by", "AwaitingApproval");

        Run status = run("status", "web-frontend", "-n", "prod", "--kubeconfig", kubeconfig.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                .contains(
                        "Release web-frontend-3-2-0 of web-frontend in prod: AwaitingApproval",
                        "release-policy approve web-frontend");
        Run statusInTheContextsNamespace = run("status", "web-frontend", "--kubeconfig", kubeconfig.toString());
        assertThat(statusInTheContextsNamespace.out())
                .as("without -n, the namespace of the kubeconfig context (prod), as kubectl")
                .contains("Release web-frontend-3-2-0 of web-frontend in prod: AwaitingApproval");

        Run rollback = run(
                "rollback",
                "web-frontend",
                "-n",
                "prod",
                "--kubeconfig",
                kubeconfig.toString(),
                "--reason",
                "changed our minds");
        assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();
        assertThat(rollback.out()).contains("Rolled back", "changed our minds");
        assertThat(received)
                .as("webhooks of the manifest (it subscribes to Paused)")
                .hasSize(3);
        assertThat(received.get(0)).contains("\"event\":\"Paused\"", "release-policy approve web-frontend");
        assertThat(received.get(1)).contains("Failed", "changed our minds");
        assertThat(received.get(2)).contains("RolledBack");

        Run none = run("resume", "web-frontend", "-n", "prod", "--kubeconfig", kubeconfig.toString());
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).contains("nothing to resume");
    }

    @Test
    void apply_withAuditLog_localCopyMatchesTheClusterTrail_exportedAndVerified() throws Exception {
        Path plan = plan();
        Path audit = dir.resolve("audit/web.jsonl");
        Run first =
                run("apply", "--kubeconfig", kubeconfig.toString(), "--audit-log", audit.toString(), plan.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        // (approving would run the release on, into readiness waits no controller answers here)
        Run rollback = run(
                "rollback",
                "web-frontend",
                "-n",
                "prod",
                "--reason",
                "carol says no",
                "--kubeconfig",
                kubeconfig.toString(),
                "--audit-log",
                audit.toString());
        assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();

        Run export = run("audit", "export", "web-frontend", "-n", "prod", "--kubeconfig", kubeconfig.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).contains("intact");
        assertThat(export.out().lines().toList()).isEqualTo(java.nio.file.Files.readAllLines(audit));
        assertThat(export.out())
                .contains(
                        "\"operation\":\"plan\"",
                        "\"operation\":\"pause\"",
                        "\"operation\":\"rollback\"",
                        "carol says no");
        Run verify = run("audit", "verify", audit.toString());
        assertThat(verify.exit()).isZero();
    }

    @Test
    void missingOrBrokenKubeconfig_usageErrorNamingTheFile_notAnInternalError() throws Exception {
        Run missing = run(
                "status", "web-frontend", "--kubeconfig", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("--kubeconfig", "nope", "no such file")
                .doesNotContain("internal error");
        Path broken = dir.resolve("broken.yaml");
        java.nio.file.Files.writeString(broken, "clusters: [\n");
        Run bad = run("status", "web-frontend", "--kubeconfig", broken.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("broken.yaml is not usable").doesNotContain("internal error");
        Run unknown = run("status", "web-frontend", "--kubeconfig", kubeconfig.toString(), "--context", "prd");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err())
                .contains(
                        "--context prd: no context of that name in kubeconfig", "its contexts are mock (current: mock)")
                .doesNotContain("internal error");
    }

    @Test
    void apply_offlineWithoutDryRun_orAPlanNotMatchingTheSchema_usageErrors() throws Exception {
        Path plan = plan();
        Run offline = run("apply", "--offline", plan.toString());
        assertThat(offline.exit()).isEqualTo(2);
        assertThat(offline.err()).contains("--offline only goes with --dry-run");

        Files.writeString(
                plan, Files.readString(plan).replace("\"action\" : \"deploy\"", "\"action\" : \"deploy-fast\""));
        Run broken = run("apply", "--dry-run", "--offline", plan.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("is not a valid plan file", "/steps/", "/action");
    }

    @Test
    void apply_withPoliciesThePlanWasNotMadeWith_refusedAsStale() throws Exception {
        Path plan = plan();
        Path team = java.nio.file.Files.createDirectories(dir.resolve("team"));
        java.nio.file.Files.writeString(team.resolve("owner.js"), """
                export const meta = {id: 'owner', severity: 'warning', description: 'added after planning'};
                export function check(release, ctx) { return []; }
                """);
        Run same = run("apply", "--dry-run", "--offline", plan.toString());
        assertThat(same.exit()).as(same.err()).isZero();
        Run other = run("apply", "--dry-run", "--offline", "--policies", team.toString(), plan.toString());
        assertThat(other.exit()).isEqualTo(3);
        assertThat(other.err()).contains("refusing stale plan", "other rules");
    }
}
