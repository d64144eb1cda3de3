package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.notify.DeliveryResult;
import dev.releasepolicy.executor.notify.Notification;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The notifications a release sends, in order, as the executor runs it. */
class NotifyingListenerTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    private final List<Notification> sent = new ArrayList<>();
    private final Notifier recorder = new Notifier() {
        @Override
        public List<DeliveryResult> notify(Notification n) {
            sent.add(n);
            return List.of();
        }

        @Override
        public Redactor redactor() {
            return Redactor.none();
        }
    };

    @Test
    void blueGreen_success_startedThenSucceeded_pausedAtEachStopForAPerson() {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(p -> recorder, h.time));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        // The approval comes before the Started notification; the 10-minute monitoring and the 24 h
        // retention of blue are waits that stop the process until someone runs resume.
        assertThat(sent)
                .extracting(Notification::event)
                .containsExactly(
                        ReleaseEvent.PAUSED,
                        ReleaseEvent.STARTED,
                        ReleaseEvent.PAUSED,
                        ReleaseEvent.SUCCEEDED,
                        ReleaseEvent.PAUSED);
        assertThat(sent.get(0).reason()).contains("waiting for approval", "release-policy approve web-frontend");
        assertThat(sent.get(2).reason()).contains("waiting until", "release-policy resume web-frontend");
        assertThat(sent.get(1).application()).isEqualTo("web-frontend");
        assertThat(sent.get(1).version()).isEqualTo("3.2.0");
    }

    @Test
    void autoRollback_failingAnalysis_pausedForApprovalStartedFailedRolledBack() {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        h.analyzer((plan, step) -> Optional.of(Analyzer.Verdict.unhealthy("errorRate 0.05 > 0.01")));
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(p -> recorder, h.time));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(sent)
                .extracting(Notification::event)
                .containsExactly(
                        ReleaseEvent.PAUSED, ReleaseEvent.STARTED, ReleaseEvent.FAILED, ReleaseEvent.ROLLED_BACK);
        assertThat(sent.get(2).reason()).contains("analysis failed", "errorRate 0.05");
    }

    @Test
    void autoRollback_noticesCarryTheWeightAndTheDashboard_theRollbackSetsTheWeightToZero() {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        h.analyzer((plan, step) -> Optional.of(Analyzer.Verdict.unhealthy("errorRate 0.05 > 0.01")));
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(p -> recorder, h.time));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.ROLLED_BACK);
        String dashboard = h.plan.runtime().monitoring().dashboards().get(0);
        assertThat(sent).allSatisfy(n -> assertThat(n.dashboard()).isEqualTo(dashboard));
        assertThat(sent.get(0).weight())
                .as("no traffic moved before the approval")
                .isEmpty();
        Notification failed = sent.get(2);
        assertThat(failed.event()).isEqualTo(ReleaseEvent.FAILED);
        assertThat(failed.weight()).as("the first analysis runs at 10%").hasValue(10);
        assertThat(sent.get(3).event()).isEqualTo(ReleaseEvent.ROLLED_BACK);
        assertThat(sent.get(3).weight()).hasValue(0);
    }

    @Test
    void failed_isSentWhileTheRollbackRuns_neverHoldingItUp_andRolledBackWaitsForIt() throws Exception {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        java.util.concurrent.CountDownLatch webhookAnswers = new java.util.concurrent.CountDownLatch(1);
        Notifier slow = new Notifier() {
            @Override
            public List<DeliveryResult> notify(Notification n) {
                if (n.event() == ReleaseEvent.FAILED) {
                    try {
                        webhookAnswers.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                synchronized (sent) {
                    sent.add(n);
                }
                return List.of();
            }

            @Override
            public Redactor redactor() {
                return Redactor.none();
            }
        };
        NotifyingListener listener = new NotifyingListener(p -> slow, h.time);
        try {
            // (a rollingBack that waited for the webhook would time out here)
            java.util.concurrent.CompletableFuture.runAsync(() -> listener.rollingBack(h.plan, "errorRate above 0.01"))
                    .get(2, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            assertThat(sent).isEmpty();
        }
        java.util.concurrent.CompletableFuture<Void> end = java.util.concurrent.CompletableFuture.runAsync(
                () -> listener.rolledBack(h.plan, "rolled back to 5.4.0"));
        Thread.sleep(200);
        assertThat(end).as("RolledBack waits for Failed").isNotDone();
        webhookAnswers.countDown();
        end.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent).extracting(Notification::event).containsExactly(ReleaseEvent.FAILED, ReleaseEvent.ROLLED_BACK);
    }

    @Test
    void webhookWithALiteralSecret_isSkippedWithAWarning_theReleaseGoesOn() {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        tools.jackson.databind.node.ObjectNode json = dev.releasepolicy.core.plan.PlanCodec.toJson(h.plan);
        ((tools.jackson.databind.node.ObjectNode) json.at("/notifications/0"))
                .put(
                        "webhook",
                        dev.releasepolicy.core.secret.Redaction.url(
                                "https://hooks.slack.com/services/T000/B000/XXXXsecret"));
        dev.releasepolicy.core.plan.Plan plan = dev.releasepolicy.core.plan.PlanCodec.read("plan.json", json);
        List<String> warnings = new ArrayList<>();
        ReleaseExecutor exec = h.executor(
                "alice",
                new NotifyingListener(
                        dev.releasepolicy.executor.notify.WebhookNotifier::forPlan, h.time, warnings::add));

        assertThat(h.drive(exec, exec.apply(plan)).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(warnings)
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w)
                        .contains(
                                "webhook https://hooks.slack.com/services/*** holds a literal secret in the manifest",
                                "write it as ${env:NAME}",
                                "not sent"));
    }
}
