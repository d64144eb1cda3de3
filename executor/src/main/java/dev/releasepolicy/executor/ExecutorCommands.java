package dev.releasepolicy.executor;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditVerification;
import dev.releasepolicy.executor.dryrun.DryRun;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Fabric8Cluster;
import dev.releasepolicy.executor.kube.KubeClients;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.run.Analyzer;
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
import dev.releasepolicy.executor.status.StatusView;
import dev.releasepolicy.executor.wait.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The executor's entry points for the front ends ({@code apply}, {@code resume}, {@code approve},
 * {@code rollback}, {@code status}, {@code audit export}): each reads its inputs, runs the
 * {@link ReleaseExecutor} or the {@link DryRun}, and returns a {@link CommandOutcome} with its exit
 * code. Nothing here prints: progress during a run goes to the {@link Progress} the caller passes, and
 * the CLI commands and Mojos render the outcome.
 */
public final class ExecutorCommands {

    /**
     * Where the cluster is: a kubeconfig file and context (both optional: the usual defaults), and an
     * optional local file that receives a copy of the audit trail (the cluster always keeps one).
     */
    public record Target(Optional<Path> kubeconfig, Optional<String> context, Optional<Path> auditLog) {

        /** A cluster without a local audit file. */
        public Target(Optional<Path> kubeconfig, Optional<String> context) {
            this(kubeconfig, context, Optional.empty());
        }

        /**
         * The namespace a command acts in: {@code given} ({@code -n}), else the namespace of the kubeconfig
         * context, as kubectl takes it, else {@code default}.
         *
         * @throws UsageException when the kubeconfig cannot be read or {@code --context} names no context
         */
        public String namespace(Optional<String> given) {
            return KubeClients.namespace(given, kubeconfig, context);
        }
    }

