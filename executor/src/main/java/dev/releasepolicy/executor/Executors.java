package dev.releasepolicy.executor;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.FileAuditSink;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Fabric8Cluster;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.run.Analyzer;
import dev.releasepolicy.executor.run.AuditingListener;
import dev.releasepolicy.executor.run.ExecutionListener;
import dev.releasepolicy.executor.run.ExecutorSettings;
import dev.releasepolicy.executor.run.NotifyingListener;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.run.ReleaseExecutor;
import dev.releasepolicy.executor.state.ClusterAuditSink;
import dev.releasepolicy.executor.wait.Sleeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How the commands build a {@link ReleaseExecutor} for a cluster: with the audit trail, or without (status). */
record Executors(
        Clock clock, Sleeper sleeper, ExecutorSettings settings, Analyzer analyzer, ExecutionListener listener) {

    /** The same, staying in the process through every timed wait. */
    Executors stayingThroughWaits() {
        return new Executors(clock, sleeper, settings.stayingThroughWaits(), analyzer, listener);
    }

    /** A retrier that tells nobody about its retries. */
    Retrier quietRetrier() {
        return new Retrier(settings.retry(), sleeper, m -> {});
    }

    /** An executor that writes no audit trail (it only reads: status). */
    ReleaseExecutor plain(KubernetesClient client, Progress progress) {
        return new ReleaseExecutor(
                new Fabric8Cluster(client), clock, sleeper, settings, Readiness.STATUS, analyzer, listener, progress);
    }

    /** An executor that also writes the audit trail: to the cluster beside the state, and to {@code auditLog}. */
    ReleaseExecutor audited(KubernetesClient client, Progress progress, Optional<Path> auditLog) {
        Cluster cluster = new Fabric8Cluster(client);
        Retrier retrier = new Retrier(settings.retry(), sleeper, progress::notice);
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
                progress::warning);
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
}
