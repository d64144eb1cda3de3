package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fixed report every format's golden test renders: errors, a warning, a waived error, a
 * file-level YAML finding, a whole-file finding without a line, a passing manifest, and text with
 * {@code " < & > , : %} and a line break.
 */
final class ReportFixture {

    /** Set {@code -Dgolden.update=true} to rewrite the golden files after an intended change. */
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    private ReportFixture() {}

    static VerifyReport report() {
        String api = "release/canary-api.yaml";
        String web = "release/web/blue green.yaml";
        String broken = "release/broken.yaml";
        return new VerifyReport(
                List.of(
                        new FileResult(
                                broken,
                                List.of(Finding.error(
                                        "yaml",
                                        "mapping values are not allowed here",
                                        "check the indentation of the line above",
                                        new Location(broken, 3, 7),
                                        ""))),
                        new FileResult(
                                "release/empty.yaml",
                                List.of(Finding.warning(
                                        "input",
                                        "the file holds no YAML document",
                                        "remove it or add a release manifest",
                                        Location.ofFile("release/empty.yaml"),
                                        "")))),
                List.of(
                        new ManifestResult(
                                api,
                                0,
                                "api-v2-0",
                                List.of(
                                        Finding.error(
                                                "rollback-plan",
                                                "rollback target \"v2.0\" equals the new version <&>",
                                                "set spec.rollback.to to the last stable version, e.g. v1.0",
                                                new Location(api, 24, 9),
                                                "/spec/rollback/to"),
                                        Finding.warning(
                                                "monitoring",
                                                "no dashboards, alerts: none",
                                                "add spec.monitoring.dashboards: [https://grafana.example.com/d/api]",
                                                new Location(api, 30, 5),
                                                "/spec/monitoring"),
                                        Finding.error(
                                                        "release-window",
                                                        "outside every allow window,\nnext opens Tue 2026-12-01 22:00 Asia/Shanghai",
                                                        "start between 22:00 and 02:00 (Asia/Shanghai)",
                                                        new Location(api, 40, 3),
                                                        "/spec/window")
                                                .waivedBy(new Waiver(
                                                        "hotfix approved by CAB: 100% sure",
                                                        "team-lead", "2026-12-31")))),
                        new ManifestResult(api, 1, "api-v2-1", List.of()),
                        new ManifestResult(
                                web,
                                0,
                                "web-v3",
                                List.of(
                                        Finding.error(
                                                "schema",
                                                "spec.replicas must be at least 1, got 0",
                                                "",
                                                new Location(web, 9, 13),
                                                "/spec/replicas"),
                                        Finding.error(
                                                "strategy",
                                                "canary weight falls from 50% to 20%",
                                                "make each setWeight larger than the one before",
                                                new Location(web, 18, 11),
                                                "/spec/strategy/canary/steps/3/setWeight")))));
    }

    /** The fixture's repository: its files are relative to {@code /work/repo}, which is also the source root. */
    static ReportSettings settings(List<ReportSettings.Rule> rules) {
        Path root = Path.of("/work/repo");
        return new ReportSettings(root, root, "0.0.0-test", rules);
    }

    /** Renders the fixture with {@code writer}. */
    static String render(ReportWriter writer) {
        StringBuilder sb = new StringBuilder();
        try {
            writer.write(report(), sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** The golden file's content, after rewriting it first when {@link #UPDATE} is set. */
    static String golden(String fileName, String actual) {
        Path p = GOLDEN.resolve(fileName);
        try {
            if (UPDATE) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual, StandardCharsets.UTF_8);
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "golden file " + p.toAbsolutePath()
                            + " unreadable; run the test with -Dgolden.update=true to create it",
                    e);
        }
    }
}
