package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ExecutionStep;
import dev.releasepolicy.executor.model.PlanAdapter;
import dev.releasepolicy.executor.notify.Notification;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.notify.WebhookNotifier;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends the release's notifications: the plan's {@code notify} steps (Started, Succeeded, ...) as they
 * run, {@code Paused} when it stops for a person, {@code Failed} when a release starts rolling back and
 * {@code RolledBack} when it is done.
 * Delivery problems never stop a release (the notifier reports them instead of throwing).
 */
public final class NotifyingListener implements ExecutionListener {

    private final Function<ExecutionPlan, Notifier> notifiers;
    private final Clock clock;
    private final Map<String, Notifier> cache = new ConcurrentHashMap<>();
    /** The {@code Failed} notice on its way while the rollback runs; every later notice waits for it. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    public NotifyingListener(Function<ExecutionPlan, Notifier> notifiers, Clock clock) {
        this.notifiers = notifiers;
        this.clock = clock;
    }

    /** Webhooks of the plan's manifest file ({@code spec.notifications}); none when the file is not there. */
    public static NotifyingListener fromManifests(Clock clock) {
        return new NotifyingListener(NotifyingListener::notifierOf, clock);
    }

    /** The webhooks of the plan's manifest file, or {@link Notifier#NONE} when the file is not there. */
    static Notifier notifierOf(ExecutionPlan plan) {
        return PlanAdapter.sourceManifest(plan).<Notifier>map(WebhookNotifier::forManifest).orElse(Notifier.NONE);
    }

    /**
     * What must never be written anywhere for this plan: the secrets of its manifest's webhooks (URL
     * tokens, sensitive headers, environment values they name) on top of the usual credential patterns.
     */
    public static Redactor redactorOf(ExecutionPlan plan) {
        return notifierOf(plan).redactor();
    }

    @Override
    public void observe(ExecutionPlan plan, ExecutionStep step) {
        if (step.action().equals("notify")) {
            String event = step.parameters().path("event").asString("");
            if (!event.isEmpty()) {
                send(plan, ReleaseEvent.parse(event), step.id(), "");
            }
        }
    }

    /**
     * The release stopped for a person (an approval, an inconclusive analysis, a wait that needs
     * {@code resume}): {@code Paused}, with what they are asked to do.
     */
    @Override
    public void paused(ExecutionPlan plan, ExecutionStep step, String message) {
        send(plan, ReleaseEvent.PAUSED, step.id(), message);
    }

    /**
     * {@code Failed}, sent on another thread: the executor restores traffic right after this call, and a
     * webhook that times out (three 5 s attempts and the waits between them) must not hold that up.
     * The next notice, or the end of the rollback, waits for it, so the order stays Failed, RolledBack.
     */
    @Override
    public void rollingBack(ExecutionPlan plan, String cause) {
        CompletableFuture<Void> before = pending;
        pending = CompletableFuture.runAsync(() -> {
            before.join();
            send(plan, ReleaseEvent.FAILED, "", cause);
        }).exceptionally(e -> null);
    }

    /** The rollback failed: the command ends soon, so the {@code Failed} notice on its way is waited for. */
    @Override
    public void rollbackFailed(ExecutionPlan plan, String message) {
        pending.join();
    }

    @Override
    public void rolledBack(ExecutionPlan plan, String message) {
        send(plan, ReleaseEvent.ROLLED_BACK, "", message);
    }

    private void send(ExecutionPlan plan, ReleaseEvent event, String step, String reason) {
        if (event != ReleaseEvent.FAILED) {
            pending.join();
        }
        Notifier n = cache.computeIfAbsent(plan.fingerprint(), k -> notifiers.apply(plan));
        n.notify(new Notification(event, plan.application(), plan.version(), step, reason, clock.instant()));
    }
}
