package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.verify.VerifyContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine against hostile and broken team policies (fixtures in {@code policy/hostile/}), next
 * to the built-in ones: every failure is one error finding naming its policy, and the other
 * policies' findings still appear.
 */
class PolicyEngineTest {

    static final Path HOSTILE = Path.of("src/test/resources/policy/hostile");
    static final VerifyContext NOW = new VerifyContext(Instant.parse("2026-12-01T15:00:00Z"));

    static PolicyCheck check;
    static Manifest canary;

    @BeforeAll
    static void load() throws IOException {
        check = PolicyCheck.create(List.of(HOSTILE), PolicyConfig.NONE, WindowContext.NONE);
        canary = manifest(Path.of("../examples/canary-api.yaml"));
    }

    @AfterAll
    static void close() {
        check.close();
    }

    static Manifest manifest(Path p) throws IOException {
        return new ManifestLoader()
                .parse(p.toString(), Files.readAllBytes(p))
                .manifests()
                .get(0);
    }

    static Map<String, List<Finding>> byPolicy(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::policyId));
    }

    @Test
    void check_hostilePolicies_eachIsOneErrorNamingItAndOthersStillReport() {
        long t0 = System.nanoTime();
        List<Finding> findings = check.check(canary, List.of(), NOW);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        Map<String, List<Finding>> by = byPolicy(findings);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        for (String id : List.of(
                "team-loop",
                "team-java",
                "team-throws",
                "team-not-array",
                "team-no-message",
                "team-wrong-types",
                "syntax",
                "team-mutate",
                "bad-meta")) {
            assertThat(by.get(id)).as(id + " in " + by.keySet()).hasSize(1);
            Finding f = by.get(id).get(0);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.location().file()).startsWith(HOSTILE.toString()).endsWith(".js");
            assertThat(f.hint()).isNotBlank();
        }
        assertThat(by.get("team-ok")).singleElement().satisfies(f -> {
            assertThat(f.message()).isEqualTo("version v2.7.0");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.location().toString()).isEqualTo("../examples/canary-api.yaml:14:12");
        });
        // The built-in policies are unaffected: the reference release still passes them all.
        assertThat(findings)
                .filteredOn(f -> !f.policyId().startsWith("team-")
                        && !f.policyId().equals("bad-meta")
                        && !f.policyId().equals("syntax"))
                .isEmpty();
    }

    @Test
    void check_afterSchemaError_skipsPoliciesButNotAfterWarnings() {
        Finding schemaError =
                Finding.error("schema", "m", "h", canary.sourceMap().locate("/spec"), "/spec");
        Finding yamlWarning = Finding.warning(
                "yaml/ambiguous-scalar", "m", "h", canary.sourceMap().locate("/spec"), "/spec");
        assertThat(check.check(canary, List.of(schemaError), NOW)).isEmpty();
        assertThat(check.check(canary, List.of(yamlWarning), NOW))
                .extracting(Finding::policyId)
                .contains("team-ok");
    }

    @Test
    void check_endlessLoop_stoppedByStatementLimitWithLine() {
        Finding f = one("team-loop");
        assertThat(f.message()).contains("statements");
        assertThat(f.location().toString()).isEqualTo(HOSTILE.resolve("loop.js") + ":3:10");
    }

    @Test
    void check_javaType_isRefused() {
        Finding f = one("team-java");
        assertThat(f.message())
                .contains("policy threw")
                .contains("java.lang.System")
                .contains("not allowed");
        assertThat(f.location().line()).isEqualTo(3);
    }

    @Test
    void check_throwingPolicy_reportsLineAndCapturedConsole() {
        Finding f = one("team-throws");
        assertThat(f.message()).contains("TypeError").contains("[console: checking orders-api-2-7-0]");
        assertThat(f.location().line()).isEqualTo(4);
    }

    @Test
    void check_garbage_isDescribed() {
        assertThat(one("team-not-array").message()).contains("returned an object, not an array");
        assertThat(one("team-no-message").message()).contains("finding [0] has message undefined");
        assertThat(one("team-wrong-types").message()).contains("finding [0] has path a number (42)");
    }

    @Test
    void check_syntaxError_namesFileAndLine() {
        Finding f = one("syntax"); // meta is unreadable: the file name is the id
        assertThat(f.message()).startsWith("syntax error");
        assertThat(f.location().line()).isEqualTo(3);
    }

    @Test
    void check_badMeta_usesFileNameAsId() {
        assertThat(one("bad-meta").message()).contains("meta.id");
    }

    @Test
    void check_mutatingTheManifest_failsInThatPolicyOnly() {
        assertThat(one("team-mutate").message()).contains("TypeError");
        // team-ok runs after team-mutate on the same frozen data and still sees the real version.
        assertThat(one("team-ok").message()).isEqualTo("version v2.7.0");
    }

    static tools.jackson.databind.JsonNode tree(String json) {
        return tools.jackson.databind.json.JsonMapper.shared().readTree(json);
    }

    private static Finding one(String id) {
        List<Finding> fs = byPolicy(check.check(canary, List.of(), NOW)).get(id);
        assertThat(fs).as(id).hasSize(1);
        return fs.get(0);
    }

    @Test
    void run_wallClockLimit_cancelsAndReplacesTheContext() {
        EngineLimits limits =
                new EngineLimits(Long.MAX_VALUE, Duration.ofMillis(1000), Long.MAX_VALUE, Duration.ofMillis(10));
        List<PolicyFile> files = List.of(
                new PolicyFile(
                        "t/slow.js",
                        "export const meta = {id: 'slow', severity: 'error', description: 'd'};\n"
                                + "export function check(r) { if (r.slow) { for (;;) {} } return [{path: '', message: 'ran'}]; }"));
        try (PolicyEngine engine = PolicyEngine.create(files, limits)) {
            Policy p = engine.policies().get(0);
            List<PolicyEngine.Call> calls = List.of(new PolicyEngine.Call(p, "{}"));
            long t0 = System.nanoTime();
            PolicyOutcome slow = engine.run(tree("{\"slow\": true}"), "2026-12-01T15:00:00Z", Map.of(), calls)
                    .get(0);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(slow.failure())
                    .get()
                    .satisfies(f -> assertThat(f.message()).contains("longer than 1000 ms"));
            PolicyOutcome next = engine.run(tree("{}"), "2026-12-01T15:00:00Z", Map.of(), calls)
                    .get(0);
            assertThat(next.failure()).isEmpty();
            assertThat(next.findings()).extracting(RawFinding::message).containsExactly("ran");
        }
    }

    @Test
    void run_allocationBomb_isCancelled() {
        EngineLimits limits =
                new EngineLimits(Long.MAX_VALUE, Duration.ofSeconds(20), 64L * 1024 * 1024, Duration.ofMillis(5));
        List<PolicyFile> files = List.of(
                new PolicyFile(
                        "t/bomb.js",
                        "export const meta = {id: 'bomb', severity: 'error', description: 'd'};\n"
                                + "export function check(r) { const keep = []; for (;;) { keep.push(new Array(10000).fill(r)); } }"));
        try (PolicyEngine engine = PolicyEngine.create(files, limits)) {
            Policy p = engine.policies().get(0);
            PolicyOutcome o = engine.run(
                            tree("{}"), "2026-12-01T15:00:00Z", Map.of(), List.of(new PolicyEngine.Call(p, "{}")))
                    .get(0);
            assertThat(o.failure()).get().satisfies(f -> assertThat(f.message()).contains("allocated more than 64 MB"));
        }
    }

    @Test
    void check_fromSeveralThreads_sameFindingsAsAlone() throws Exception {
        try (PolicyCheck builtin = PolicyCheck.create(List.of(), PolicyConfig.NONE, WindowContext.NONE)) {
            Manifest broken = manifest(Path.of("src/test/resources/policy/config/broken-release.yaml"));
            List<Finding> expected = builtin.check(broken, List.of(), NOW);
            assertThat(expected).isNotEmpty();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Finding>>> futures = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    futures.add(pool.submit(() -> builtin.check(broken, List.of(), NOW)));
                }
                for (Future<List<Finding>> f : futures) {
                    assertThat(f.get()).containsExactlyElementsOf(expected);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(builtin.engine().contextsCreated()).isLessThanOrEqualTo(5);
        }
    }
}
