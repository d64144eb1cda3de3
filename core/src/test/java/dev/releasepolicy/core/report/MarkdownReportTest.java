package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    @Test
    void write_findingsOfEveryKind_matchesGoldenFile() throws IOException {
        Finding error = Finding.error(
                "schema",
                "spec.replicas must be an integer, not a string",
                "write a number without quotes",
                new Location("release/api.yaml", 12, 13),
                "/spec/replicas");
        Finding warning = Finding.warning(
                "yaml/ambiguous-scalar",
                "unquoted 'off' | read as text",
                "quote it: \"off\"",
                new Location("release/api.yaml", 10, 11),
                "/metadata/labels/tier");
        Finding waived = Finding.error(
                        "release-window",
                        "outside the window",
                        "",
                        new Location("release/web.yaml", 3, 1),
                        "/spec/window")
                .waivedBy(new Waiver("hotfix", "ops", "2026-12-31"));
        Finding syntax = Finding.error(
                "yaml", "YAML syntax error", "fix the YAML syntax", new Location("release/broken.yaml", 11, 46), "");
        VerifyReport report = new VerifyReport(
                List.of(new FileResult("release/broken.yaml", List.of(syntax))),
                List.of(
                        new ManifestResult("release/api.yaml", 0, "api-1-0", List.of(error, warning)),
                        new ManifestResult("release/web.yaml", 0, "web-1-0", List.of(waived))));

        assertThat(render(report)).isEqualTo(golden("markdown-findings.md"));
    }

    @Test
    void write_noFindings_saysSo() throws IOException {
        VerifyReport report =
                new VerifyReport(List.of(), List.of(new ManifestResult("release/api.yaml", 0, "api-1-0", List.of())));

        assertThat(render(report)).isEqualTo(golden("markdown-clean.md"));
    }

    private static String render(VerifyReport report) throws IOException {
        StringBuilder out = new StringBuilder();
        new MarkdownReport().write(report, out);
        return out.toString();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = MarkdownReportTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
