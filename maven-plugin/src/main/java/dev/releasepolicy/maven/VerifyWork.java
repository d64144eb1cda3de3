package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.window.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;

/**
 * The work of {@link VerifyMojo}: checks the project's release manifests through {@link VerifyGoal}
 * (in Maven's JVM, in a forked JVM or in the verify daemon, which run the same code), logs every
 * finding, records the module in the reactor summary and turns the exit code into a {@link GoalResult}.
 */
final class VerifyWork extends GoalWork {

    /** The goal's parameters. */
    private final VerifyMojo verify;

    VerifyWork(VerifyMojo mojo) {
        super(mojo);
        this.verify = mojo;
    }

    @Override
    protected GoalResult run() {
        String module = mojo.project.getArtifactId();
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
                verify.failOnWarning,
                verify.formats == null ? List.of() : verify.formats,
                mojo.outputDirectory.toPath().toAbsolutePath().normalize(),
                verify.noCache || verify.cache == null ? Optional.empty() : Optional.of(resolve(verify.cache)));
        VerifyGoal.Result result = switch (DaemonClient.mode(verify.daemon, System.getenv("CI"))) {
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

    /**
     * Answers from the verify cache in Maven's JVM when the stored result of every manifest still holds
     * (hashing the files and reading the cache: no policy engine, no schema, no second JVM), and forks a
     * JVM to check only when a manifest has to be checked.
     */
    private VerifyGoal.Result inFork(VerifyGoal.Request request) {
        // no cache folder yet (a clean build): nothing to look up, fork at once
        if (request.cacheDirectory().filter(Files::isDirectory).isPresent()) {
            Optional<VerifyGoal.Result> cached = VerifyGoal.fromCache(request);
            if (cached.isPresent()) {
                getLog().debug(MojoErrors.PREFIX + "every manifest's result is in the verify cache: answered in"
                        + " Maven's JVM without forking one");
                return cached.get();
            }
        }
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
                DaemonClient.directory(verify.daemonDirectory),
                daemonClasspath(),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                idle,
                Duration.ofSeconds(60),
                verify.plugin.getVersion() == null ? "" : verify.plugin.getVersion());
    }

    private VerifyGoal.Result inDaemon(VerifyGoal.Request request) {
        Duration idle;
        try {
            idle = Durations.parse(verify.daemonIdleTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("daemonIdleTimeout (release-policy.daemonIdleTimeout): " + e.getMessage());
        }
        DaemonClient client = client(idle);
        try {
            return client.verify(
                    request,
                    pid -> getLog().info(MojoErrors.PREFIX + "started the verify daemon (pid "
                            + pid + ") so that later builds skip the policy engine's start-up; it exits after "
                            + verify.daemonIdleTimeout
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
        if (verify.plugin.getPluginArtifact() != null
                && verify.plugin.getPluginArtifact().getFile() != null) {
            jars.add(verify.plugin.getPluginArtifact().getFile().toPath());
        }
        for (Artifact a : verify.plugin.getArtifacts()) {
            if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
                jars.add(a.getFile().toPath());
            }
        }
        return List.copyOf(jars);
    }

    @Override
    protected void skipped() {
        record(new ReactorSummary.Entry(mojo.project.getArtifactId(), 0, 0, 0, "skipped"));
    }

    private void record(ReactorSummary.Entry entry) {
        ReactorSummary.record(mojo.session, mojo.project, mojo.mojoExecution, entry, getLog());
    }
}
