package dev.releasepolicy.executor.testing;

import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when someone sleeps on it; each sleep also runs the registered ticks (the
 * test's stand-in for the Deployment and Job controllers the mock server lacks). It is the sleeper of
 * every wait of the executor, the webhooks and the metric analysis.
 */
public final class FakeTime extends Clock implements Sleeper {

    private Instant now;
    private final List<Runnable> ticks = new ArrayList<>();
    private Duration slept = Duration.ZERO;

    public FakeTime(Instant start) {
        this.now = start;
    }

    /** Runs {@code tick} on every sleep. */
    public FakeTime onSleep(Runnable tick) {
        ticks.add(tick);
        return this;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        now = now.plus(duration);
        slept = slept.plus(duration);
        ticks.forEach(Runnable::run);
    }

    /** Moves the clock without running ticks (time passing while no process runs). */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** The total time slept. */
    public synchronized Duration slept() {
        return slept;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
