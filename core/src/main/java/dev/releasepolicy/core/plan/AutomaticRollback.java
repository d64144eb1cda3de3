package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.RollbackSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plan's automatic rollback: what the executor does when a trigger fires (stop the new version's
 * traffic, check the recovery, tell people, record the cause), per strategy.
 */
final class AutomaticRollback {

    private AutomaticRollback() {}

    static RollbackPlan plan(Release release, Optional<Routing> routing) {
        List<RollbackTrigger> triggers = release.triggers();
        List<Compensation> path = new ArrayList<>();
        if (!triggers.isEmpty()) {
            String metrics = String.join(
                    ", ",
                    triggers.stream().map(RollbackTrigger::metric).distinct().toList());
            switch (release.spec().strategy()) {
                case StrategySpec.Rolling r ->
                    path.add(new Compensation(
                            Kind.ROLLOUT_UNDO,
                            "Undo the rollout of" + " Deployment " + release.app() + " back to "
                                    + release.previousText(),
                            List.of()));
                case StrategySpec.BlueGreen b ->
                    stopNext(release, routing.orElseThrow(), Optional.of(b.service()), path);
                case StrategySpec.Canary c -> stopNext(release, routing.orElseThrow(), Optional.empty(), path);
            }
            List<String> after = release.spec().rollback().afterRollback();
            path.add(new Compensation(
                    Kind.VERIFY_RECOVERY,
                    after.isEmpty()
                            ? "Query " + metrics + " again until "
                                    + (triggers.size() == 1 ? "it is" : "they are") + " back within the thresholds on "
                                    + release.previousText()
                            : "Check " + String.join(", ", after) + " (spec.rollback.afterRollback) on "
                                    + release.previousText() + "; the verdict is recorded and notified, it never"
                                    + " rolls back again",
                    afterRollbackJobs(release)));
            List<String> hooks = release.webhooks(List.of("Failed", "RolledBack"));
            path.add(new Compensation(
                    Kind.NOTIFY,
                    hooks.isEmpty()
                            ? "No webhook subscribes to Failed or RolledBack"
                            : "POST Failed and RolledBack to " + String.join(", ", hooks),
                    List.of()));
            path.add(new Compensation(
                    Kind.RECORD,
                    "Record the cause (trigger, measured value, step) in the audit"
                            + " trail; down-migrations wait for release-policy rollback",
                    List.of()));
        }
        RollbackSpec rollback = release.spec().rollback();
        return new RollbackPlan(
                release.previous(),
                rollback.image(),
                rollback.configMaps(),
                triggers,
                path,
                rollback.afterRollback(),
                afterRollbackJobs(release));
    }

    /**
     * The Jobs of the {@code job} checks of {@code spec.rollback.afterRollback}, created after a rollback
     * (automatic or manual) to see that the previous version serves the business again.
     */
    static List<ObjectChange> afterRollbackJobs(Release release) {
        List<ObjectChange> jobs = new ArrayList<>();
        for (String name : release.spec().rollback().afterRollback()) {
            release.spec().monitoring().metric(name).ifPresent(m -> {
                if (m.check() instanceof Check.Job job) {
                    jobs.add(Jobs.check(
                            release.app(), release.namespace(), release.version(), name, job, "after-rollback"));
                }
            });
        }
        return jobs;
    }

    /**
     * Blue-green and canary: all traffic back to the running version (and a blue-green Service back to
     * it), then the new Deployment scaled to zero, kept for diagnosis.
     */
    private static void stopNext(
            Release release, Routing routing, Optional<String> switchedService, List<Compensation> path) {
        List<ObjectChange> traffic = new ArrayList<>();
        if (routing.weighted()) {
            traffic.add(routing.weights(0, Set.of()));
        } else if (release.spec().strategy() instanceof StrategySpec.Canary) {
            // No router: the share is the pod count, so "all traffic back" is the running version at full size.
            release.previousDeployment()
                    .ifPresent(p -> traffic.add(release.scale(p, release.spec().replicas())));
        }
        switchedService.ifPresent(
                service -> release.previous().ifPresent(p -> traffic.add(release.selectVersion(service, p))));
        path.add(new Compensation(
                Kind.RESTORE_TRAFFIC,
                "Send all traffic back to " + routing.subsets().current() + " (" + release.previousText() + ")",
                traffic));
        String name = release.newDeployment();
        path.add(new Compensation(
                Kind.SCALE_DOWN_NEW,
                "Scale Deployment " + name + " to 0 (kept for diagnosis)",
                List.of(release.scale(name, 0))));
    }
}
