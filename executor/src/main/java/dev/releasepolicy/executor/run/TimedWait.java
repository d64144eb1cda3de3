package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.state.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code pause} or {@code retain-previous} step: a wait of the step's minimum duration, recorded in
 * the state so a resumed run waits only what is left. Waits longer than the long-wait threshold stop
 * the process ("waiting until ..."); shorter ones are slept through, watching the step's triggers.
 */
final class TimedWait implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        Instant until;
        if (ctx.state().waitingUntil().isPresent()) {
            until = ctx.state().waitingUntil().get();
        } else {
            Instant u = ctx.now().plus(step.minimumDuration());
            ctx.session.write(s -> s.withWaitingUntil(Optional.of(u), ctx.now()));
            until = u;
        }
        Duration left = Duration.between(ctx.now(), until);
        if (left.compareTo(ctx.settings.longWait()) > 0) {
            String msg = "waiting until " + until + " (" + ctx.label(step) + "): run 'release-policy resume "
                    + ctx.plan.application() + "' then";
            return Optional.of(ctx.stop(
                    step,
                    ReleaseStatus.Waiting,
                    "waiting until " + until + " at " + step.id(),
                    msg,
                    Optional.of(until)));
        }
        while (ctx.now().isBefore(until)) {
            Duration remaining = Duration.between(ctx.now(), until);
            ctx.progress.countdown(step.id(), remaining);
            ctx.sleep(
                    step,
                    remaining.compareTo(ctx.settings.pollInterval()) < 0 ? remaining : ctx.settings.pollInterval());
        }
        ctx.progress.countdown(step.id(), Duration.ZERO);
        return Optional.empty();
    }
}
