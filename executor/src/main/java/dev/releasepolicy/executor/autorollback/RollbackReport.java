package dev.releasepolicy.executor.autorollback;

import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.notify.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an automatic rollback did: its {@code cause}, when the breach began ({@code breachSince}, the
 * first breaching measurement) and was detected, when traffic was back on the stable version, whether
 * the new version was scaled down, the recovery check and the notifications. {@code error} says what
 * went wrong when traffic could not be restored.
 */
public record RollbackReport(String step, String cause, Optional<Instant> breachSince, Instant detectedAt,
        Optional<Instant> trafficRestoredAt, boolean scaledDown, Optional<AnalysisResult> recovery,
        List<DeliveryResult> notifications, String error) {

    public RollbackReport {
        notifications = List.copyOf(notifications);
    }

    public boolean trafficRestored() {
        return trafficRestoredAt.isPresent();
    }

    /** From detection (the analysis verdict) to traffic back on the stable version. */
    public Optional<Duration> detectionToRestored() {
        return trafficRestoredAt.map(t -> Duration.between(detectedAt, t));
    }

    /** From the first breaching measurement to traffic back on the stable version. */
    public Optional<Duration> breachToRestored() {
        return trafficRestoredAt.flatMap(t -> breachSince.map(b -> Duration.between(b, t)));
    }

    public boolean recoveryVerified() {
        return recovery.map(AnalysisResult::successful).orElse(false);
    }

    /** Deliveries that failed (already redacted). */
    public List<DeliveryResult> failedNotifications() {
        return notifications.stream().filter(d -> !d.delivered()).toList();
    }
}
