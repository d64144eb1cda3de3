package dev.releasepolicy.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.verify.VerifyContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code release-window} policy with the real window engine (issue 16): the duration it judges is
 * the plan's (the health check's initial delay included), printed like {@code 1h30m20s}, and the hint
 * names a start that works, never the instant that fails.
 */
class WindowHintTest {

    static List<Finding> windowFindings(String now) throws Exception {
        Path file = Path.of("..", "examples", "canary-api.yaml");
        Manifest m =
                new ManifestLoader().load(file, "canary-api.yaml").manifests().get(0);
        try (PolicyCheck check = PolicyCheck.create(List.of(), PolicyConfig.NONE, WindowContext.EVALUATED)) {
            return check.check(m, List.of(), new VerifyContext(Instant.parse(now))).stream()
                    .filter(f -> f.policyId().equals("release-window"))
                    .toList();
        }
    }

    @Test
    void openButTooShort_saysThePlansDurationAndPointsAtTheNextOpeningLongEnough() throws Exception {
        // Tue 01:45 in Shanghai, 15 minutes before the window closes.
        assertThat(windowFindings("2026-12-01T17:45:00Z")).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("at least 1h30m20s")
                    .contains("closes at 2026-12-01T18:00:00Z")
                    .doesNotContain("PT");
            assertThat(f.hint())
                    .startsWith(
                            "start at or after Wed 2026-12-02 22:00 Asia/Shanghai, that is --now 2026-12-02T14:00:00Z")
                    .doesNotContain("2026-12-01T17:45");
        });
    }

    @Test
    void fitsExactly_withTheInitialDelay_isNoFinding_andOneSecondLaterIsOne() throws Exception {
        // The window closes at 18:00Z; 1h30m20s before that is 16:29:40Z.
        assertThat(windowFindings("2026-12-01T16:29:40Z")).isEmpty();
        assertThat(windowFindings("2026-12-01T16:29:41Z")).hasSize(1);
    }
}
