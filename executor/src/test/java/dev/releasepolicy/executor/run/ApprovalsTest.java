package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.InMemoryAuditSink;
import dev.releasepolicy.executor.state.RefusedException;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.status.StatusText;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code approvals.required: N} needs N different approvers before the release goes on. */
class ApprovalsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AutoClose
    private static final MockApi api = new MockApi();

    /** The example's plan with its approval step requiring {@code n} approvals. */
    private static Plan requiring(Plan plan, int n) {
        ObjectNode tree = (ObjectNode) JSON.readTree(PlanCodec.writeCompact(plan));
        boolean found = false;
        for (var step : tree.path("steps")) {
            if (step.path("action").asString().equals("approval")) {
                ((ObjectNode) step.path("parameters")).put("required", n);
                found = true;
            }
        }
        assertThat(found).as("the example has an approval step").isTrue();
        return PlanCodec.read("plan.json", JSON.writeValueAsString(tree));
    }

    @Test
    void twoRequired_oneApproval_staysPaused_sameNameRefused_secondPersonReleasesIt() {
        Harness h = new Harness("canary-api.yaml", api.cluster());
        InMemoryAuditSink trail = new InMemoryAuditSink();
        AuditingListener audit =
                new AuditingListener(p -> List.of(new AuditLog(trail, h.time, Redactor.none())), h.time, "ci", m -> {});
        ReleaseExecutor exec = h.executor("ci", audit);
        Plan plan = requiring(h.plan, 2);
        String ns = plan.namespace();
        String app = plan.application();

        assertThat(exec.apply(plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        int writesBefore = h.weightWrites().size();

        Outcome first = exec.approve(ns, app, "alice");
        assertThat(first.result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(first.message()).contains("1 of 2", "alice", "1 more approval");
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.AwaitingApproval);
        assertThat(h.state().approvals()).containsExactly("alice");
        assertThat(h.weightWrites()).hasSize(writesBefore);
        h.assertPreviousVersionServes();
        assertThat(StatusText.render(exec.status(ns, app))).contains("approved so far by alice");

        assertThatThrownBy(() -> exec.approve(ns, app, "alice"))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("alice has approved")
                .hasMessageContaining("2 approvals from different people");
        assertThat(h.state().approvals()).containsExactly("alice");

        Outcome second = exec.approve(ns, app, "bob");
        assertThat(second.result()).isNotEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(h.state().approvedStep()).isPositive();
        assertThat(h.state().approvals()).isEmpty(); // cleared once the approval step completed
        assertThat(h.weightWrites().size()).isGreaterThan(writesBefore);

        assertThat(trail.lines())
                .filteredOn(l -> l.contains("\"operation\":\"approve\""))
                .extracting(l -> JSON.readTree(l).path("actor").asString())
                .containsExactly("alice", "bob");
    }

    @Test
    void oneRequired_firstApprovalReleasesThePause() {
        Harness h = new Harness("canary-api.yaml", api.cluster());
        ReleaseExecutor exec = h.executor("ci");
        assertThat(exec.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        Outcome o = exec.approve(h.plan.namespace(), h.plan.application(), "alice");
        assertThat(o.result()).isNotEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(h.drive(exec, o).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        h.assertNewVersionServes();
    }
}
