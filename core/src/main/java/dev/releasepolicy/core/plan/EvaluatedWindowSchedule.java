package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.WindowSpec;
import dev.releasepolicy.core.window.WindowEvaluator;
import dev.releasepolicy.core.window.WindowVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The planner's window arithmetic from {@link WindowEvaluator}: the earliest start is the window's
 * next opening (now when open), and the closing time is the end of the opening that contains the
 * start (the allow range's end or the next freeze, whichever is first). An invalid window never opens
 * (verify reports why).
 */
final class EvaluatedWindowSchedule implements WindowSchedule {

    @Override
    public Optional<Instant> earliestStart(WindowSpec window, Instant now) {
        WindowVerdict verdict = WindowEvaluator.evaluate(window.tree(), now, Duration.ZERO);
        return verdict.valid() ? verdict.nextOpening() : Optional.empty();
    }

    @Override
    public Optional<Instant> closesAt(WindowSpec window, Instant start) {
        return WindowEvaluator.evaluate(window.tree(), start, Duration.ZERO).closesAt();
    }
}
