package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte comparison of every format against {@code src/test/resources/golden/}. After an
 * intended change of a format, rerun with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenReportTest {

    @Test
    void text_matchesGolden() {
        check(new TextReport(), "report.txt");
    }

    @Test
    void json_matchesGolden() {
        check(new JsonReport(), "report.json");
    }

    @Test
    void sarif_matchesGolden() {
        check(
                new SarifReport(ReportFixture.settings(List.of(new ReportSettings.Rule(
                        "rollback-plan",
                        Severity.ERROR,
                        "A release names the version it rolls back to. It must differ from the new one.",
                        "policies/rollback-plan.js")))),
                "report.sarif");
    }

    @Test
    void junit_matchesGolden() {
        check(new JunitReport(), "report.junit.xml");
    }

    @Test
    void github_matchesGolden() {
        check(new GithubReport(), "report.github.txt");
    }

    @Test
    void markdown_matchesGolden() {
        check(new MarkdownReport(), "report.md");
    }

    @Test
    void everyFormat_isRegisteredByName() {
        assertThat(ReportFormats.names()).containsExactly("text", "json", "sarif", "junit", "github", "markdown");
        assertThat(ReportFormats.byName("SARIF")).containsInstanceOf(SarifReport.class);
    }

    @Test
    void everyFormat_isDeterministic() {
        for (String name : ReportFormats.names()) {
            ReportWriter w = ReportFormats.byName(name).orElseThrow();
            assertThat(ReportFixture.render(w)).as(name).isEqualTo(ReportFixture.render(w));
        }
    }

    private static void check(ReportWriter writer, String golden) {
        String actual = ReportFixture.render(writer);
        assertThat(actual).isEqualTo(ReportFixture.golden(golden, actual));
    }
}
