package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.verify.VerifyContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile-policy suite (issue 15): each attack a team policy made on the trust boundary, as a
 * folder of team policies under {@code policy/attack/}, run beside the built-in policies over a
 * manifest that breaks several of them. Every attack must leave the built-in findings exactly as
 * they are without the team folder, and end as findings naming the team's file.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostilePolicyTest {

    static final Path ATTACK = Path.of("src/test/resources/policy/attack");
    static final Path BROKEN = Path.of("src/test/resources/policy/config/broken-release.yaml");
    static final VerifyContext NOW = new VerifyContext(Instant.parse("2026-12-01T15:00:00Z"));
    /** Short limits keep the suite fast; real policies need microseconds and a few thousand statements. */
    static final EngineLimits SHORT =
            new EngineLimits(2_000_000L, Duration.ofMillis(1000), 128L * 1024 * 1024, Duration.ofMillis(10));

    static Manifest broken;
    static List<Finding> builtinOnly;
    static Set<String> builtinIds;

    @BeforeAll
    static void baseline() throws IOException {
        broken = manifest(Files.readString(BROKEN));
        try (PolicyCheck builtin = PolicyCheck.create(List.of(), PolicyConfig.NONE, WindowContext.NONE)) {
            builtinOnly = builtin.check(broken, List.of(), NOW);
            builtinIds = builtin.engine().policies().stream().map(Policy::id).collect(Collectors.toSet());
        }
        assertThat(builtinOnly)
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("rollbackPlanReady"))
                .anySatisfy(m -> assertThat(m).contains("onCallInPlace"));
    }

    static Manifest manifest(String yaml) {
        return new ManifestLoader()
                .parse(BROKEN.toString(), yaml.getBytes(StandardCharsets.UTF_8))
                .manifests()
                .get(0);
    }

    static PolicyCheck attack(String folder) {
        List<PolicyFile> files = PolicyCheck.files(List.of(ATTACK.resolve(folder)), PolicyConfig.NONE);
        return new PolicyCheck(PolicyEngine.create(files, SHORT), PolicyConfig.NONE, WindowContext.NONE);
    }

    /** The built-in policies' findings of a run, which must equal those of a run without the team. */
    static List<Finding> builtinFindings(List<Finding> all) {
        return all.stream().filter(f -> builtinIds.contains(f.policyId())).toList();
    }

    static List<Finding> byId(List<Finding> all, String id) {
        return all.stream().filter(f -> f.policyId().equals(id)).toList();
    }

    static List<Finding> timed(PolicyCheck check, Manifest m, Duration max) {
        long t0 = System.nanoTime();
        List<Finding> findings = check.check(m, List.of(), NOW);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(max);
        return findings;
    }

    @Test
    void wrappedArrayIterator_cannotHideBuiltinFindings() {
        try (PolicyCheck check = attack("iterator-skip")) {
            for (int i = 0; i < 3; i++) {
                assertThat(builtinFindings(check.check(broken, List.of(), NOW))).containsExactlyElementsOf(builtinOnly);
            }
        }
    }

    @Test
    void endedIterators_cannotBreakBuiltinPolicies() {
        try (PolicyCheck check = attack("iterator-end")) {
            assertThat(builtinFindings(check.check(broken, List.of(), NOW))).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void everyIntrinsic_isFrozenBeforeModuleCodeRuns() {
        try (PolicyCheck check = attack("intrinsics")) {
            assertThat(byId(check.check(broken, List.of(), NOW), "team-probe")).isEmpty();
        }
    }

    @Test
    void laterContexts_afterAKillAndOnOtherThreads_freezeFirstAndKeepBuiltinsIntact() throws Exception {
        Manifest killMe = manifest(Files.readString(BROKEN).replace("name: legacy-billing", "name: kill-me"));
        try (PolicyCheck check = attack("late-context")) {
            List<Finding> first = check.check(killMe, List.of(), NOW);
            assertThat(byId(first, "team-killer"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.location().toString()).endsWith("killer.js:4:46"));
            assertThat(builtinFindings(first)).hasSameSizeAs(builtinOnly);
            // The next manifest runs in a context made after the kill: same freezing, same watchdog.
            for (int i = 0; i < 3; i++) {
                List<Finding> next = check.check(broken, List.of(), NOW);
                assertThat(byId(next, "team-probe")).isEmpty();
                assertThat(byId(next, "team-killer")).isEmpty();
                assertThat(builtinFindings(next)).containsExactlyElementsOf(builtinOnly);
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<List<Finding>>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    Manifest m = i % 4 == 0 ? killMe : broken;
                    runs.add(pool.submit(() -> check.check(m, List.of(), NOW)));
                }
                for (Future<List<Finding>> r : runs) {
                    List<Finding> found = r.get();
                    assertThat(byId(found, "team-probe")).isEmpty();
                    assertThat(builtinFindings(found)).hasSameSizeAs(builtinOnly);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void moduleTopLevelLoop_isOneFindingAndTheRunGoesOn() {
        try (PolicyCheck check = attack("top-level-loop")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            assertThat(byId(findings, "loop")).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.location().toString()).contains("top-level-loop/loop.js:3:");
                assertThat(f.message()).contains("statements");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void moduleTopLevelRegex_isStoppedByTheWatchdog() {
        try (PolicyCheck check = attack("top-level-regex")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            assertThat(byId(findings, "regex")).singleElement().satisfies(f -> {
                assertThat(f.location().file()).endsWith("top-level-regex/regex.js");
                assertThat(f.message()).contains("longer than 1000 ms");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void moduleTopLevelRecursion_isOneFindingNotACrash() {
        try (PolicyCheck check = attack("top-level-recursion")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            assertThat(byId(findings, "deep")).singleElement().satisfies(f -> {
                assertThat(f.location().toString()).contains("top-level-recursion/deep.js:2:");
                assertThat(f.message()).containsAnyOf("stack-frame limit", "call stack size");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void recursionThatSwallowsItsStackOverflow_isStopped() {
        try (PolicyCheck check = attack("catch-overflow")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(15));
            assertThat(byId(findings, "team-swallow")).singleElement().satisfies(f -> {
                assertThat(f.location().file()).endsWith("catch-overflow/swallow.js");
                assertThat(f.message()).startsWith("policy stopped");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
            // and the engine still works afterwards
            assertThat(builtinFindings(timed(check, broken, Duration.ofSeconds(15))))
                    .containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void reservedIds_cannotBeTakenByATeam() {
        try (PolicyCheck check = attack("reserved")) {
            List<Finding> findings = check.check(broken, List.of(), NOW);
            assertThat(findings).extracting(Finding::message).noneMatch(m -> m.startsWith("forged"));
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
            List<Finding> refused = byId(findings, PolicyEngine.POLICY_ID);
            assertThat(refused)
                    .extracting(f -> f.location().file().replaceAll(".*/", ""))
                    .containsExactlyInAnyOrder(
                            "checklist.js", "config.js", "policy.js", "schema.js", "yaml-duplicate-key.js", "yaml.js");
            assertThat(refused).allSatisfy(f -> {
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message()).contains("reserved");
            });
        }
    }

    @Test
    void slowTeamPolicy_isBlamedAloneAndBuiltinFindingsStay() {
        try (PolicyCheck check = attack("slow-regex")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            assertThat(byId(findings, "team-slow")).singleElement().satisfies(f -> {
                assertThat(f.location().file()).endsWith("slow-regex/slow.js");
                assertThat(f.message()).contains("longer than 1000 ms");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void tooManyFindings_areCutWithAFinding() {
        try (PolicyCheck check = attack("too-many")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            List<Finding> team = byId(findings, "team-many");
            assertThat(team).hasSize(EngineLimits.DEFAULT.findings() + 1);
            assertThat(team.get(team.size() - 1).message())
                    .contains("10000 findings")
                    .contains("first " + EngineLimits.DEFAULT.findings());
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void hugeMessageAndHint_areCutWithAFinding() {
        try (PolicyCheck check = attack("huge-message")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            List<Finding> team = byId(findings, "team-huge");
            assertThat(team).hasSize(2);
            assertThat(team.get(0).message().length()).isLessThanOrEqualTo(EngineLimits.DEFAULT.textChars() + 1);
            assertThat(team.get(0).hint().length()).isLessThanOrEqualTo(EngineLimits.DEFAULT.textChars() + 1);
            assertThat(team.get(1).message())
                    .contains("cut")
                    .contains(EngineLimits.DEFAULT.textChars() + " characters");
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void hugeParams_areRefusedNamingTheFile() {
        try (PolicyCheck check = attack("huge-params")) {
            List<Finding> findings = timed(check, broken, Duration.ofSeconds(10));
            assertThat(byId(findings, "team-params")).singleElement().satisfies(f -> {
                assertThat(f.location().file()).endsWith("huge-params/params.js");
                assertThat(f.message()).contains("meta.params").contains("limit");
            });
            assertThat(builtinFindings(findings)).containsExactlyElementsOf(builtinOnly);
        }
    }

    @Test
    void manifestViews_neverShowJavaClassNames() {
        try (PolicyCheck check = attack("class-names")) {
            List<Finding> findings = check.check(broken, List.of(), NOW);
            List<Finding> team = findings.stream()
                    .filter(f -> f.policyId().startsWith("team-names"))
                    .toList();
            assertThat(team).hasSize(2);
            assertThat(team)
                    .allSatisfy(f -> assertThat(f.message() + f.hint())
                            .doesNotContain("JsonProxies")
                            .doesNotContain("dev.releasepolicy")
                            .doesNotContainPattern("\\$\\w+@[0-9a-f]+"));
            assertThat(byId(findings, "team-names").get(0).message()).startsWith("spec is [object Object];");
        }
    }
}
