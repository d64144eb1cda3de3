package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal with a {@code config} that includes its metric templates: the included file is read relative to
 * the configuration (not to the folder Maven runs in), and its problems are logged at their place, relative
 * to the module's folder.
 */
class VerifyGoalIncludeTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "checks-canary");

    private static VerifyGoal.Request request(Path basedir) {
        return new VerifyGoal.Request(
                basedir,
                List.of(basedir.resolve("release/release.yaml")),
                List.of(),
                Optional.of(basedir.resolve("config/.release-policy.yaml")),
                Optional.of(Instant.parse("2026-12-01T15:00:00Z")),
                false,
                List.of(),
                basedir.resolve("target/release-policy"),
                Optional.empty());
    }

    private static void module(Path basedir, String templates) throws Exception {
        Files.createDirectories(basedir.resolve("release"));
        Files.createDirectories(basedir.resolve("config"));
        Files.createDirectories(basedir.resolve("shared"));
        Files.copy(EXAMPLE.resolve("release.yaml"), basedir.resolve("release/release.yaml"));
        Files.writeString(basedir.resolve("config/.release-policy.yaml"), "include: [../shared/templates.yaml]\n");
        Files.writeString(basedir.resolve("shared/templates.yaml"), templates);
    }

    @Test
    void templatesOfAnIncludedFile_areReadRelativeToTheConfiguration(@TempDir Path basedir) throws Exception {
        module(basedir, Files.readString(EXAMPLE.resolve("metric-templates.yaml")));
        VerifyGoal.Result result = VerifyGoal.run(request(basedir));
        assertThat(result.exitCode()).as(result.lines().toString()).isZero();
        assertThat(result.errors()).isZero();
    }

    @Test
    void aProblemOfTheIncludedFile_failsTheGoal_atItsPlace(@TempDir Path basedir) throws Exception {
        module(basedir, Files.readString(EXAMPLE.resolve("metric-templates.yaml")) + "rules: {}\n");
        VerifyGoal.Result result = VerifyGoal.run(request(basedir));
        assertThat(result.exitCode()).isEqualTo(1);
        int line = (int) Files.readString(basedir.resolve("shared/templates.yaml"))
                .lines()
                .count();
        assertThat(result.lines())
                .anySatisfy(l -> assertThat(l.text())
                        .contains("shared/templates.yaml:" + line + ":1")
                        .contains("an included file holds only metricTemplates and include, not 'rules'"));
    }
}
