package dev.releasepolicy.executor.audit;

import java.util.ArrayList;
import java.util.List;

/** An audit trail kept in memory, for tests and for building the lines stored in a ConfigMap. */
public final class InMemoryAuditSink implements AuditSink {

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void append(String line) {
        lines.add(line);
    }

    @Override
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
