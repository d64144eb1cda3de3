package dev.releasepolicy.maven;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * A writer that turns what the executor prints into Maven log lines as they come (an apply can run
 * for an hour; its progress should not wait for the end), one log call per line.
 */
final class LogWriter extends Writer {

    private final Consumer<String> sink;
    private final StringBuilder line = new StringBuilder();

    private LogWriter(Consumer<String> sink) {
        this.sink = sink;
    }

    /** A print writer whose every line goes to {@code sink}. */
    static PrintWriter to(Consumer<String> sink) {
        return new PrintWriter(new LogWriter(sink), true);
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        sink.accept(line.toString());
        line.setLength(0);
    }

    @Override
    public synchronized void flush() {
        // lines are emitted when complete; a partial line waits for its end or for close()
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }
}
