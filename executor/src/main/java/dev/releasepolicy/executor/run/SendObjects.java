package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.ObjectWriter;
import dev.releasepolicy.executor.state.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends a step's objects: first records them as they are ({@link Snapshot}s in the state, once per
 * step, so a re-entered step keeps the state before the release), then writes each idempotently. As
 * a handler it is the whole of the steps that only change objects (config, deploy, traffic, clean-up).
 */
final class SendObjects implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        // the objects sent before the handler ran are the whole step
        return Optional.empty();
    }

    static void send(StepContext ctx, PlanStep step, List<ObjectChange> changes) {
        if (!ctx.state().snapshots().containsKey(step.index())) {
            List<Snapshot> taken = new ArrayList<>();
            for (ObjectChange c : changes) {
                if (taken.stream().noneMatch(t -> t.ref().equals(c.ref()))) {
                    taken.add(new Snapshot(c.ref(), ctx.get(step, c.ref())));
                }
            }
            ctx.session.write(s -> s.withSnapshots(step.index(), taken, ctx.now()));
        }
        List<Snapshot> snaps = ctx.state().snapshots().get(step.index());
        for (ObjectChange c : changes) {
            boolean existed = snaps.stream()
                    .filter(t -> t.ref().equals(c.ref()))
                    .findFirst()
                    .map(t -> t.before().isPresent())
                    .orElse(true);
            ObjectWriter.Effect effect;
            try {
                effect = ctx.writer.send(c, existed);
            } catch (ClusterException e) {
                throw new StepFailure(ctx.label(step) + ": " + e.getMessage(), e);
            }
            ctx.progress.line("  " + c.shortHeadline() + ": " + effect.name().toLowerCase(Locale.ROOT));
            if (effect != ObjectWriter.Effect.UNCHANGED) {
                ctx.listener.objectChanged(ctx.plan, step, c);
            }
            ctx.session.renewLease();
        }
    }
}
