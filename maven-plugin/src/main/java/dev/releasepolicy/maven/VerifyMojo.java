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
     * The verify cache: the findings of a manifest file are stored here and reused while nothing that
     * decides them changed (the file, the policies, the configuration and its waivers, the plugin version,
     * the release-window verdict or instant a policy read). Keep it between CI runs to skip unchanged
     * manifests; see the README.
     */
    @Parameter(property = "release-policy.cache", defaultValue = "${project.build.directory}/release-policy/cache")
    private File cache;

    /** Checks every manifest again, without reading or writing the verify cache. */
    @Parameter(property = "release-policy.noCache", defaultValue = "false")
    private boolean noCache;

    /**
     * Checks in a verify daemon that stays up between builds, so that only the first build on a machine
     * pays the policy engine's start-up (about 2.5 s; later builds check in about 0.1 s): {@code auto}
     * (the default) uses it unless the environment variable {@code CI} is set, {@code true} always,
     * {@code false} never. The daemon is a JVM started with the plugin's own class path and the JDK
     * that runs Maven; it serves only its user (through a socket in a private folder), exits after
     * {@code daemonIdleTimeout} without a request, and runs the same code as the goal in Maven's JVM.
     * When it cannot be used, the goal says why and checks in Maven's JVM.
     */
    @Parameter(property = "release-policy.daemon", defaultValue = "auto")
    private String daemon;

    /**
     * How long the verify daemon waits for the next build before it exits: e.g. {@code 30m}, {@code 90s},
     * {@code 2h}.
     */
    @Parameter(property = "release-policy.daemonIdleTimeout", defaultValue = "30m")
    private String daemonIdleTimeout;

    /**
     * The verify daemon's private folder (socket, lock and log files). Default:
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
                outputDirectory.toPath().toAbsolutePath().normalize(),
                noCache || cache == null
                        ? Optional.empty()
                        : Optional.of(cache.toPath().toAbsolutePath().normalize()));
        VerifyGoal.Result result =
                DaemonClient.wanted(daemon, System.getenv("CI")) ? inDaemon(request) : VerifyGoal.run(request);
        result.lines().forEach(line -> FindingLog.emit(line, getLog()));
        record(new ReactorSummary.Entry(module, result.manifests(), result.errors(), result.warnings(), ""));
        return result.exitCode() == ExitCode.OK.code()
                ? GoalResult.ok(result.summary())
                : GoalResult.findings(result.summary());
    }

    private VerifyGoal.Result inDaemon(VerifyGoal.Request request) {
        Duration idle;
        try {
            idle = Durations.parse(daemonIdleTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("daemonIdleTimeout (release-policy.daemonIdleTimeout): " + e.getMessage());
        }
        DaemonClient client = new DaemonClient(
                DaemonClient.directory(daemonDirectory),
                daemonClasspath(),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                idle,
                Duration.ofSeconds(60));
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
