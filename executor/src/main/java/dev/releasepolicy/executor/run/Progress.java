package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.wait.Remaining;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where the executor tells what it does: one line per event, and a countdown during short waits
 * (redrawn in place on a terminal, a plain line now and then otherwise).
 */
public interface Progress {

    /** One event. */
    void line(String text);

    /** A wait in progress with {@code remaining} left. */
    void countdown(String what, Duration remaining);

    /** Something went wrong that does not stop the run (an audit record that could not be written). */
    default void warning(String text) {
        line("warning: " + text);
    }

    /**
     * A diagnostic about how the run talks to the cluster (a retried API call), not a step of the release: a
     * front end prints it apart from the run's output (on the error stream).
     */
    default void notice(String text) {
        line(text);
    }

    /** This progress, with its warnings going to {@code sink} instead (the error stream of a front end). */
    default Progress warningsTo(Consumer<String> sink) {
        return divert(sink, this::notice);
    }

    /** This progress, with its notices going to {@code sink} instead (the error stream of a front end). */
    default Progress noticesTo(Consumer<String> sink) {
        return divert(this::warning, sink);
    }

    private Progress divert(Consumer<String> warnings, Consumer<String> notices) {
        Progress lines = this;
        return new Progress() {
            @Override
            public void line(String text) {
                lines.line(text);
            }

            @Override
            public void countdown(String what, Duration remaining) {
                lines.countdown(what, remaining);
            }

            @Override
            public void warning(String text) {
                warnings.accept(text);
            }

            @Override
            public void notice(String text) {
                notices.accept(text);
            }
        };
    }

    /** Says nothing (tests, embedding). */
    Progress SILENT = new Progress() {
        @Override
        public void line(String text) {}

        @Override
        public void countdown(String what, Duration remaining) {}
    };

    /** Plain lines; countdowns once a minute and at the end (for logs and CI). */
    static Progress plain(PrintWriter out) {
        return new Progress() {
            private long lastMinute = -1;
            private String lastWhat = "";

            @Override
            public void line(String text) {
                out.println(text);
                out.flush();
            }

            @Override
            public void countdown(String what, Duration remaining) {
                long minute = remaining.toMinutes();
                if (minute != lastMinute || !what.equals(lastWhat)) {
                    lastMinute = minute;
                    lastWhat = what;
                    out.println("  " + what + ": " + format(remaining) + " left");
                    out.flush();
                }
            }
        };
    }

    /** A live countdown redrawn with carriage returns (for a terminal). */
    static Progress terminal(PrintWriter out) {
        return new Progress() {
            private boolean open;

            @Override
            public void line(String text) {
                if (open) {
                    out.println();
                    open = false;
                }
                out.println(text);
                out.flush();
            }

            @Override
            public void countdown(String what, Duration remaining) {
                out.print("\r  " + what + ": " + format(remaining) + " left   ");
                out.flush();
                open = !remaining.isZero();
                if (!open) {
                    out.println();
                }
            }
        };
    }

    /** {@code 1h02m03s}, {@code 9m05s}, {@code 42s}. */
    static String format(Duration d) {
        return Remaining.format(d);
    }
}
