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
 * The goal with the verify cache ({@code cache}, default {@code target/release-policy/cache}): a second
 * build over unchanged manifests takes their results from the cache and logs and reports the same.
 */
class VerifyGoalCacheTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void secondBuild_takesTheResultsFromTheCache_andLogsTheSame(@TempDir Path basedir) throws Exception {
        Files.createDirectories(basedir.resolve("release"));
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), basedir.resolve("release/canary-api.yaml"));
        Files.copy(EXAMPLES.resolve("invalid/bad-duration.yaml"), basedir.resolve("release/bad-duration.yaml"));
        Path out = basedir.resolve("target/release-policy");
        VerifyGoal.Request request = new VerifyGoal.Request(
                basedir,
                List.of(basedir.resolve("release")),
                List.of(),
                Optional.empty(),
                Optional.of(Instant.parse("2026-12-01T15:00:00Z")),
                false,
                List.of("json"),
                out,
                Optional.of(out.resolve("cache")));

        VerifyGoal.Result first = VerifyGoal.run(request);
        String firstJson = Files.readString(out.resolve("release-policy.json"));
        VerifyGoal.Result second = VerifyGoal.run(request);
        String secondJson = Files.readString(out.resolve("release-policy.json"));

        assertThat(firstJson).contains("\"cached\" : false").doesNotContain("\"cached\" : true");
        assertThat(secondJson).contains("\"cached\" : true").doesNotContain("\"cached\" : false");
        assertThat(secondJson.replace("\"cached\" : true", "\"cached\" : false"))
                .isEqualTo(firstJson);
        assertThat(second.exitCode()).isEqualTo(first.exitCode()).isNotZero();
        assertThat(second.summary()).isEqualTo(first.summary());
        assertThat(second.lines().subList(1, second.lines().size()))
                .isEqualTo(first.lines().subList(1, first.lines().size()));
        assertThat(out.resolve("cache")).isDirectory();
    }
}
