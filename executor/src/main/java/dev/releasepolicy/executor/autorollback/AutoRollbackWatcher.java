package dev.releasepolicy.executor.autorollback;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.AnalysisSettings.OnInconclusive;
import dev.releasepolicy.executor.analysis.DurationText;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.analysis.RollbackTrigger;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditEntry;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditOperations;
import dev.releasepolicy.executor.notify.DeliveryResult;
import dev.releasepolicy.executor.notify.Notification;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.notify.WebhookNotifier;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Watches a release's metrics during and after its traffic steps and rolls it back on its own.
 *
 * <p>The executor calls {@link #analysisStep} for each {@code analysis} step of the plan and {@link
 * #watch} while traffic sits on a weight (after a {@code setWeight}, during pauses, after the last
 * step), and acts on the returned {@link StepOutcome}. On a breach (a metric beyond its threshold more
 * than {@code failureLimit} times in a row, or a {@code rollback.automatic} trigger held for its
 * {@code for}) the watcher, in this order:
 * <ol>
 * <li>sends all traffic back to the stable version ({@link TrafficControl#restoreStable}) — first,
 * so nothing (notifications, audit, recovery checks) delays it — and reads the weights back;</li>
 * <li>scales the new version down;</li>
 * <li>notifies {@code Failed} with the cause;</li>
 * <li>verifies recovery with the same metrics ({@link MetricAnalysis#verifyRecovery});</li>
 * <li>notifies {@code RolledBack} with the cause and the recovery verdict;</li>
 * <li>audits the breach, the restored traffic (with the time from detection), the recovery, the
 * rollback with its cause, and every failed notification.</li>
 * </ol>
 * An inconclusive analysis (no data, Prometheus unreachable) pauses by default: {@code Paused} is
 * notified and audited and the traffic stays where it is; it never promotes.
 */
public final class AutoRollbackWatcher {

    /** The actor recorded for decisions the watcher takes on its own. */
    public static final String AUTOMATIC = "release-policy (automatic)";

    private final WatchedRelease release;
    private final MetricAnalysis analysis;
    private final TrafficControl traffic;
    private final Notifier notifier;
    private final AuditLog audit;
    private final AuditContext context;
    private final Clock clock;
    private final Redactor redactor;
    private final List<String> auditFailures = new ArrayList<>();

    /** How often restoreStable() is tried before the rollback counts as failed (conflicts are common). */
    static final int RESTORE_ATTEMPTS = 3;

    public AutoRollbackWatcher(WatchedRelease release, MetricAnalysis analysis, TrafficControl traffic, Notifier notifier,
            AuditLog audit, AuditContext context) {
        this.release = release;
        this.analysis = analysis;
        this.traffic = traffic;
        this.notifier = notifier;
        this.audit = audit;
        this.context = context;
        this.clock = analysis.clock();
        this.redactor = notifier.redactor();
    }

    /**
     * The watcher for a manifest with the documented defaults: Prometheus at {@code
     * spec.monitoring.address}, {@link AnalysisSettings#DEFAULTS}, the system clock, real sleeping, and
     * webhooks from {@code spec.notifications} ({@code ${env:NAME}} from the environment). The
     * executor supplies how traffic moves and where the audit trail goes.
     */
    public static AutoRollbackWatcher forManifest(JsonNode manifest, TrafficControl traffic, AuditLog audit,
            AuditContext context) {
        JsonNode spec = manifest.path("spec");
        MonitoringSpec monitoring = MonitoringSpec.fromManifest(manifest, AnalysisSettings.DEFAULTS);
        MetricAnalysis analysis = new MetricAnalysis(monitoring, PrometheusProvider.of(monitoring.address()),
                Clock.systemUTC(), Sleeper.SYSTEM, AnalysisSettings.DEFAULTS);
        WatchedRelease release = new WatchedRelease(spec.path("application").asString(""), spec.path("version").asString(""),
                spec.path("rollback").path("to").asString(""));
        return new AutoRollbackWatcher(release, analysis, traffic, WebhookNotifier.forManifest(manifest), audit, context);
    }

    /** The release watched. */
    public WatchedRelease release() {
        return release;
    }

    /** A redactor that knows this release's notification secrets (for the executor's own logs). */
    public Redactor redactor() {
        return redactor;
    }

    /** Runs an analysis step (its metrics judged, all triggers watched) and acts on the verdict. */
    public StepOutcome analysisStep(String step, List<String> metrics, Duration duration) throws InterruptedException {
        AnalysisResult result = analysis.analyze(metrics, duration);
        return act(step, result, metrics);
    }

    /** Watches the automatic-rollback triggers for {@code duration} and acts on a breach. */
    public StepOutcome watch(String step, Duration duration) throws InterruptedException {
        AnalysisResult result = analysis.watch(duration);
        return act(step, result, List.of());
    }

    private StepOutcome act(String step, AnalysisResult result, List<String> judged) throws InterruptedException {
        auditFailures.clear();
        StepOutcome o = decide(step, result, judged);
        return new StepOutcome(o.kind(), o.analysis(), o.rollback(), o.notifications(), List.copyOf(auditFailures));
    }

    private StepOutcome decide(String step, AnalysisResult result, List<String> judged) throws InterruptedException {
        Map<String, String> detail = new TreeMap<>();
        detail.put("verdict", result.verdict().name());
        if (!result.metric().isEmpty()) {
            detail.put("metric", result.metric());
        }
        result.value().ifPresent(v -> detail.put("value", Double.toString(v)));
        result.breachSince().ifPresent(t -> detail.put("breachSince", t.toString()));
        record(context.entry(AuditOperations.ANALYSIS, step, result.verdict().name().toLowerCase(java.util.Locale.ROOT),
                result.reason(), detail));
        return switch (result.verdict()) {
            case SUCCESSFUL -> new StepOutcome(StepOutcome.Kind.CONTINUE, result, Optional.empty(), List.of(), List.of());
            case FAILED -> rolledBack(step, result, judged);
            case INCONCLUSIVE -> {
                if (analysis.settings().onInconclusive() == OnInconclusive.ROLLBACK) {
                    yield rolledBack(step, result, judged);
                }
                record(new AuditEntry(AUTOMATIC, context.application(),
                        context.fingerprint(), AuditOperations.PAUSE, step, "paused",
                        "analysis inconclusive, waiting for a person: " + result.reason(),
                        Map.of("weights", traffic.currentWeights().toString())));
                List<DeliveryResult> sent = announce(ReleaseEvent.PAUSED, step,
                        "analysis inconclusive, traffic kept at " + traffic.currentWeights() + ": " + result.reason());
                yield new StepOutcome(StepOutcome.Kind.PAUSED, result, Optional.empty(), sent, List.of());
            }
        };
    }

    private StepOutcome rolledBack(String step, AnalysisResult result, List<String> judged) throws InterruptedException {
        RollbackReport report = rollback(step, result.reason(), metricsToVerify(judged), result.breachSince(),
                result.decidedAt());
        return new StepOutcome(report.trafficRestored() ? StepOutcome.Kind.ROLLED_BACK : StepOutcome.Kind.ROLLBACK_FAILED,
                result, Optional.of(report), report.notifications(), List.of());
    }

    private List<String> metricsToVerify(List<String> judged) {
        Set<String> names = new LinkedHashSet<>(judged);
        for (RollbackTrigger t : analysis.spec().triggers()) {
            names.add(t.metric());
        }
        return List.copyOf(names);
    }

    /**
     * Rolls the release back now (also usable for a manual rollback): traffic to stable, new version
     * scaled down, {@code Failed} notified, recovery of {@code verifyMetrics} checked, {@code RolledBack}
     * notified, everything audited with the {@code cause}.
     */
    public RollbackReport rollback(String step, String cause, List<String> verifyMetrics, Optional<Instant> breachSince,
            Instant detectedAt) throws InterruptedException {
        String safeCause = redactor.scrub(cause);
        Instant restoredAt;
        try {
            restoreStable();
            restoredAt = clock.instant();
        } catch (RuntimeException e) {
            String error = redactor.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            record(new AuditEntry(AUTOMATIC, context.application(),
                    context.fingerprint(), AuditOperations.ROLLBACK, step, "failed",
                    "could not send traffic back to " + release.stableVersion() + ": " + error + "; cause: " + safeCause,
                    Map.of()));
            List<DeliveryResult> sent = announce(ReleaseEvent.FAILED, step, "automatic rollback FAILED, traffic not restored ("
                    + error + "); a person must act now. Cause: " + safeCause);
            return new RollbackReport(step, safeCause, breachSince, detectedAt, Optional.empty(), false, Optional.empty(),
                    sent, error);
        }
        Duration took = Duration.between(detectedAt, restoredAt);
        Map<String, String> timing = new TreeMap<>();
        timing.put("detectedAt", detectedAt.toString());
        timing.put("trafficRestoredAt", restoredAt.toString());
        timing.put("detectionToRestoredMillis", Long.toString(took.toMillis()));
        breachSince.ifPresent(b -> {
            timing.put("breachSince", b.toString());
            timing.put("breachToRestoredMillis", Long.toString(Duration.between(b, restoredAt).toMillis()));
        });
        record(new AuditEntry(AUTOMATIC, context.application(),
                context.fingerprint(), AuditOperations.TRAFFIC, step, "restored", "all traffic on " + release.stableVersion(), timing));

        boolean scaledDown;
        String scaleError = "";
        try {
            traffic.scaleDownNew();
            scaledDown = true;
        } catch (RuntimeException e) {
            scaledDown = false;
            scaleError = redactor.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        record(new AuditEntry(AUTOMATIC, context.application(),
                context.fingerprint(), AuditOperations.SCALE_DOWN, step, scaledDown ? "scaled down" : "failed",
                scaledDown ? release.version() + " scaled to 0" : scaleError, Map.of()));

        List<DeliveryResult> sent = new ArrayList<>(announce(ReleaseEvent.FAILED, step, safeCause));

        AnalysisResult recovery = analysis.verifyRecovery(verifyMetrics);
        record(new AuditEntry(AUTOMATIC, context.application(),
                context.fingerprint(), AuditOperations.RECOVERY, step, recovery.successful() ? "verified" : "not verified",
                recovery.reason(), Map.of()));

        String summary = "rolled back to " + release.stableVersion() + " in " + DurationText.format(took)
                + " after detection. Cause: " + safeCause + ". Recovery " + (recovery.successful() ? "verified: " : "NOT verified: ")
                + recovery.reason() + (scaledDown ? "" : ". Scale-down failed: " + scaleError);
        sent.addAll(announce(ReleaseEvent.ROLLED_BACK, step, summary));
        record(new AuditEntry(AUTOMATIC, context.application(),
                context.fingerprint(), AuditOperations.ROLLBACK, step, "rolled back", safeCause, Map.of(
                        "to", release.stableVersion(),
                        "recovery", recovery.verdict().name(),
                        "detectionToRestoredMillis", Long.toString(took.toMillis()))));
        return new RollbackReport(step, safeCause, breachSince, detectedAt, Optional.of(restoredAt), scaledDown,
                Optional.of(recovery), sent, scaledDown ? "" : scaleError);
    }

    private void restoreStable() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= RESTORE_ATTEMPTS; attempt++) {
            try {
                traffic.restoreStable();
                Weights now = traffic.currentWeights();
                if (now.equals(Weights.ALL_STABLE)) {
                    return;
                }
                last = new IllegalStateException("traffic is still at " + now + " after restoring the stable version");
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Sends a notification about this release and audits every delivery that failed; never throws.
     * The executor can use it for Started, StepCompleted and Succeeded too.
     */
    public List<DeliveryResult> announce(ReleaseEvent event, String step, String reason) {
        List<DeliveryResult> results = notifier.notify(new Notification(event, release.application(), release.version(),
                step, redactor.scrub(reason), clock.instant()));
        for (DeliveryResult r : results) {
            if (!r.delivered()) {
                record(context.entry(AuditOperations.NOTIFICATION, step, "failed", r.describe(),
                        Map.of("event", event.manifestName(), "target", r.target())));
            }
        }
        return results;
    }

    /**
     * Appends to the audit trail with this notifier's secrets scrubbed too (the trail scrubs its own).
     * Never throws: an audit sink that fails (a ConfigMap conflict, a full disk) must not stop a
     * rollback; the failure is returned in {@link StepOutcome#auditFailures()}.
     */
    private void record(AuditEntry e) {
        Map<String, String> detail = new TreeMap<>();
        e.detail().forEach((k, v) -> detail.put(k, redactor.scrub(v)));
        try {
            audit.append(new AuditEntry(e.actor(), e.application(), e.fingerprint(), e.operation(),
                    redactor.scrub(e.step()), e.result(), redactor.scrub(e.reason()), detail));
        } catch (RuntimeException failure) {
            auditFailures.add(redactor.scrub(e.operation() + " " + e.result() + " at " + e.step() + ": "
                    + failure.getMessage()));
        }
    }
}
