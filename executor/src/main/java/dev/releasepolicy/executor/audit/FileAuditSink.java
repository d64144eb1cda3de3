package dev.releasepolicy.executor.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** An audit trail in a JSON-lines file; each append is forced to disk before it returns. */
public final class FileAuditSink implements AuditSink {

    private final Path file;

    public FileAuditSink(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(String line) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(false);
        }
    }

    /**
     * Appends under an exclusive lock on the file, so writers in other processes chain on the same
     * last record instead of forking the chain.
     */
    @Override
    @SuppressWarnings("try") // the lock is held by the try block alone; its body never names it
    public synchronized String append(Function<Optional<String>, String> next) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            String line = next.apply(lastLine(ch));
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            long at = ch.size();
            while (bytes.hasRemaining()) {
                at += ch.write(bytes, at);
            }
            ch.force(false);
            return line;
        }
    }

    /** The last non-empty line, read backwards from the end in blocks. */
    private static Optional<String> lastLine(FileChannel ch) throws IOException {
        long end = ch.size();
        ByteArrayOutputStream reversed = new ByteArrayOutputStream();
        ByteBuffer block = ByteBuffer.allocate(4096);
        long pos = end;
        boolean seenContent = false;
        while (pos > 0) {
            int n = (int) Math.min(block.capacity(), pos);
            pos -= n;
            block.clear().limit(n);
            while (block.hasRemaining()) {
                if (ch.read(block, pos + block.position()) < 0) {
                    break;
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                byte b = block.get(i);
                if (b == '\n' || b == '\r') {
                    if (seenContent) {
                        return Optional.of(reverse(reversed));
                    }
                    continue;
                }
                seenContent = true;
                reversed.write(b);
            }
        }
        return seenContent ? Optional.of(reverse(reversed)) : Optional.empty();
    }

    private static String reverse(ByteArrayOutputStream reversed) {
        byte[] bytes = reversed.toByteArray();
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    @Override
    public String toString() {
        return "FileAuditSink[" + file + "]";
    }
}
