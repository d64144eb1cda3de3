package dev.releasepolicy.core.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the checks of one file read besides the file itself, so that the verify cache
 * ({@link ResultCache}) knows when a stored result no longer holds: other files (a workload's
 * Deployment file, with their content hash taken <em>before</em> they were read, so that a file that
 * changes meanwhile makes the entry stale, never wrong), and time-dependent inputs that a policy
 * actually read ({@code ctx.now}, fields of {@code ctx.window}). Used by one thread: the thread that
 * checks the file.
 */
public final class CheckTrace {

    /** A trace that records nothing (no cache). */
    public static final CheckTrace NONE = new CheckTrace(false);

    /**
     * A time-dependent input the findings depend on.
     *
     * @param name  {@code now} (value: the ISO instant) or a {@link TimedInput}'s name, e.g. {@code window}
     * @param input what the value was computed from (e.g. the manifest's {@code spec}); null for {@code now}
     * @param value the fields that were read, as an object, or the instant as a string
     * @param all   whether the whole value counts (a policy listed its keys), not only the fields in it
     */
    public record Clock(String name, JsonNode input, JsonNode value, boolean all) {}

    private final boolean recording;
    private final List<Path> files = new ArrayList<>();
    private final List<String> hashes = new ArrayList<>();
    private final List<Clock> clocks = new ArrayList<>();

    private CheckTrace(boolean recording) {
        this.recording = recording;
    }

    /** A trace that records. */
    public static CheckTrace recording() {
        return new CheckTrace(true);
    }

    /** Notes that a check is about to read {@code file} (which may not exist). Call before reading it. */
    public synchronized void reading(Path file) {
        if (recording) {
            files.add(file);
            hashes.add(ResultCache.contentHash(file));
        }
    }

    /** Notes that the findings depend on a time-dependent input. */
    public synchronized void clock(Clock clock) {
        if (recording) {
            clocks.add(clock);
        }
    }

    /** Whether anything records (callers may skip work that only a trace needs). */
    public boolean isRecording() {
        return recording;
    }

    synchronized List<Path> files() {
        return List.copyOf(files);
    }

    synchronized List<String> hashes() {
        return List.copyOf(hashes);
    }

    synchronized List<Clock> clocks() {
        return List.copyOf(clocks);
    }
}
