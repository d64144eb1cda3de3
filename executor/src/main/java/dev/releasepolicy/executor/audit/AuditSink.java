package dev.releasepolicy.executor.audit;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where audit lines are kept: a file ({@link FileAuditSink}), the release state in the cluster (a
 * ConfigMap, implemented by the executor), or memory ({@link InMemoryAuditSink}). A sink only stores
 * lines; chaining and hashing are done by {@link AuditLog}, so every sink holds the same bytes.
 */
public interface AuditSink {

    /** Appends one line (without its line break) durably before returning. */
    void append(String line) throws IOException;

    /**
     * Appends the line {@code next} makes of the trail's current last line (empty for an empty trail),
     * atomically with respect to other writers of the same trail (other processes too, where the sink
     * can ensure it), and returns that line. This is how records are chained: the hash of the last
     * record is read and the next record written as one step. The default is atomic only within one
     * sink object.
     */
    default String append(Function<Optional<String>, String> next) throws IOException {
        synchronized (this) {
            List<String> lines = lines();
            String line = next.apply(lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1)));
            append(line);
            return line;
        }
    }

    /** All lines appended so far, in order. */
    List<String> lines() throws IOException;

    /**
     * A sink that writes every line to all the given sinks and reads from the first: e.g. a local
     * file plus the release's ConfigMap. Records are chained on the primary's last line.
     */
    static AuditSink tee(AuditSink primary, AuditSink... others) {
        return new AuditSink() {
            @Override
            public String append(Function<Optional<String>, String> next) throws IOException {
                String line = primary.append(next);
                for (AuditSink s : others) {
                    s.append(line);
                }
                return line;
            }

            @Override
            public void append(String line) throws IOException {
                primary.append(line);
                for (AuditSink s : others) {
                    s.append(line);
                }
            }

            @Override
            public List<String> lines() throws IOException {
                return primary.lines();
            }
        };
    }
}
