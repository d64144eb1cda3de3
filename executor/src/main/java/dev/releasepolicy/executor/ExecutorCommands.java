package dev.releasepolicy.executor;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.plan.PolicySetDigest;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditVerification;
import dev.releasepolicy.executor.audit.FileAuditSink;
import dev.releasepolicy.executor.dryrun.DryRun;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Fabric8Cluster;
import dev.releasepolicy.executor.kube.KubeClients;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.run.Analyzer;
import dev.releasepolicy.executor.run.AuditingListener;
import dev.releasepolicy.executor.run.ExecutionListener;
import dev.releasepolicy.executor.run.ExecutorSettings;
import dev.releasepolicy.executor.run.MetricAnalyzer;
import dev.releasepolicy.executor.run.NotifyingListener;
import dev.releasepolicy.executor.run.Outcome;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.run.ReleaseExecutor;
import dev.releasepolicy.executor.state.ClusterAuditSink;
import dev.releasepolicy.executor.state.RefusedException;
import dev.releasepolicy.executor.state.StateStore;
import dev.releasepolicy.executor.status.StatusText;
import dev.releasepolicy.executor.wait.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The executor's entry points for the front ends ({@code apply}, {@code resume}, {@code approve},
 * {@code rollback}, {@code status}): each reads its inputs, runs the {@link ReleaseExecutor} or the
 * {@link DryRun}, prints, and returns the exit code. CLI commands and Mojos only parse options.
 *
 * <p>Exit codes: {@value #EXIT_OK} done, or stopped at a planned wait or approval;
 * {@value #EXIT_ROLLED_BACK} the release failed and was rolled back (or the rollback failed);
 * {@value #EXIT_TOOL} a usage or tool error (unreadable plan, unreachable cluster);
 * {@value #EXIT_REFUSED} refused, nothing changed (another release in progress, stale plan, nothing to do).
 */
public final class ExecutorCommands {

    public static final int EXIT_OK = dev.releasepolicy.core.options.ExitCode.OK.code();
    public static final int EXIT_ROLLED_BACK = dev.releasepolicy.core.options.ExitCode.ROLLED_BACK.code();
    public static final int EXIT_TOOL = dev.releasepolicy.core.options.ExitCode.USAGE.code();
    public static final int EXIT_REFUSED = dev.releasepolicy.core.options.ExitCode.REFUSED.code();

    /**
     * Where the cluster is: a kubeconfig file and context (both optional: the usual defaults), and an
     * optional local file that receives a copy of the audit trail (the cluster always keeps one).
     */
    public record Target(Optional<Path> kubeconfig, Optional<String> context, Optional<Path> auditLog) {

        /** A cluster without a local audit file. */
        public Target(Optional<Path> kubeconfig, Optional<String> context) {
            this(kubeconfig, context, Optional.empty());
        }
    }

    private final Function<Target, KubernetesClient> clients;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorSettings settings;
    private final Analyzer analyzer;
    private final ExecutionListener listener;

    /** The real thing: fabric8 clients from kubeconfig, the system clock, real sleeps. */
    public ExecutorCommands() {
        this(
                t -> KubeClients.create(t.kubeconfig(), t.context()),
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                ExecutorSettings.defaults(),
                MetricAnalyzer.fromPlans(Clock.systemUTC()),
                NotifyingListener.fromPlans(Clock.systemUTC()));
    }

    public ExecutorCommands(
            Function<Target, KubernetesClient> clients,
            Clock clock,
            Sleeper sleeper,
            ExecutorSettings settings,
            Analyzer analyzer,
            ExecutionListener listener) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
        this.settings = settings;
        this.analyzer = analyzer;
        this.listener = listener;
    }

    /**
     * These commands, staying in the process through every timed wait ({@code --watch}): the steps'
     * automatic-rollback triggers are watched the whole time, at the price of a process that runs as
     * long as the release.
     */
    public ExecutorCommands stayingThroughWaits() {
        return new ExecutorCommands(clients, clock, sleeper, settings.stayingThroughWaits(), analyzer, listener);
    }

    /** The commands for {@code --watch} (CLI) and {@code release-policy.watch} (Maven): staying through waits or not. */
    public static ExecutorCommands watching(boolean watch) {
        ExecutorCommands commands = new ExecutorCommands();
        return watch ? commands.stayingThroughWaits() : commands;
    }

    /**
     * The rules a plan is checked against before it runs: the policy folders and configuration file
     * given to {@code plan} (the configuration defaults to {@code .release-policy.yaml} here, if present).
     */
    public record Rules(List<Path> policyDirs, Optional<Path> config) {

        public Rules {
            policyDirs = List.copyOf(policyDirs);
        }
    }

    /** {@code apply} without checking the plan's policy set (the caller has just made the plan). */
    public int apply(
            Path planFile,
            boolean dryRun,
            boolean serverDryRun,
            boolean offline,
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal) {
        return apply(planFile, Optional.empty(), dryRun, serverDryRun, offline, target, out, err, terminal);
    }

    /**
     * {@code apply PLAN [--dry-run [--server-dry-run]] [--offline] [--policies DIR]... [--config FILE]}.
     * Refused as stale when the plan's manifest changed since planning, or, with {@code rules}, when
     * the policy set (schema, policy files, configuration) differs from the one it was planned with.
     *
     * @param offline dry run without looking for a cluster
     */
    public int apply(
            Path planFile,
            Optional<Rules> rules,
            boolean dryRun,
            boolean serverDryRun,
            boolean offline,
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal) {
        if (offline && !dryRun) {
            return tool(err, "--offline only goes with --dry-run: a release cannot be applied without a cluster");
        }
        Plan plan;
        try {
            plan = PlanCodec.read(planFile.toString(), Files.readString(planFile, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return tool(err, planFile + ": no such file");
        } catch (IOException e) {
            return tool(err, "cannot read " + planFile + ": " + e.getMessage());
        } catch (UsageException e) {
            return tool(err, e.getMessage());
        }
        String source = plan.metadata().source();
        String planned = plan.fingerprint().manifestDigest();
        Optional<String> current = source.isEmpty() ? Optional.empty() : currentManifestDigest(Path.of(source));
        if (current.isPresent() && !current.get().equals(planned)) {
            err.println("release-policy: refusing stale plan " + planFile + " (fingerprint "
                    + plan.fingerprint().value()
                    + "): it was made from another version of " + source + " (manifest digest then "
                    + planned + ", now " + current.get() + "); run 'release-policy plan' again");
            err.flush();
            return EXIT_REFUSED;
        }
        if (!source.isEmpty() && current.isEmpty()) {
            err.println("release-policy: warning: cannot check " + planFile + " against its manifest: " + source
                    + " is not readable from here (run apply where plan ran to have a changed manifest refused)");
            err.flush();
        }
        if (rules.isPresent()) {
            Optional<String> stale = staleRules(plan, rules.get());
            if (stale.isPresent()) {
                err.println("release-policy: refusing stale plan " + planFile + " (fingerprint "
                        + plan.fingerprint().value()
                        + "): "
                        + stale.get() + "; run 'release-policy plan' again (or give apply the same --policies and"
                        + " --config as plan)");
                err.flush();
                return EXIT_REFUSED;
            }
        }
        if (dryRun) {
            return dryRun(plan, serverDryRun, offline, target, out, err);
        }
        return run(target, out, err, terminal, exec -> exec.apply(plan));
    }

    /**
     * The digest of a manifest file's content as the plan's fingerprint records it
     * ({@code fingerprint.manifestDigest}), or empty when the file does not exist or holds no single
     * release. Only the manifest part is recomputed: the rule set a plan was made under depends on
     * options ({@code --policies}, {@code --config}) that {@code apply} may not have.
     */
    static Optional<String> currentManifestDigest(Path manifestFile) {
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        LoadedFile loaded = new ManifestLoader().load(manifestFile, manifestFile.toString());
        List<Manifest> releases = loaded.manifests().stream()
                .filter(m -> "Release".equals(m.kind()))
                .toList();
        if (releases.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(Fingerprint.of(releases.get(0).tree(), PolicySetDigest.current(), ToolVersion.get())
                .manifestDigest());
    }

    /** Why the plan was made under other rules than {@code rules} give now, if it was. */
    private static Optional<String> staleRules(Plan plan, Rules rules) {
        Optional<String> planned = plan.steps().stream()
                .filter(s -> s.action() == Action.PRECHECK_POLICY)
                .findFirst()
                .map(s -> s.parameters().path("policySetDigest").asString(""))
                .filter(d -> !d.isEmpty());
        if (planned.isEmpty()) {
            return Optional.empty();
        }
        PolicyConfig config = PolicyConfig.loadDefault(rules.config());
        String now;
        try {
            now = PolicySetDigest.of(PolicyCheck.files(rules.policyDirs(), config), config);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (now.equals(planned.get())) {
            return Optional.empty();
        }
        return Optional.of("it was made under other rules (policy set digest then " + planned.get() + ", now " + now
                + "): the policies, their configuration or the schema changed since");
    }

    /**
     * A dry run against the cluster, or offline. It falls back to offline only when no cluster answers
     * (no kubeconfig, nothing listening): an answer that refuses (403, ...) is an error, and so is any
     * other failure; {@code --server-dry-run} needs a cluster and is an error without one.
     */
    private int dryRun(
            Plan plan, boolean serverDryRun, boolean offline, Target target, PrintWriter out, PrintWriter err) {
        if (offline) {
            if (serverDryRun) {
                return tool(err, "--server-dry-run needs a cluster: it cannot go with --offline");
            }
            new DryRun(Optional.empty(), false).print(plan, out);
            out.flush();
            return EXIT_OK;
        }
        try (KubernetesClient client = clients.apply(target)) {
            Cluster cluster = new Fabric8Cluster(client);
            try {
                cluster.get(StateStore.ref(plan.namespace(), plan.application()));
            } catch (ClusterException e) {
                if (e.code() != 0 || serverDryRun) {
                    return clusterFailure(err, e, target);
                }
                err.println("release-policy: no cluster reachable (" + e.getMessage() + "): dry run offline");
                err.flush();
                new DryRun(Optional.empty(), false).print(plan, out);
                out.flush();
                return EXIT_OK;
            }
            new DryRun(Optional.of(cluster), serverDryRun).print(plan, out);
            out.flush();
            return EXIT_OK;
        } catch (ClusterException e) {
            return clusterFailure(err, e, target);
        }
    }

    /** {@code resume APPLICATION}. */
    public int resume(
            String application, String namespace, Target target, PrintWriter out, PrintWriter err, boolean terminal) {
        return run(target, out, err, terminal, exec -> exec.resume(namespace, application));
    }

    /** {@code approve APPLICATION} as the operating-system user. */
    public int approve(
            String application, String namespace, Target target, PrintWriter out, PrintWriter err, boolean terminal) {
        return approve(application, namespace, null, target, out, err, terminal);
    }

    /** {@code approve APPLICATION [--as APPROVER]}; no approver (null) is the operating-system user. */
    public int approve(
            String application,
            String namespace,
            String approver,
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal) {
        return run(target, out, err, terminal, exec -> exec.approve(namespace, application, approver));
    }

    /** {@code rollback APPLICATION}. */
    public int rollback(
            String application,
            String namespace,
            String reason,
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal) {
        // A rollback that was asked for and completed is this command's success.
        return run(
                target,
                out,
                err,
                terminal,
                exec -> exec.rollback(namespace, application, reason),
                o -> o.result() == Outcome.Result.ROLLED_BACK
                        ? EXIT_OK
                        : o.result().exitCode());
    }

    /** {@code status APPLICATION}. */
    public int status(String application, String namespace, Target target, PrintWriter out, PrintWriter err) {
        try (KubernetesClient client = clients.apply(target)) {
            out.print(StatusText.render(executor(client, Progress.SILENT).status(namespace, application)));
            out.flush();
            return EXIT_OK;
        } catch (RefusedException e) {
            return refused(err, e);
        } catch (ClusterException e) {
            return clusterFailure(err, e, target);
        }
    }

    /**
     * {@code audit export APPLICATION}: prints the cluster's copy of the application's audit trail (JSON
     * lines) to {@code out} and its verification to {@code err}. Exit 0 intact, 1 tampered, 2 tool error,
     * 3 no trail.
     */
    public int auditExport(String application, String namespace, Target target, PrintWriter out, PrintWriter err) {
        try (KubernetesClient client = clients.apply(target)) {
            Retrier retrier = new Retrier(settings.retry(), sleeper, m -> {});
            ClusterAuditSink sink = new ClusterAuditSink(new Fabric8Cluster(client), retrier, namespace, application);
            List<String> lines = sink.lines();
            if (lines.isEmpty()) {
                err.println("release-policy: no audit trail for " + application + " in namespace " + namespace + " ("
                        + sink + " does not exist): has it been released with 'release-policy apply'?");
                err.flush();
                return EXIT_REFUSED;
            }
            lines.forEach(out::println);
            out.flush();
            AuditVerification v = AuditLog.verify(lines);
            err.println("audit trail " + sink + ": " + v.message());
            err.flush();
            return v.intact() ? EXIT_OK : EXIT_ROLLED_BACK;
        } catch (ClusterException e) {
            return clusterFailure(err, e, target);
        }
    }

    private int run(
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal,
            Function<ReleaseExecutor, Outcome> action) {
        return run(target, out, err, terminal, action, o -> o.result().exitCode());
    }

    private int run(
            Target target,
            PrintWriter out,
            PrintWriter err,
            boolean terminal,
            Function<ReleaseExecutor, Outcome> action,
            Function<Outcome, Integer> exitCode) {
        try (KubernetesClient client = clients.apply(target)) {
            Progress progress = terminal ? Progress.terminal(out) : Progress.plain(out);
            Outcome o = action.apply(executor(client, progress, target.auditLog(), err));
            out.println(
                    switch (o.result()) {
                        case SUCCEEDED -> "Done: " + o.message();
                        case WAITING, AWAITING_APPROVAL -> "Stopped: " + o.message();
                        case ROLLED_BACK -> "Rolled back: " + o.message();
                        case ROLLBACK_FAILED -> "Rollback FAILED: " + o.message();
                    });
            out.flush();
            return exitCode.apply(o);
        } catch (RefusedException e) {
            return refused(err, e);
        } catch (ClusterException e) {
            return clusterFailure(err, e, target);
        }
    }

    private ReleaseExecutor executor(KubernetesClient client, Progress progress) {
        return new ReleaseExecutor(
                new Fabric8Cluster(client), clock, sleeper, settings, Readiness.STATUS, analyzer, listener, progress);
    }

    /** An executor that also writes the audit trail: to the cluster beside the state, and to {@code auditLog}. */
    private ReleaseExecutor executor(
            KubernetesClient client, Progress progress, Optional<Path> auditLog, PrintWriter err) {
        Cluster cluster = new Fabric8Cluster(client);
        Retrier retrier = new Retrier(settings.retry(), sleeper, progress::line);
        AuditingListener audit = new AuditingListener(
                plan -> {
                    Redactor redactor = NotifyingListener.redactorOf(plan);
                    List<AuditLog> trails = new ArrayList<>();
                    trails.add(new AuditLog(
                            new ClusterAuditSink(cluster, retrier, plan.namespace(), plan.application()),
                            clock,
                            redactor));
                    auditLog.ifPresent(f -> trails.add(new AuditLog(new FileAuditSink(f), clock, redactor)));
                    return trails;
                },
                clock,
                settings.holder(),
                message -> {
                    err.println("release-policy: warning: " + message);
                    err.flush();
                });
        return new ReleaseExecutor(
                cluster,
                clock,
                sleeper,
                settings,
                Readiness.STATUS,
                analyzer,
                ExecutionListener.both(listener, audit),
                progress);
    }

    private static int refused(PrintWriter err, RefusedException e) {
        err.println("release-policy: " + e.getMessage());
        err.flush();
        return EXIT_REFUSED;
    }

    /** A failed API request; when no answer came at all, how to point the command at the cluster. */
    private static int clusterFailure(PrintWriter err, ClusterException e, Target target) {
        if (e.code() == 0) {
            return tool(
                    err,
                    e.getMessage() + "\n  hint: no answer from the Kubernetes API of "
                            + target.kubeconfig()
                                    .map(p -> "kubeconfig " + p)
                                    .orElse("the default kubeconfig ($KUBECONFIG, ~/.kube/config)")
                            + target.context().map(c -> ", context " + c).orElse(", current context")
                            + ": check --kubeconfig and --context, and that the cluster is reachable from here");
        }
        return tool(err, e.getMessage());
    }

    private static int tool(PrintWriter err, String message) {
        err.println("release-policy: " + message);
        err.flush();
        return EXIT_TOOL;
    }
}
