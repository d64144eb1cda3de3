package dev.releasepolicy.core.policy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Cancels policy calls (and module loads) that run too long or allocate too much. One daemon thread
 * per engine looks at the running calls every {@link EngineLimits#watchdogPeriod()}; it starts with
 * the first call. Cheaper than a timer task per call: arming a call is two volatile writes and a set
 * insertion.
 *
 * <p>The watchdog never blocks on a context: stopping one ({@link #stop}) happens on a thread of its
 * own, which interrupts the call again and again until it ends. Once is not always enough: a policy
 * that catches its own stack overflows can swallow the engine's request when it arrives while the
 * stack is full, and {@code Context.close(true)} then waits for ever.
 */
final class Watchdog implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean SUN_THREADS =
            THREADS instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemorySupported() ? s : null;

    private static final Duration STOP_WAIT = Duration.ofMillis(50);
    private static final int STOP_ATTEMPTS = 600;

    private final EngineLimits limits;
    private final Set<PolicyEngine.Runtime> running = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile boolean closed;

    Watchdog(EngineLimits limits) {
        this.limits = limits;
    }

    /** Bytes the thread has allocated so far, or -1 when the JVM cannot tell. */
    static long allocatedBytes(Thread t) {
        if (SUN_THREADS == null) {
            return -1;
        }
        return t == Thread.currentThread()
                ? SUN_THREADS.getCurrentThreadAllocatedBytes()
                : SUN_THREADS.getThreadAllocatedBytes(t.threadId());
    }

    void watch(PolicyEngine.Runtime rt) {
        running.add(rt);
        if (thread == null) {
            start();
        }
    }

    void unwatch(PolicyEngine.Runtime rt) {
        running.remove(rt);
    }

    private synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        Thread t = new Thread(this::loop, "release-policy-watchdog");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the call running in {@code rt} without blocking the caller. */
    void stop(PolicyEngine.Runtime rt) {
        Thread t = new Thread(() -> stopNow(rt), "release-policy-stopper");
        t.setDaemon(true);
        t.start();
    }

    private static void stopNow(PolicyEngine.Runtime rt) {
        for (int attempt = 0; attempt < STOP_ATTEMPTS && rt.running(); attempt++) {
            try {
                rt.context.interrupt(STOP_WAIT);
                return;
            } catch (TimeoutException e) {
                // the request was swallowed or is still on its way: ask again
            } catch (RuntimeException e) {
                return; // the context is closing or closed: the call is over
            }
        }
        if (rt.running()) {
            try {
                rt.context.close(true);
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    private void loop() {
        long period = Math.max(1, limits.watchdogPeriod().toMillis());
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (PolicyEngine.Runtime rt : running) {
                long started = rt.startedNanos;
                Thread owner = rt.thread;
                if (started == 0 || owner == null) {
                    continue;
                }
                long allowed = rt.allowedNanos;
                if (now - started > allowed) {
                    running.remove(rt);
                    rt.kill(started, "it ran longer than " + allowed / 1_000_000 + " ms");
                    continue;
                }
                long start = rt.allocatedAtStart;
                long allocated = allocatedBytes(owner);
                if (start >= 0 && allocated >= 0 && allocated - start > limits.allocatedBytes()) {
                    running.remove(rt);
                    rt.kill(started, "it allocated more than " + limits.allocatedBytes() / (1024 * 1024) + " MB");
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
