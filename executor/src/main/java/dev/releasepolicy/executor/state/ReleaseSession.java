package dev.releasepolicy.executor.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One process's hold on a release: the latest {@link ReleaseState} it wrote, the only way it writes
 * the next one, and the renewal of its lease while it works.
 */
public final class ReleaseSession {

    private final StateStore store;
    private final Lease lease;
    private ReleaseState state;

    public ReleaseSession(StateStore store, Lease lease, ReleaseState state) {
        this.store = store;
        this.lease = lease;
        this.state = state;
    }

    /** The state as this process last wrote or read it. */
    public ReleaseState state() {
        return state;
    }

    /** Now, in the session's clock. */
    public Instant now() {
        return lease.now();
    }

    /** Writes a change of the state (optimistically: a conflicting writer makes this fail). */
    public void write(UnaryOperator<ReleaseState> change) {
        state = store.update(state, change);
    }

    /** Writes a status and message and gives up the hold: the process stops here, anyone may continue. */
    public void stopHolding(ReleaseStatus status, String message) {
        Instant now = now();
        write(s -> s.withStatus(status, message, now).withLease(lease.holder(), Optional.empty(), now));
    }

    /** Records a step as done and holds the release for another lease. */
    public void completed(int step) {
        Instant now = now();
        write(s -> s.withCompleted(step, now).withLease(lease.holder(), Optional.of(lease.until()), now));
    }

    /** Renews the hold when less than half of it is left (a write now and then, not one per poll). */
    public void renewLease() {
        Instant now = now();
        Instant until = state.leaseUntil().orElse(Instant.MIN);
        if (Duration.between(now, until).compareTo(lease.length().dividedBy(2)) < 0) {
            write(s -> s.withLease(lease.holder(), Optional.of(now.plus(lease.length())), now));
        }
    }
}