    private final Function<Target, KubernetesClient> clients;
    private final Executors executors;

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
        this(clients, new Executors(clock, sleeper, settings, analyzer, listener));
    }

    private ExecutorCommands(Function<Target, KubernetesClient> clients, Executors executors) {
        this.clients = clients;
        this.executors = executors;
    }

    /**
     * These commands, staying in the process through every timed wait ({@code --watch}): the steps'
     * automatic-rollback triggers are watched the whole time, at the price of a process that runs as
     * long as the release.
     */
    public ExecutorCommands stayingThroughWaits() {
        return new ExecutorCommands(clients, executors.stayingThroughWaits());
    }

    /**
     * The commands for {@code --watch} (CLI) and {@code release-policy.watch} (Maven): staying through
     * waits or not.
     */
    public static ExecutorCommands watching(boolean watch) {
        return new ExecutorCommands().watchingIf(watch);
    }

    private ExecutorCommands watchingIf(boolean watch) {
        return watch ? stayingThroughWaits() : this;
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

    /**
     * {@code apply PLAN [--dry-run [--server-dry-run]] [--offline] [--policies DIR]... [--config FILE]}.
     * Refused as stale when the plan's manifest changed since planning, or, with rules, when the
     * policy set (schema, policy files, configuration) differs from the one it was planned with.
     */
    public CommandOutcome apply(ApplyRequest request, Progress progress) {
        Plan plan;
        List<String> warnings = new ArrayList<>();
        try {
            plan = PlanChecks.read(request.planFile());
            Optional<String> stale = PlanChecks.stale(request.planFile(), plan, request.rules(), warnings);
            if (stale.isPresent()) {
                return CommandOutcome.refused(stale.get(), warnings);
            }
        } catch (UsageException e) {
            return CommandOutcome.failed(e.getMessage()).withWarnings(warnings);
        }
        ExecutorCommands commands = watchingIf(request.watch());
        CommandOutcome outcome = switch (request.mode()) {
            case DRY_RUN_OFFLINE -> CommandOutcome.dryRun(DryRunText.offline(plan), List.of());
            case DRY_RUN -> commands.dryRun(plan, false, request.target());
            case SERVER_DRY_RUN -> commands.dryRun(plan, true, request.target());
            case APPLY -> commands.run(request.target(), progress, exec -> exec.apply(plan), ExitCode.ROLLED_BACK);
        };
        return outcome.withWarnings(warnings);
    }

    /**
     * A dry run against the cluster. It falls back to offline only when no cluster answers (no
     * kubeconfig, nothing listening): an answer that refuses (403, ...) is an error, and so is any other
     * failure; {@code --server-dry-run} needs a cluster and is an error without one.
     */
    private CommandOutcome dryRun(Plan plan, boolean serverDryRun, Target target) {
        try (KubernetesClient client = clients.apply(target)) {
            Cluster cluster = new Fabric8Cluster(client);
            try {
                cluster.get(StateStore.ref(plan.namespace(), plan.application()));
            } catch (ClusterException e) {
                if (e.code() != 0 || serverDryRun) {
                    throw e;
                }
                return CommandOutcome.dryRun(
                        DryRunText.offline(plan),
                        List.of("no cluster reachable (" + e.getMessage() + "): dry run offline"));
            }
            return CommandOutcome.dryRun(
                    DryRunText.of(new DryRun(Optional.of(cluster), serverDryRun), plan), List.of());
        } catch (ClusterException e) {
            return Failures.outcome(e, target);
        }
    }

    /** {@code resume APPLICATION}. */
    public CommandOutcome resume(String application, String namespace, Target target, Progress progress) {
        return run(target, progress, exec -> exec.resume(namespace, application), ExitCode.ROLLED_BACK);
    }

    /** {@code approve APPLICATION [--as APPROVER]}; no approver is the operating-system user. */
    public CommandOutcome approve(
            String application, String namespace, Optional<String> approver, Target target, Progress progress) {
        return run(
                target,
                progress,
                exec -> exec.approve(namespace, application, approver.orElse(null)),
                ExitCode.ROLLED_BACK);
    }

    /** {@code rollback APPLICATION}: a rollback that was asked for and completed is this command's success. */
    public CommandOutcome rollback(
            String application, String namespace, String reason, Target target, Progress progress) {
        return run(target, progress, exec -> exec.rollback(namespace, application, reason), ExitCode.OK);
    }

    /** {@code status APPLICATION}. */
    public CommandOutcome status(String application, String namespace, Target target) {
        try (KubernetesClient client = clients.apply(target)) {
            StatusView view = executors.plain(client, Progress.SILENT).status(namespace, application);
            return new CommandOutcome(
                    CommandOutcome.Kind.STATUS,
                    ExitCode.OK,
                    "",
                    List.of(),
                    List.of(),
                    Optional.of(new CommandOutcome.Status(view)));
        } catch (RefusedException | ClusterException e) {
            return Failures.outcome(e, target);
        }
    }

    /**
     * {@code audit export APPLICATION}: the cluster's copy of the application's audit trail (JSON lines)
     * as the output and its verification as the message. Exit 0 intact, 1 tampered, 2 tool error, 3 no trail.
     */
    public CommandOutcome auditExport(String application, String namespace, Target target) {
        try (KubernetesClient client = clients.apply(target)) {
            Retrier retrier = executors.quietRetrier();
            ClusterAuditSink sink = new ClusterAuditSink(new Fabric8Cluster(client), retrier, namespace, application);
            List<String> lines = sink.lines();
            if (lines.isEmpty()) {
                return CommandOutcome.refused(
                        "no audit trail for " + application + " in namespace " + namespace + " (" + sink
                                + " does not exist): has it been released with 'release-policy apply'?",
                        List.of());
            }
            AuditVerification v = AuditLog.verify(lines);
            return new CommandOutcome(
                    CommandOutcome.Kind.AUDIT_TRAIL,
                    v.intact() ? ExitCode.OK : ExitCode.FINDINGS,
                    "audit trail " + sink + ": " + v.message(),
                    List.of(),
                    List.of(),
                    Optional.of(new CommandOutcome.Text(String.join("\n", lines) + "\n")));
        } catch (ClusterException e) {
            return Failures.outcome(e, target);
        }
    }

    /** Runs one executor command; {@code rolledBack} is the exit code of a completed rollback. */
    private CommandOutcome run(
            Target target, Progress progress, Function<ReleaseExecutor, Outcome> action, ExitCode rolledBack) {
        try (KubernetesClient client = clients.apply(target)) {
            Outcome o = action.apply(executors.audited(client, progress, target.auditLog()));
            ExitCode code = switch (o.result()) {
                case SUCCEEDED, WAITING, AWAITING_APPROVAL -> ExitCode.OK;
                case ROLLED_BACK -> rolledBack;
                case ROLLBACK_FAILED -> ExitCode.ROLLED_BACK;
            };
            return CommandOutcome.ofRun(o, code, List.of());
        } catch (RefusedException | ClusterException e) {
            return Failures.outcome(e, target);
        }
    }
}
