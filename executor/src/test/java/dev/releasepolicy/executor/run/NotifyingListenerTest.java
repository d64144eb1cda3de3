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
    void blueGreen_success_startedThenSucceeded() {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(p -> recorder, h.time));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(sent).extracting(Notification::event).containsExactly(ReleaseEvent.STARTED, ReleaseEvent.SUCCEEDED);
        assertThat(sent.get(0).application()).isEqualTo("web-frontend");
        assertThat(sent.get(0).version()).isEqualTo("3.2.0");
    }

    @Test
    void autoRollback_failingAnalysis_startedFailedRolledBack() {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        h.analyzer((plan, step) -> Optional.of(Analyzer.Verdict.unhealthy("errorRate 0.05 > 0.01")));
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(p -> recorder, h.time));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(sent).extracting(Notification::event).containsExactly(ReleaseEvent.STARTED, ReleaseEvent.FAILED,
                ReleaseEvent.ROLLED_BACK);
        assertThat(sent.get(1).reason()).contains("analysis failed", "errorRate 0.05");
    }

    @Test
    void webhookWithALiteralSecret_isSkippedWithAWarning_theReleaseGoesOn() {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        tools.jackson.databind.node.ObjectNode json = dev.releasepolicy.core.plan.PlanCodec.toJson(h.plan);
        ((tools.jackson.databind.node.ObjectNode) json.at("/notifications/0")).put("webhook",
                dev.releasepolicy.core.secret.Redaction.url("https://hooks.slack.com/services/T000/B000/XXXXsecret"));
        dev.releasepolicy.core.plan.Plan plan = dev.releasepolicy.core.plan.PlanCodec.read("plan.json", json);
        List<String> warnings = new ArrayList<>();
        ReleaseExecutor exec = h.executor("alice", new NotifyingListener(
                dev.releasepolicy.executor.notify.WebhookNotifier::forPlan, h.time, warnings::add));

        assertThat(h.drive(exec, exec.apply(plan)).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(warnings).isNotEmpty().allSatisfy(w -> assertThat(w).contains(
                "webhook https://hooks.slack.com/services/*** holds a literal secret in the manifest",
                "write it as ${env:NAME}", "not sent"));
    }
}
