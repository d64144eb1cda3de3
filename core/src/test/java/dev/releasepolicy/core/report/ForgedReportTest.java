package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text from a manifest or a policy cannot forge output (issue 15): a hint that carries a GitHub workflow
 * command, terminal escape sequences, NUL/BEL/NEL and line separators, HTML and {@code javascript:} links.
 */
class ForgedReportTest {

    private static final String FILE = "release/x.yaml";
    private static final String HOSTILE = "fix it\n::error file=bad.yaml,line=1::FORGED\r\n"
            + "\u001B[2J\u001B]8;;https://evil\u0007link\u0000\u0085\u2028::notice::N\u2029##[error]V1"
            + " <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> |`";

    private static VerifyReport hostile() {
        return new VerifyReport(
                List.of(),
                List.of(new ManifestResult(
                        FILE,
                        0,
                        "x<b>\u001B[1m",
                        List.of(
                                Finding.error("team-rule", HOSTILE, HOSTILE, new Location(FILE, 3, 5), "/spec"),
                                Finding.warning("team-rule", "w\n::warning::W", HOSTILE, new Location(FILE, 4, 1), "")
                                        .waivedBy(new Waiver(HOSTILE, "o\n::error::O", "2026-12-31"))))));
    }

    private static String render(ReportWriter writer) throws IOException {
        StringBuilder sb = new StringBuilder();
        writer.write(hostile(), sb);
        return sb.toString();
    }

    private static void assertNoRawControls(String out) {
        assertThat(out.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F))
                .as("raw control characters")
                .isEmpty();
        assertThat(out).doesNotContain("\u2028", "\u2029");
    }

    @Test
    void text_noLineStartsWithAWorkflowCommandAndNoEscapeSequence() throws IOException {
        String out = render(new TextReport());

        assertNoRawControls(out);
        assertThat(Arrays.stream(out.split("\n"))).allSatisfy(line -> {
            assertThat(line.stripLeading()).doesNotStartWith("::");
            assertThat(line).doesNotContain("##[");
        });
        assertThat(out).contains("    hint: fix it\n    \\x3A:error file=bad.yaml,line=1::FORGED\n");
        assertThat(out).contains("\\x1B[2J");
    }

    @Test
    void github_everyCommandIsOursAndOnOneLine() throws IOException {
        String out = render(new GithubReport());

        assertNoRawControls(out);
        String[] lines = out.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("::error file=release/x.yaml,line=3,col=5,title=team-rule::");
        assertThat(lines[1]).startsWith("::notice file=release/x.yaml,line=4,col=1,title=team-rule (waived)::");
        assertThat(lines[2]).doesNotStartWith("::");
        // A line break inside an annotation is the runner's %0A, and what follows it is no command either.
        assertThat(lines[0]).contains("fix it%0A    \\x3A:error file=bad.yaml").doesNotContain("%0A::");
    }

    @Test
    void markdown_noRawHtmlNoLinkNoEscape() throws IOException {
        String out = render(new MarkdownReport());

        assertNoRawControls(out);
        assertThat(out)
                .doesNotContain("<script", "<img", "](javascript:", "javascript:")
                .contains("&lt;script&gt;", "javascript&#58;", "x&lt;b&gt;\\\\x1B\\[1m");
        // Every table row keeps its cell count: no line break or pipe from the text ends a row or a cell.
        assertThat(Arrays.stream(out.split("\n")).filter(l -> l.startsWith("| ") && l.contains("team-rule")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.replace("\\|", "").chars().filter(c -> c == '|'))
                        .hasSize(6));
    }

    @Test
    void machineFormats_keepTheTextExactlyAndStayWellFormed() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode report = json.readTree(render(new JsonReport()));
        String hint = hostile().findings().get(0).hint();
        assertThat(report.at("/findings/0/hint").asString()).isEqualTo(hint);

        JsonNode sarif = json.readTree(render(new SarifReport(ReportFixture.settings(List.of()))));
        assertThat(sarif.at("/runs/0/results/0/message/text").asString()).endsWith(hint);

        String junit = render(new JunitReport());
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(junit.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // XML carries what XML 1.0 allows (U+0085 is a legal character); the C0 controls it cannot are gone.
        assertThat(junit.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t'))
                .isEmpty();
    }
}
