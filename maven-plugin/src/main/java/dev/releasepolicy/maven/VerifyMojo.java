package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.window.Durations;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the project's release manifests against the release-manifest schema and the policies
 * (built-in and the team's own), logs every finding as
 * {@code [ERROR] release/api.yaml:12:5 policy-id message (hint)}, writes the reports to
 * {@code target/release-policy/}, and fails the build when a finding is an error (or a warning,
 * with {@code failOnWarning}). Bound to the {@code validate} phase by default.
 *
 * <p>The same checks as {@code release-policy verify} on the command line: both fill in
 * {@code VerifyOptions} and call {@code VerifyRunner} (here through {@link VerifyGoal}, which the
 * verify daemon runs too, see {@code daemon}). A module without a {@code release/} folder
 * (and no {@code manifests} configured) is skipped with an info line, so the plugin can be declared
 * once in a parent POM of a multi-module build.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public final class VerifyMojo extends ReleasePolicyMojo {

    /** Fails the build on warnings too, not only on errors. */
    @Parameter(property = "release-policy.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /**
     * Report formats written to {@code outputDirectory}: {@code json} (release-policy.json),
     * {@code sarif} (release-policy.sarif, for code scanning), {@code junit}
     * (TEST-release-policy.xml, for CI test views), {@code markdown} (release-policy.md, a summary
     * for pull requests), {@code text}, {@code github}. A format this version does not know is
     * skipped with a warning. An empty list writes no files; findings are always logged.
     */
    @Parameter(property = "release-policy.formats", defaultValue = "json,sarif,junit,markdown")
    private List<String> formats;

    /**
     * Where verify checks. {@code fork} (the default): in a JVM of its own that the build starts and waits
     * for, so no process outlives the build; on JDK 25 and newer it starts from an AOT cache of the
     * policy engine's classes (about 60 MB in {@code daemonDirectory}, made by the first such build of a
     * plugin version, which takes a few seconds longer) and checks in about half the time Maven's JVM
     * takes. {@code true}: in the verify daemon, a JVM that stays up between builds (exits after
     * {@code daemonIdleTimeout} without a request), so later builds check in about 0.1 s. {@code false}:
     * in Maven's JVM. {@code auto}: the daemon, except when the environment variable {@code CI} is set
     * (then Maven's JVM). In CI {@code fork} checks in Maven's JVM until an AOT cache exists. All run the same code; when a forked JVM or the daemon cannot be used, the
     * goal says why and checks in Maven's JVM.
     */
    @Parameter(property = "release-policy.daemon", defaultValue = "fork")
    private String daemon;

    /**
     * How long the verify daemon waits for the next build before it exits: e.g. {@code 30m}, {@code 90s},
     * {@code 2h}.
     */
    @Parameter(property = "release-policy.daemonIdleTimeout", defaultValue = "30m")
    private String daemonIdleTimeout;

    /**
     * The private folder of the verify daemon and the forked verify JVM (socket, lock, log and AOT cache
     * files). Default:
     * {@code $XDG_CACHE_HOME/release-policy/daemon}, else {@code ~/.cache/release-policy/daemon}.
     */
    @Parameter(property = "release-policy.daemonDirectory")
    private File daemonDirectory;

    /** The plugin's own artifacts (read-only; the verify daemon's class path). */
    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Override
    protected GoalResult run() {
        String module = project.getArtifactId();
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            record(new ReactorSummary.Entry(module, 0, 0, 0, "no manifests, skipped"));
            return GoalResult.ok("no manifests, nothing to check");
        }
        VerifyGoal.Request request = new VerifyGoal.Request(
                basedir(),
                manifestPaths(),
                policyPaths(),
                configPath(),
                Optional.of(nowInstant().orElseGet(Instant::now)),
                failOnWarning,
                formats == null ? List.of() : formats,
                outputDirectory.toPath().toAbsolutePath().normalize());
        VerifyGoal.Result result = switch (DaemonClient.mode(daemon, System.getenv("CI"))) {
            case FORK -> inFork(request);
            case DAEMON -> inDaemon(request);
            case MAVEN -> VerifyGoal.run(request);
        };
        result.lines().forEach(line -> FindingLog.emit(line, getLog()));
        record(new ReactorSummary.Entry(module, result.manifests(), result.errors(), result.warnings(), ""));
        return result.exitCode() == ExitCode.OK.code()
                ? GoalResult.ok(result.summary())
                : GoalResult.findings(result.summary());
    }

    private VerifyGoal.Result inFork(VerifyGoal.Request request) {
        if (Runtime.version().feature() < 25) {
            // without an AOT cache a forked JVM pays the whole start-up again: Maven's JVM is as fast
            return VerifyGoal.run(request);
        }
        DaemonClient client = client(Duration.ZERO);
        if (DaemonClient.inCi(System.getenv("CI")) && !client.hasAotCache()) {
            // a CI job is usually a fresh machine and one build: making the cache would cost more than it
            // saves (keeping daemonDirectory in the CI cache brings it back, see the README)
            return VerifyGoal.run(request);
        }
        try {
            return client.fork(
                    request,
                    () -> getLog().info(MojoErrors.PREFIX
                            + "making the AOT cache of the verify JVM (once per plugin version and JDK;"
                            + " later builds start from it)"));
        } catch (DaemonClient.Unavailable e) {
            getLog().info(MojoErrors.PREFIX + "checking in Maven's JVM: " + e.getMessage());
            return VerifyGoal.run(request);
        }
    }

    private DaemonClient client(Duration idle) {
        return new DaemonClient(
                DaemonClient.directory(daemonDirectory),
                daemonClasspath(),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                idle,
                Duration.ofSeconds(60),
                plugin.getVersion() == null ? "" : plugin.getVersion());
    }

    private VerifyGoal.Result inDaemon(VerifyGoal.Request request) {
        Duration idle;
        try {
            idle = Durations.parse(daemonIdleTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("daemonIdleTimeout (release-policy.daemonIdleTimeout): " + e.getMessage());
        }
        DaemonClient client = client(idle);
        try {
            return client.verify(
                    request,
                    pid -> getLog().info(MojoErrors.PREFIX + "started the verify daemon (pid "
                            + pid + ") so that later builds skip the policy engine's start-up; it exits after "
                            + daemonIdleTimeout
                            + " without a build (-Drelease-policy.daemon=false checks in Maven's JVM)"));
        } catch (DaemonClient.Unavailable e) {
            getLog().info(MojoErrors.PREFIX + "checking in Maven's JVM: the verify daemon is not available: "
                    + e.getMessage());
            return VerifyGoal.run(request);
        }
    }

    /** The plugin's jar first, then its dependencies' jars, as Maven resolved them for this build. */
    private List<Path> daemonClasspath() {
        Set<Path> jars = new LinkedHashSet<>();
        if (plugin.getPluginArtifact() != null && plugin.getPluginArtifact().getFile() != null) {
            jars.add(plugin.getPluginArtifact().getFile().toPath());
        }
        for (Artifact a : plugin.getArtifacts()) {
            if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
                jars.add(a.getFile().toPath());
            }
        }
        return List.copyOf(jars);
    }

    @Override
    protected void skipped() {
        record(new ReactorSummary.Entry(project.getArtifactId(), 0, 0, 0, "skipped"));
    }

    private void record(ReactorSummary.Entry entry) {
        ReactorSummary.record(session, project, mojoExecution, entry, getLog());
    }
}
