package dev.releasepolicy.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference releases' windows at the documented {@code --now} (Tue 23:00 in Asia/Shanghai). */
class ExampleWindowsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");

    @ParameterizedTest
    @CsvSource({"blue-green-web.yaml,PT10M10S", "canary-api.yaml,PT1H30M20S", "auto-rollback.yaml,"})
    void forRelease_referenceExample_isOpenAndCanFinish(String file, Duration minimum) {
        Manifest m = new ManifestLoader()
                .load(Path.of("..", "examples", file), file)
                .manifests()
                .get(0);

        WindowVerdict v = WindowEvaluator.forRelease(m.tree(), NOW);

        assertThat(v.valid()).isTrue();
        assertThat(v.open()).isTrue();
        assertThat(v.reason()).isEqualTo("inside Tue 22:00–02:00 (Asia/Shanghai)");
        assertThat(v.closesAt()).contains(Instant.parse("2026-12-01T18:00:00Z"));
        assertThat(v.canFinish()).isTrue();
        if (minimum != null) {
            assertThat(v.minimumDuration()).isEqualTo(minimum);
        }
    }
}
