package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReactorSummaryTest {

    @Test
    void lines_mixedModules_totalThenOneAlignedLinePerModule() {
        List<String> lines = ReactorSummary.lines(List.of(
                new ReactorSummary.Entry("parent", 0, 0, 0, "no manifests, skipped"),
                new ReactorSummary.Entry("orders-api", 2, 1, 0, ""),
                new ReactorSummary.Entry("web", 1, 0, 3, "")));

        assertThat(lines)
                .containsExactly(
                        "release-policy: reactor summary: 2 of 3 modules checked, 3 manifests, 1 error, 3 warnings",
                        "  parent ..... no manifests, skipped",
                        "  orders-api . 2 manifests, 1 error, 0 warnings",
                        "  web ........ 1 manifest, 0 errors, 3 warnings");
    }
}
