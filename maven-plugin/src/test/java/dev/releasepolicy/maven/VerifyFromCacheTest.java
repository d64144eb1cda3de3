package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.policy.PolicyEngine;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default mode's first step: with a warm verify cache the goal answers in Maven's JVM from the cache
 * ({@link VerifyGoal#fromCache}) without forking, without starting the policy engine and without even
 * loading a GraalJS class, and its answer (log lines, counts, exit code, report files) is the one the
 * forked JVM gave when it checked with a cold cache.
 */
class VerifyFromCacheTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String NOW = "2026-12-01T15:00:00Z";
    private static final List<String> FORMATS = List.of("json", "sarif", "junit", "markdown");
    private static final List<String> REPORTS =
            List.of("release-policy.json", "release-policy.sarif", "TEST-release-policy.xml", "release-policy.md");

    @TempDir
    Path temp;

    private Path basedir;

    @BeforeEach
    void setUp() throws Exception {
        basedir = temp.resolve("project");
        Files.createDirectories(basedir.resolve("release/k8s"));
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), basedir.resolve("release/canary-api.yaml"));
        Files.copy(EXAMPLES.resolve("invalid/bad-duration.yaml"), basedir.resolve("release/bad-duration.yaml"));
        // a Deployment file, as a workload's folder holds: its result is never stored, yet it must not
        // force a fork
        Files.copy(
                EXAMPLES.resolve("replicas-workload/k8s/worker-api.yaml"),
                basedir.resolve("release/k8s/worker-api.yaml"));
    }

    @Test
    void coldCacheInAFork_thenWarmInMavensJvm_sameLinesAndReports() throws Exception {
        VerifyGoal.Request request = request(basedir);
        DaemonClient client = client(temp.resolve("d"));
        assertThat(VerifyGoal.fromCache(request)).as("cold cache").isEmpty();
        assertThat(basedir.resolve("target/release-policy")).doesNotExist();

        VerifyGoal.Result forked = client.fork(request, () -> {});
        List<String> forkedReports = reports();
        long engines = PolicyEngine.enginesStarted();
        VerifyGoal.Result warm = VerifyGoal.fromCache(request).orElseThrow();
        List<String> warmReports = reports();

        assertThat(PolicyEngine.enginesStarted()).as("policy engines started").isEqualTo(engines);
        assertThat(warm.exitCode()).isEqualTo(forked.exitCode()).isEqualTo(1);
        assertThat(warm.summary()).isEqualTo(forked.summary());
        assertThat(warm.manifests()).isEqualTo(forked.manifests()).isEqualTo(2);
        assertThat(warm.errors()).isEqualTo(forked.errors()).isPositive();
        assertThat(warm.warnings()).isEqualTo(forked.warnings());
        // the first line is the text report, logged with -X only; it says which results were cached
        assertThat(warm.lines().subList(1, warm.lines().size()))
                .isEqualTo(forked.lines().subList(1, forked.lines().size()))
                .anyMatch(l -> l.level() == VerifyGoal.Level.ERROR);
        assertThat(forkedReports.getFirst()).contains("\"cached\" : false").doesNotContain("\"cached\" : true");
        assertThat(warmReports.getFirst()).contains("\"cached\" : true").doesNotContain("\"cached\" : false");
        List<String> warmAsCold = new ArrayList<>(warmReports);
        warmAsCold.set(0, warmReports.getFirst().replace("\"cached\" : true", "\"cached\" : false"));
        assertThat(warmAsCold).isEqualTo(forkedReports);
    }

    @Test
    void changedManifest_isNotAnsweredFromTheCache() throws Exception {
        VerifyGoal.Request request = request(basedir);
        VerifyGoal.run(request);
        assertThat(VerifyGoal.fromCache(request)).isPresent();
        Path manifest = basedir.resolve("release/canary-api.yaml");
        Files.writeString(manifest, Files.readString(manifest) + "\n# edited\n");
        assertThat(VerifyGoal.fromCache(request)).isEmpty();
    }

    /**
     * The point of answering in Maven's JVM: a class loader of its own (as Maven's plugin realm is) that
     * answers from a warm cache loads no class of GraalJS or Truffle, while checking loads them.
     */
    @Test
    void fromCache_loadsNoGraalJsClass_whereCheckingDoes() throws Exception {
        VerifyGoal.run(request(basedir));

        Set<String> probing = ConcurrentHashMap.newKeySet();
        try (Recording loader = new Recording(probing)) {
            assertThat(Probe.call(loader, basedir, true))
                    .as("answer from the cache")
                    .startsWith("2 manifests");
        }
        Set<String> checking = ConcurrentHashMap.newKeySet();
        // a second copy of Truffle in one JVM cannot load its native library again, and says so
        String action = "polyglotimpl.AttachLibraryFailureAction";
        String before = System.getProperty(action);
        System.setProperty(action, "ignore");
        try (Recording loader = new Recording(checking)) {
            Probe.call(loader, basedir, false);
        } finally {
            if (before == null) {
                System.clearProperty(action);
            } else {
                System.setProperty(action, before);
            }
        }

        assertThat(probing)
                .contains(
                        "dev.releasepolicy.maven.VerifyGoal",
                        "dev.releasepolicy.core.verify.ResultCache") // the recording works
                .noneMatch(VerifyFromCacheTest::graalJs);
        assertThat(checking).as("checking starts the engine").anyMatch(VerifyFromCacheTest::graalJs);
    }

    private static boolean graalJs(String className) {
        return className.startsWith("org.graalvm.") || className.startsWith("com.oracle.truffle.");
    }

    /** Runs the goal in a class loader of the test's own class path, without the test's loader as parent. */
    public static final class Probe {
        private Probe() {}

        /** The summary of the answer, {@code miss} when the cache did not answer. */
        public static String run(String basedir, boolean fromCache) {
            VerifyGoal.Request request = request(Path.of(basedir));
            return fromCache
                    ? VerifyGoal.fromCache(request)
                            .map(VerifyGoal.Result::summary)
                            .orElse("miss")
                    : VerifyGoal.run(request(Path.of(basedir), Optional.empty()))
                            .summary();
        }

        static String call(ClassLoader loader, Path basedir, boolean fromCache) throws Exception {
            return (String) Class.forName(Probe.class.getName(), true, loader)
                    .getMethod("run", String.class, boolean.class)
                    .invoke(null, basedir.toString(), fromCache);
        }
    }

    /** Loads the test's class path itself (parent: the platform loader) and records every class it defines. */
    private static final class Recording extends URLClassLoader {
        private final Set<String> loaded;

        Recording(Set<String> loaded) throws Exception {
            super("recording", urls(), ClassLoader.getPlatformClassLoader());
            this.loaded = loaded;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> c = super.findClass(name);
            loaded.add(name);
            return c;
        }

        private static URL[] urls() throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : classPath()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }
    }

    private static String[] classPath() {
        // surefire's real class path (target/classes and the jars), not its one-jar launcher
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator);
    }

    private List<String> reports() throws Exception {
        List<String> out = new ArrayList<>();
        for (String name : REPORTS) {
            out.add(Files.readString(basedir.resolve("target/release-policy").resolve(name)));
        }
        return out;
    }

    private static VerifyGoal.Request request(Path basedir) {
        Path out = basedir.resolve("target/release-policy");
        return request(basedir, Optional.of(out.resolve("cache")));
    }

    private static VerifyGoal.Request request(Path basedir, Optional<Path> cache) {
        return new VerifyGoal.Request(
                basedir,
                List.of(basedir.resolve("release")),
                List.of(),
                Optional.empty(),
                Optional.of(Instant.parse(NOW)),
                false,
                FORMATS,
                basedir.resolve("target/release-policy"),
                cache);
    }

    private static DaemonClient client(Path directory) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : classPath()) {
            classpath.add(Path.of(entry));
        }
        return new DaemonClient(
                directory,
                classpath,
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Duration.ofMinutes(1),
                Duration.ofSeconds(60));
    }
}
