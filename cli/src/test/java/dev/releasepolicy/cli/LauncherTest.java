package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/release-policy: finds a JDK >= 21 and says what to do when something is missing. */
class LauncherTest {

    /** Links a test made into its temporary folder, pointing outside it. */
    private final List<Path> links = new ArrayList<>();

    /**
     * Removes the links before JUnit cleans the temporary folder: JUnit warns about every link that
     * points out of it (it deletes the link, never the target, but says so on the build's console).
     */
    @AfterEach
    void removeLinks() throws IOException {
        for (Path link : links) {
            Files.deleteIfExists(link);
        }
    }

    private Path link(Path at, Path target) throws IOException {
        links.add(at);
        return Files.createSymbolicLink(at, target);
    }

    static final Path LAUNCHER =
            Path.of("..", "bin", "release-policy").toAbsolutePath().normalize();

    record Result(int exit, String output) {}

    static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(LAUNCHER.toString());
        pb.command().addAll(List.of(args));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void launcher_withoutBuiltJar_saysHowToBuildIt() throws Exception {
        Result r = launch(Map.of("RELEASE_POLICY_JAR", "/nonexistent/release-policy.jar"), "--version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("not built yet").contains("bin/mvnw -q install -DskipTests");
    }

    @Test
    void launcher_withOldJavaHome_stillFindsAJdk21OrNewer() throws Exception {
        // JAVA_HOME pointing at something that is not a JDK >= 21 must not stop the launcher.
        Path jar = Path.of("target", "classes").toAbsolutePath();
        Result r = launch(
                Map.of(
                        "JAVA_HOME",
                        "/nonexistent-jdk",
                        "RELEASE_POLICY_JAR",
                        jar.resolve("missing.jar").toString()),
                "--version");
        assertThat(r.output()).doesNotContain("needs a JDK 21");
    }

    @Test
    void launcher_withoutAnyJdk_saysWhatToInstall() throws Exception {
        Result r = launch(
                Map.of("JAVA_HOME", "", "PATH", "/nonexistent:/bin", "RP_JDK_SEARCH_DIRS", "/nonexistent"),
                "--version");
        // /usr/bin may hold an older java (17 on our machines): it must be rejected, not used.
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("needs a JDK 21 or newer").contains("JAVA_HOME");
    }

    @Test
    void launcher_findsAJdkThatOnlyPathNames(@TempDir Path dir) throws Exception {
        Path java = link(dir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Result r = launch(
                Map.of(
                        "JAVA_HOME",
                        "",
                        "PATH",
                        java.getParent() + ":/usr/bin:/bin",
                        "RP_JDK_SEARCH_DIRS",
                        "/nonexistent",
                        "RELEASE_POLICY_JAR",
                        "/nonexistent/release-policy.jar"),
                "--version");
        // it got past the JDK search to the jar check
        assertThat(r.output()).doesNotContain("needs a JDK 21").contains("not built yet");
    }

    @Test
    void launcher_calledThroughALink_findsTheRepositoryByItsRealPath(@TempDir Path dir) throws Exception {
        Path link = link(dir.resolve("rp"), LAUNCHER);
        Path jar = LAUNCHER.toRealPath().getParent().getParent().resolve("cli/target/release-policy.jar");
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (Files.isRegularFile(jar)) {
            assertThat(out).as(out).startsWith("release-policy ");
        } else {
            assertThat(out).contains("not built yet (" + jar + ")");
        }
    }
}
