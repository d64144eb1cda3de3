package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.verify.VerifyContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code .release-policy.yaml}: rules, parameters, waivers, expired waivers and invalid files. */
class PolicyConfigTest {

    static final Path DIR = Path.of("src/test/resources/policy/config");
    static final VerifyContext NOW = new VerifyContext(Instant.parse("2026-12-01T15:00:00Z"));

    static Manifest broken() throws IOException {
        Path p = DIR.resolve("broken-release.yaml");
        return new ManifestLoader()
                .parse(p.toString(), Files.readAllBytes(p))
                .manifests()
                .get(0);
    }

    static List<Finding> check(PolicyConfig config) throws IOException {
        try (PolicyCheck check = PolicyCheck.create(List.of(), config, WindowContext.NONE)) {
            return check.check(broken(), List.of(), NOW);
        }
    }

    @Test
    void loadDefault_notFromWorkingDirectory_isNoneWithoutAFile_andTheFileWithOne() {
        assertThat(PolicyConfig.loadDefault(Optional.empty(), false)).isSameAs(PolicyConfig.NONE);
        PolicyConfig explicit =
                PolicyConfig.loadDefault(Optional.of(DIR.resolve("waivers.release-policy.yaml")), false);
        assertThat(explicit).isNotSameAs(PolicyConfig.NONE);
        assertThat(explicit.rule("notifications")).isPresent();
    }

    @Test
    void check_withoutConfig_reportsTheBrokenRules() throws IOException {
        List<Finding> findings = check(PolicyConfig.NONE);
        assertThat(findings)
                .extracting(f -> f.policyId() + " " + f.severity().label() + " " + f.pointer())
                .containsExactlyInAnyOrder(
                        "approvals error /spec",
                        "checklist error /spec/checklist/rollbackPlanReady",
                        "checklist error /spec/checklist/onCallInPlace",
                        "strategy error /spec/strategy/canary/steps/2",
                        "notifications error /spec/notifications");
        assertThat(findings).allMatch(f -> f.waiver().isEmpty());
    }

    @Test
    void check_withWaivers_marksWaivedAndReportsExpired() throws IOException {
        PolicyConfig config = PolicyConfig.load(DIR.resolve("waivers.release-policy.yaml"));
        List<Finding> findings = check(config);

        assertThat(findings)
                .filteredOn(f -> f.policyId().equals("checklist"))
                .hasSize(2)
                .allSatisfy(f -> {
                    assertThat(f.waiver()).get().satisfies(w -> {
                        assertThat(w.owner()).isEqualTo("billing-team");
                        assertThat(w.expires()).isEqualTo("2027-03-31");
                    });
                    assertThat(f.isBlockingError()).isFalse();
                });
        // The strategy waiver expired on 2026-11-01: the finding counts again, and the waiver is a warning.
        assertThat(findings)
                .filteredOn(f -> f.policyId().equals("strategy"))
                .singleElement()
                .satisfies(f -> assertThat(f.isBlockingError()).isTrue());
        assertThat(findings)
                .filteredOn(f -> f.policyId().equals(PolicyCheck.WAIVER_EXPIRED))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                    assertThat(f.message()).contains("expired on 2026-11-01").contains("billing-team");
                    assertThat(f.location().toString()).isEqualTo(DIR.resolve("waivers.release-policy.yaml") + ":15:5");
                });
        // Severity override and parameters: notifications are warnings; 11 days is too old with a 5-day limit.
        assertThat(findings)
                .filteredOn(f -> f.policyId().equals("notifications"))
                .allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(findings)
                .filteredOn(f -> f.policyId().equals("rollback-plan"))
                .singleElement()
                .satisfies(f -> assertThat(f.pointer()).isEqualTo("/spec/rollback/rehearsed/at"));
    }

    @Test
    void check_disabledPolicy_doesNotRun() throws IOException {
        PolicyConfig config = PolicyConfig.load(DIR.resolve("waivers.release-policy.yaml"));
        Manifest m = broken();
        try (PolicyCheck check = PolicyCheck.create(List.of(), config, WindowContext.NONE)) {
            String unapproved = new String(Files.readAllBytes(DIR.resolve("broken-release.yaml")))
                    .replace("  dataCompatibility", "  approvals: {required: 0}\n  dataCompatibility");
            Manifest noApprovals =
                    new ManifestLoader().parse("x.yaml", unapproved).manifests().get(0);
            assertThat(check.check(noApprovals, List.of(), NOW))
                    .noneMatch(f -> f.policyId().equals("approvals"));
            assertThat(m.name()).isEqualTo("legacy-billing");
        }
    }

    @Test
    void load_schemaInvalid_isUsageErrorWithLocations() {
        Path file = DIR.resolve("invalid.release-policy.yaml");
        assertThatThrownBy(() -> PolicyConfig.load(file))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("invalid configuration " + file)
                .hasMessageContaining(file + ":3:5")
                .hasMessageContaining("disabeld")
                .hasMessageContaining("owner");
    }

    @Test
    void create_unknownPolicyInRules_isUsageError() {
        PolicyConfig config = PolicyConfig.load(DIR.resolve("unknown-policy.release-policy.yaml"));
        assertThatThrownBy(() -> PolicyCheck.create(List.of(), config, WindowContext.NONE))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown policy 'rollback-plans'")
                .hasMessageContaining("known policies: ");
    }

    @Test
    void load_policyFolders_areRelativeToTheConfigFile() throws IOException {
        PolicyConfig config = PolicyConfig.load(DIR.resolve("with-team-policies.release-policy.yaml"));
        assertThat(config.policyDirs()).containsExactly(DIR.resolve("team"));
        assertThat(check(config))
                .filteredOn(f -> f.policyId().equals("owner-label"))
                .singleElement()
                .satisfies(f -> assertThat(f.pointer()).isEqualTo("/metadata"));
    }

    @Test
    void matches_globOnPathOrName() {
        WaiverRule w = new WaiverRule(
                "checklist",
                "release/legacy-*.yaml",
                "r",
                "o",
                java.time.LocalDate.parse("2027-01-01"),
                dev.releasepolicy.core.finding.Location.ofFile("c"));
        assertThat(w.matches("release/legacy-billing.yaml", "x")).isTrue();
        assertThat(w.matches("./release/legacy-billing.yaml", "x")).isTrue();
        assertThat(w.matches("release/new.yaml", "legacy-billing")).isFalse();
        WaiverRule byName = new WaiverRule(
                "checklist",
                "legacy-*",
                "r",
                "o",
                java.time.LocalDate.parse("2027-01-01"),
                dev.releasepolicy.core.finding.Location.ofFile("c"));
        assertThat(byName.matches("release/a.yaml", "legacy-billing")).isTrue();
        assertThat(byName.expiredAt(Instant.parse("2027-01-01T23:59:59Z"))).isFalse();
        assertThat(byName.expiredAt(Instant.parse("2027-01-02T00:00:00Z"))).isTrue();
    }
}
