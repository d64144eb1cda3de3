package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.window.ReleaseDuration;
import dev.releasepolicy.core.window.WindowEvaluator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Verify and plan judge "does the release fit its window" with one duration: the minimum that the
 * {@code release-window} policy gets ({@link ReleaseDuration}) is the plan's {@code inWindowDuration}
 * for every example and planner fixture (issue 16: verify said 40m where the plan said 40m15s, the
 * health check's initial delay), and both answer the same at the same start.
 */
class WindowFitParityTest {

    @TestFactory
    Stream<DynamicTest> everyManifest_verifyAndPlanNeedTheSameTimeInTheWindow() {
        return Plans.manifests().stream()
                .map(file -> DynamicTest.dynamicTest(Plans.baseName(file), () -> {
                    Manifest manifest = Plans.load(file);
                    Plan plan = Plans.plan(file);
                    Timeline t = plan.timeline();

                    assertThat(ReleaseDuration.minimum(manifest.tree().path("spec")))
                            .as("verify's minimum duration of %s", file)
                            .isEqualTo(t.inWindowDuration());
                    if (manifest.tree().path("spec").has("window")) {
                        assertThat(WindowEvaluator.forRelease(manifest.tree(), t.earliestStart())
                                        .canFinish())
                                .as("verify's canFinish at the plan's earliest start")
                                .isEqualTo(t.fitsWindow());
                    }
                }));
    }
}
