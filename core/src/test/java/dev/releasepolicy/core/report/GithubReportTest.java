package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GithubReportTest {

    @Test
    void data_escapesPercentAndLineBreaks() {
        assertThat(GithubReport.data("50% a\r\nb: c, d")).isEqualTo("50%25 a%0A    b: c, d");
    }

    @Test
    void property_alsoEscapesColonAndComma() {
        assertThat(GithubReport.property("C:/a, b%.yaml")).isEqualTo("C%3A/a%2C b%25.yaml");
    }

    @Test
    void write_oneCommandPerFindingThenSummary() {
        List<String> lines = ReportFixture.render(new GithubReport()).lines().toList();

        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("::error file=release/broken.yaml,line=3,col=7,title=yaml::");
        assertThat(lines.get(4)).startsWith("::warning file=release/empty.yaml,title=input::");
        assertThat(lines.get(3))
                .startsWith("::notice file=release/canary-api.yaml,line=40,col=3,title=release-window (waived)::")
                .contains("%0A")
                .doesNotContain("\n");
        assertThat(lines.get(7)).isEqualTo("3 manifests and 1 unreadable file, 4 errors, 2 warnings, 1 waived");
    }
}
