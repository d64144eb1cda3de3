package dev.releasepolicy.executor.audit;

import java.io.IOException;
import java.util.List;

/**
 * Where audit lines are kept: a file ({@link FileAuditSink}), the release state in the cluster (a
 * ConfigMap, implemented by the executor), or memory ({@link InMemoryAuditSink}). A sink only stores
 * lines; chaining and hashing are done by {@link AuditLog}, so every sink holds the same bytes.
 */
public interface AuditSink {

    /** Appends one line (without its line break) durably before returning. */
    void append(String line) throws IOException;

    /** All lines appended so far, in order. */
    List<String> lines() throws IOException;

    /**
     * A sink that writes every line to all the given sinks and reads from the first: e.g. a local
     * file plus the release's ConfigMap.
     */
    static AuditSink tee(AuditSink primary, AuditSink... others) {
        return new AuditSink() {
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
