package dev.releasepolicy.executor.status;

import dev.releasepolicy.executor.wait.Remaining;

/** Renders a {@link StatusView} as the lines {@code status} prints, the same for the CLI and Maven. */
public final class StatusText {

    private StatusText() {}

    /** The status, one fact per line, each line ending with a newline. */
    public static String render(StatusView v) {
        StringBuilder out = new StringBuilder();
        out.append("Release ")
                .append(v.release())
                .append(" of ")
                .append(v.application())
                .append(" in ")
                .append(v.namespace())
                .append(": ")
                .append(v.status());
        v.waitingUntil()
                .ifPresent(w -> out.append(" until ")
                        .append(w.until())
                        .append(" (")
                        .append(Remaining.format(w.left()))
                        .append(" from now)"));
        out.append('\n');
        out.append("Holder:    ")
                .append(v.holder())
                .append(v.running() ? " (running)" : " (not running)")
                .append('\n');
        out.append("Plan:      ")
                .append(v.planFingerprint())
                .append(", ")
                .append(v.steps())
                .append(" steps, ")
                .append(v.done())
                .append(" done")
                .append('\n');
        if (!v.message().isEmpty()) {
            out.append("Message:   ").append(v.message()).append('\n');
        }
        v.current().ifPresent(s -> step(out, "Current:   ", s));
        v.next().ifPresent(s -> step(out, "Next:      ", s));
        v.then().ifPresent(t -> out.append("Then:      ").append(t).append('\n'));
        for (String line : v.traffic()) {
            out.append("Traffic:   ").append(line).append('\n');
        }
        return out.toString();
    }

    private static void step(StringBuilder out, String heading, StatusView.Step step) {
        out.append(heading)
                .append(step.label())
                .append(": ")
                .append(step.description())
                .append('\n');
    }
}
