package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.kube.RetryPolicy;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The executor's knobs.
 *
 * @param holder             who runs the release, recorded in the state ({@code user@host pid N})
 * @param lease              how long a running process's hold lasts without renewal; a killed
 *                           process's release can be resumed by someone else once it ran out
 * @param longWait           waits longer than this stop the process ("waiting until ...") instead of sleeping
 * @param pollInterval       how often readiness and Jobs are polled, and countdowns refreshed
 * @param defaultReadyTimeout readiness timeout of a step that has none (and of rollbacks' redeployments)
 * @param retry              retries of conflicts and transient API errors
 */
public record ExecutorSettings(
        String holder,
        Duration lease,
        Duration longWait,
        Duration pollInterval,
        Duration defaultReadyTimeout,
        RetryPolicy retry) {

    /** Two-minute lease and long-wait threshold, 2 s polling, 10 min readiness, default retries. */
    public static ExecutorSettings defaults() {
        return new ExecutorSettings(
                defaultHolder(),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                RetryPolicy.DEFAULT);
    }

    /**
     * The same settings, staying in the process through every timed wait (watching the steps'
     * automatic-rollback triggers and renewing the lease) instead of stopping at long ones.
     */
    public ExecutorSettings stayingThroughWaits() {
        return new ExecutorSettings(holder, lease, Duration.ofDays(36_500), pollInterval, defaultReadyTimeout, retry);
    }

    /** The same settings with another holder name. */
    public ExecutorSettings withHolder(String name) {
        return new ExecutorSettings(name, lease, longWait, pollInterval, defaultReadyTimeout, retry);
    }

    /** {@code user@host pid N}. */
    public static String defaultHolder() {
        String user = System.getProperty("user.name", "unknown");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return user + "@" + host + " pid "
                + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
