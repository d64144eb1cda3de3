package dev.releasepolicy.maven;

import java.io.File;
import java.util.List;
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
 * {@code VerifyOptions} and call {@code VerifyRunner} (here through {@code VerifyGoal}, which the
 * verify daemon runs too, see {@code daemon}). A module without a {@code release/} folder
 * (and no {@code manifests} configured) is skipped with an info line, so the plugin can be declared
 * once in a parent POM of a multi-module build.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public final class VerifyMojo extends ReleasePolicyMojo {

    /** Fails the build on warnings too, not only on errors. */
    @Parameter(property = "release-policy.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * Report formats written to {@code outputDirectory}: {@code json} (release-policy.json),
     * {@code sarif} (release-policy.sarif, for code scanning), {@code junit}
     * (TEST-release-policy.xml, for CI test views), {@code markdown} (release-policy.md, a summary
     * for pull requests), {@code text}, {@code github}. A format this version does not know is
     * skipped with a warning. An empty list writes no files; findings are always logged.
     */
    @Parameter(property = "release-policy.formats", defaultValue = "json,sarif,junit,markdown")
    List<String> formats;

    /**
     * The verify cache: the findings of a manifest file are stored here and reused while nothing that
     * decides them changed (the file, the policies, the configuration and its waivers, the plugin version,
     * the release-window verdict or instant a policy read). Keep it between CI runs to skip unchanged
     * manifests; see the README.
     */
    @Parameter(property = "release-policy.cache", defaultValue = "${project.build.directory}/release-policy/cache")
    File cache;

    /** Checks every manifest again, without reading or writing the verify cache. */
    @Parameter(property = "release-policy.noCache", defaultValue = "false")
    boolean noCache;

    /**
     * Where verify checks. {@code fork} (the default): when every manifest's result is in the verify
     * cache, nowhere (the goal answers from the cache in Maven's JVM, without the policy engine); else in
     * a JVM of its own that the build starts and waits for, so no process outlives the build; on JDK 25
     * and newer it starts from an AOT cache of the policy engine's classes (about 60 MB in
     * {@code daemonDirectory}, made by the first such build of a plugin version, which takes a few seconds
     * longer) and checks in about a third of the CPU time Maven's JVM takes.
     * {@code true}: in the verify daemon, a JVM that stays up between builds (exits after
     * {@code daemonIdleTimeout} without a request), so later builds check in about 0.1 s. {@code false}:
     * in Maven's JVM. {@code auto}: the daemon, except when the environment variable {@code CI} is set
     * (then Maven's JVM). In CI {@code fork} checks in Maven's JVM until an AOT cache exists. All run the
     * same code; when a forked JVM or the daemon cannot be used, the goal says why and checks in Maven's
     * JVM.
     */
    @Parameter(property = "release-policy.daemon", defaultValue = "fork")
    String daemon;

    /**
     * How long the verify daemon waits for the next build before it exits: e.g. {@code 30m}, {@code 90s},
     * {@code 2h}.
     */
    @Parameter(property = "release-policy.daemonIdleTimeout", defaultValue = "30m")
    String daemonIdleTimeout;

    /**
     * The private folder of the verify daemon and the forked verify JVM (socket, lock, log and AOT cache
     * files). Default:
     * {@code $XDG_CACHE_HOME/release-policy/daemon}, else {@code ~/.cache/release-policy/daemon}.
     */
    @Parameter(property = "release-policy.daemonDirectory")
    File daemonDirectory;

    /** The plugin's own artifacts (read-only; the verify daemon's class path). */
    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;
}
