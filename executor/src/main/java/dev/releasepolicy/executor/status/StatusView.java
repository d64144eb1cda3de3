package dev.releasepolicy.executor.status;

import dev.releasepolicy.executor.state.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code status} shows, as data: the recorded state of a release, where it is in its plan, what
 * happens next, and the live traffic. {@link StatusText} renders it for people.
 *
 * @param waitingUntil when a {@code Waiting} release may be resumed, and how long that is from now
 * @param running      whether the holder's lease still lasts (a process is at work)
 * @param current      the step the release is at, while it is active
 * @param next         the step after it, if any
 * @param then         what a person does next, while the release is active ("" when nothing)
 * @param traffic      the live routing of the plan's Services and VirtualServices, one line each
 */
public record StatusView(
        String release,
        String application,
        String namespace,
        ReleaseStatus status,
        Optional<Wait> waitingUntil,
        String holder,
        boolean running,
        String planFingerprint,
        int steps,
        int done,
        String message,
        Optional<Step> current,
        Optional<Step> next,
        Optional<String> then,
        List<String> traffic) {

    public StatusView {
        traffic = List.copyOf(traffic);
    }

    /** A planned wait's end and the time left until it. */
    public record Wait(Instant until, Duration left) {}

    /** A step as status names it: {@code step 3/9 (canary-10)} and what it does. */
    public record Step(String label, String description) {}
}
