package dev.releasepolicy.core.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the plan can run: the earliest start given the release window and the clock, the least time
 * it takes, and whether the part that must happen inside the window fits before the window closes.
 *
 * @param now                  the clock the plan was made with ({@code --now})
 * @param earliestStart        the first moment the window allows a start (now, when it is open)
 * @param minimumDuration      sum of all steps' minimum durations (including keeping the previous version)
 * @param inWindowDuration     the part up to the last traffic step, which must end before the window closes
 * @param earliestFinish       earliestStart + minimumDuration
 * @param windowClosesAt       when the window that contains the start closes; empty when it does not close
 * @param fitsWindow           whether earliestStart + inWindowDuration is not after windowClosesAt
 * @param waitsForApproval     whether a step waits for a person (the real duration is then longer)
 * @param warnings             timeline problems in words (the plan cannot finish in the window, ...)
 */
public record Timeline(
        Instant now,
        Instant earliestStart,
        Duration minimumDuration,
        Duration inWindowDuration,
        Instant earliestFinish,
        Optional<Instant> windowClosesAt,
        boolean fitsWindow,
        boolean waitsForApproval,
        List<String> warnings) {

    public Timeline {
        warnings = List.copyOf(warnings);
    }
}
