package dev.releasepolicy.executor.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Who holds a release and for how long: a process's hold lasts {@code length} without renewal, so a
 * killed process's release can be taken over by someone else once its hold ran out.
 *
 * @param holder who runs the release, recorded in the state ({@code user@host pid N})
 * @param length how long a hold lasts without renewal
 * @param clock  the time the hold is measured in
 */
public record Lease(String holder, Duration length, Clock clock) {

    /** Now, in this lease's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** When a hold taken or renewed now runs out. */
    public Instant until() {
        return now().plus(length);
    }
}
