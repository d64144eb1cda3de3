package dev.releasepolicy.executor.status;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Computes the {@link StatusView} of a release: its recorded state read against its plan and the live routing. */
public final class StatusQuery {

    /** How the state message of a release paused at an inconclusive analysis begins (status reads it). */
    public static final String INCONCLUSIVE = "analysis inconclusive";

    private final Cluster cluster;
    private final Retrier retrier;

    public StatusQuery(Cluster cluster, Retrier retrier) {
        this.cluster = cluster;
        this.retrier = retrier;
    }

    /** The view of release {@code s} of {@code plan} at {@code now}. */
    public StatusView view(ReleaseState s, Plan plan, Instant now) {
        String application = s.application();
        int total = plan.steps().size();
        Optional<StatusView.Step> current = Optional.empty();
        Optional<StatusView.Step> next = Optional.empty();
        Optional<String> then = Optional.empty();
        if (s.currentStep() >= 1 && s.currentStep() <= total && s.status().isActive()) {
            PlanStep cur = plan.step(s.currentStep());
            current = Optional.of(new StatusView.Step(cur.label(total), cur.description()));
            if (cur.index() < total) {
                PlanStep after = plan.step(cur.index() + 1);
                next = Optional.of(new StatusView.Step(after.label(total), after.description()));
            }
            then = Optional.of(then(s, now));
        }
        return new StatusView(
                s.release(),
                application,
                s.namespace(),
                s.status(),
                s.waitingUntil()
                        .filter(w -> s.status() == ReleaseStatus.Waiting)
                        .map(w -> new StatusView.Wait(w, Duration.between(now, w))),
                s.holder(),
                s.isHeld(now),
                plan.shortFingerprint(),
                total,
                s.completedSteps().size(),
                s.message(),
                current,
                next,
                then,
                traffic(plan));
    }

    private static String then(ReleaseState s, Instant now) {
        String application = s.application();
        return switch (s.status()) {
            case Waiting ->
                "run 'release-policy resume " + application + "' after "
                        + s.waitingUntil().map(Instant::toString).orElse("the wait");
            case AwaitingApproval ->
                "run 'release-policy approve " + application + "' to continue"
                        + (s.message().startsWith(INCONCLUSIVE)
                                ? " or 'release-policy rollback " + application + "' to roll back"
                                : "")
                        + (s.approvals().isEmpty()
                                ? ""
                                : " (approved so far by " + String.join(", ", s.approvals()) + ")");
            case Running, RollingBack ->
                s.isHeld(now) ? "running" : "its process stopped: run 'release-policy resume " + application + "'";
            case RollbackFailed -> "fix the cause, then run 'release-policy rollback " + application + "'";
            case Succeeded, RolledBack -> "";
        };
    }

    /** The live routing of a plan's Services and VirtualServices, one line each. */
    public List<String> traffic(Plan plan) {
        Map<String, ObjectRef> refs = new LinkedHashMap<>();
        for (PlanStep st : plan.steps()) {
            for (ObjectChange c : st.objects()) {
                if (c.ref().kind().equals("Service") || c.ref().kind().equals("VirtualService")) {
                    refs.putIfAbsent(c.ref().key(), c.ref());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (ObjectRef ref : refs.values()) {
            Optional<JsonNode> live = retrier.call(() -> cluster.get(ref));
            if (live.isEmpty()) {
                lines.add(ref + ": not found");
            } else if (ref.kind().equals("Service")) {
                List<String> sel = new ArrayList<>();
                live.get()
                        .path("spec")
                        .path("selector")
                        .properties()
                        .forEach(e -> sel.add(e.getKey() + "=" + e.getValue().asString()));
                lines.add(ref + " selects " + String.join(",", sel));
            } else {
                for (JsonNode route : live.get().path("spec").path("http")) {
                    lines.add(ref + " route " + route.path("name").asString("(unnamed)") + ": " + weights(route));
                }
            }
        }
        return lines;
    }

    private static String weights(JsonNode route) {
        List<String> parts = new ArrayList<>();
        for (JsonNode d : route.path("route")) {
            parts.add(d.path("destination")
                            .path("subset")
                            .asString(d.path("destination").path("host").asString())
                    + " " + d.path("weight").asInt(100) + "%");
        }
        return String.join(", ", parts);
    }
}
