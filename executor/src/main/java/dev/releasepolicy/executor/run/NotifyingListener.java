package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.notify.DeliveryResult;
import dev.releasepolicy.executor.notify.Notification;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.notify.WebhookNotifier;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends the release's notifications: the plan's {@code notify} steps (Started, Succeeded, ...) as they
 * run, {@code Paused} when it stops for a person, {@code Failed} when a release starts rolling back and
 * {@code RolledBack} when it is done. The targets come from the plan ({@code notifications}), never from
 * the manifest file. Delivery problems never stop a release: they are reported as warnings (a webhook
 * whose literal secret the plan masked is one of them: it is skipped, and the warning says to write it
 * as {@code ${env:NAME}}).
 */
public final class NotifyingListener implements ExecutionListener {

    private final Function<Plan, Notifier> notifiers;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Map<String, Notifier> cache = new ConcurrentHashMap<>();
    /** The new version's share of traffic by plan fingerprint, as its last {@code set-weight} step left it. */
    private final Map<String, Integer> weights = new ConcurrentHashMap<>();
    /** The {@code Failed} notice on its way while the rollback runs; every later notice waits for it. */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    /** Delivery problems are not reported. */
    public NotifyingListener(Function<Plan, Notifier> notifiers, Clock clock) {
        this(notifiers, clock, message -> {});
    }

    public NotifyingListener(Function<Plan, Notifier> notifiers, Clock clock, Consumer<String> warn) {
        this.notifiers = notifiers;
        this.clock = clock;
        this.warn = warn;
    }

    /** Webhooks of the plan, delivery problems reported on standard error. */
    public static NotifyingListener fromPlans(Clock clock) {
        return new NotifyingListener(
                NotifyingListener::notifierOf,
                clock,
                message -> System.err.println("release-policy: warning: " + message));
    }

    /** The webhooks of the plan. */
    static Notifier notifierOf(Plan plan) {
        return WebhookNotifier.forPlan(plan);
    }

    /**
     * What must never be written anywhere for this plan: the secrets of its webhooks (URL tokens,
     * sensitive headers, environment values they name) on top of the usual credential patterns.
     */
    public static Redactor redactorOf(Plan plan) {
        try {
            return notifierOf(plan).redactor();
        } catch (IllegalArgumentException e) {
            // an unset ${env:NAME}: nothing of it can leak; the notifier reports the problem itself
            return Redactor.none();
        }
    }

    @Override
    public void stepCompleted(Plan plan, PlanStep step) {
        // what the notices report as the new version's share; a run resumed in a new process knows it again
        // from its next set-weight step
        if (step.action() == Action.SET_WEIGHT
                && step.parameters().path("weight").isInt()) {
            weights.put(
                    plan.fingerprint().value(), step.parameters().path("weight").asInt());
        }
    }

    @Override
    public void observe(Plan plan, PlanStep step) {
        if (step.action() == Action.NOTIFY) {
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
    public void paused(Plan plan, PlanStep step, String message) {
        send(plan, ReleaseEvent.PAUSED, step.id(), message);
    }

    /**
     * {@code Failed}, sent on another thread: the executor restores traffic right after this call, and a
     * webhook that times out (three 5 s attempts and the waits between them) must not hold that up.
     * The next notice, or the end of the rollback, waits for it, so the order stays Failed, RolledBack.
     */
    @Override
    public void rollingBack(Plan plan, String cause) {
        CompletableFuture<Void> before = pending;
        pending = CompletableFuture.runAsync(() -> {
                    before.join();
                    send(plan, ReleaseEvent.FAILED, "", cause);
                })
                .exceptionally(e -> null);
    }

    /** The rollback failed: the command ends soon, so the {@code Failed} notice on its way is waited for. */
    @Override
    public void rollbackFailed(Plan plan, String message) {
        pending.join();
    }

    @Override
    public void rolledBack(Plan plan, String message) {
        // the rollback sent every request back to the previous version
        weights.computeIfPresent(plan.fingerprint().value(), (k, w) -> 0);
        send(plan, ReleaseEvent.ROLLED_BACK, "", message);
    }

    private void send(Plan plan, ReleaseEvent event, String step, String reason) {
        if (event != ReleaseEvent.FAILED) {
            pending.join();
        }
        Notifier n;
        try {
            n = cache.computeIfAbsent(plan.fingerprint().value(), k -> notifiers.apply(plan));
        } catch (IllegalArgumentException e) {
            warn.accept("notifications not sent: " + e.getMessage());
            return;
        }
        Integer weight = weights.get(plan.fingerprint().value());
        Notification notice = new Notification(
                event,
                plan.application(),
                plan.version(),
                step,
                reason,
                clock.instant(),
                weight == null ? OptionalInt.empty() : OptionalInt.of(weight),
                plan.runtime().monitoring().dashboards().stream().findFirst().orElse(""));
        for (DeliveryResult r : n.notify(notice)) {
            if (!r.delivered()) {
                warn.accept("notification " + r.describe());
            }
        }
    }
}
