package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelativePathsTest {

    private final Path base = Path.of("/work/shop/orders-api").toAbsolutePath();
    private final RelativePaths relative = new RelativePaths(base);

    @Test
    void display_fileInsideBase_isRelative() {
        assertThat(relative.display(base.resolve("release/api.yaml").toString()))
                .isEqualTo("release/api.yaml");
    }

    @Test
    void display_fileOutsideBase_staysAbsolute() {
        String outside =
                base.resolveSibling("other/release/api.yaml").toString().replace('\\', '/');
        assertThat(relative.display(outside)).isEqualTo(outside);
    }

    @Test
    void display_baseWithCommonPrefix_isNotCut() {
        String sibling =
                base.resolveSibling("orders-api-2/release/api.yaml").toString().replace('\\', '/');
        assertThat(relative.display(sibling)).isEqualTo(sibling);
    }

    @Test
    void apply_report_relativizesLocationsAndMessages() {
        String file = base.resolve("release/api.yaml").toString();
        Finding f = Finding.error(
                "schema",
                "no release manifest found in " + base.resolve("release"),
                "hint",
                new Location(file, 3, 4),
                "/spec");
        VerifyReport report = new VerifyReport(
                List.of(new FileResult(file, List.of(f))), List.of(new ManifestResult(file, 0, "api", List.of(f))));

        VerifyReport shown = relative.apply(report);

        assertThat(shown.files().get(0).file()).isEqualTo("release/api.yaml");
        assertThat(shown.manifests().get(0).file()).isEqualTo("release/api.yaml");
        assertThat(shown.findings()).allSatisfy(x -> {
            assertThat(x.location()).hasToString("release/api.yaml:3:4");
            assertThat(x.message()).isEqualTo("no release manifest found in release");
        });
    }
}
