package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The verify daemon: a JVM that stays up between Maven builds and runs the {@code verify} goal for
 * them ({@link VerifyGoal#run}, the very code Maven's JVM would run), so that a build pays the policy
 * engine's cold start (about 2.5 s: loading GraalJS into a fresh class loader) once per machine
 * instead of once per build. {@link DaemonClient} starts it on first use with the plugin's own class
 * path; it listens on a Unix-domain socket in a folder only its user can open, serves requests
 * concurrently (a {@code -T} build sends several), and exits when no request came for its idle
 * timeout, when asked to stop, or when its socket is gone.
 *
 * <p>Its output (start, stop, and the stack trace of any request that failed) goes to its log file
 * next to the socket; a failed request makes the build check in its own JVM, where the failure is
 * reported as usual.
 */
public final class VerifyDaemon {

    private static final Duration TICK = Duration.ofMillis(500);

    private final Path socket;
    private final Duration idle;
    private final ServerSocketChannel server;
    private final Object socketKey;
    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();

    private VerifyDaemon(Path socket, Duration idle, ServerSocketChannel server) throws IOException {
        this.socket = socket;
        this.idle = idle;
        this.server = server;
        this.socketKey = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
    }

    /**
     * {@code VerifyDaemon <socket> <idle-millis>}: serves until idle, stopped, or its socket is removed.
     * Exit code 0 after a normal end, 1 when the socket cannot be bound (e.g. another daemon has it).
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: VerifyDaemon <socket-path> <idle-timeout-millis>");
            System.exit(2);
        }
        try {
            VerifyDaemon daemon = bind(Path.of(args[0]), Duration.ofMillis(Long.parseLong(args[1])));
            log("pid " + ProcessHandle.current().pid() + " listening on " + args[0] + ", idle timeout " + args[1]
                    + " ms");
            daemon.serve();
            log("stopped");
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            log("cannot serve on " + args[0] + ": " + e);
            System.exit(1);
        }
    }

    /** Binds the socket; fails when the path exists (another daemon, or a stale socket the client removes). */
    static VerifyDaemon bind(Path socket, Duration idle) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            return new VerifyDaemon(socket, idle, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Accepts requests until {@link #stop()}, the idle timeout, or the socket file's removal; then removes
     * the socket.
     */
    void serve() {
        Thread cleanup = new Thread(this::removeOwnSocket, "verify-daemon-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Thread watchdog =
                Thread.ofPlatform().daemon().name("verify-daemon-idle").start(this::watch);
        try {
            while (server.isOpen()) {
                SocketChannel channel;
                try {
                    channel = server.accept();
                } catch (ClosedChannelException e) {
                    break;
                } catch (IOException e) {
                    log("accept failed: " + e);
                    pause(); // e.g. out of file descriptors: do not spin
                    continue;
                }
                active.incrementAndGet();
                Thread.ofPlatform().daemon().name("verify-request").start(() -> handle(channel));
            }
        } finally {
            watchdog.interrupt();
            stop();
            removeOwnSocket();
            awaitRequests();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets requests already accepted finish (up to a minute) before the JVM exits. */
    private void awaitRequests() {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops accepting; requests being served still get their answer. */
    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            log("close failed: " + e);
        }
    }

    private void watch() {
        while (server.isOpen()) {
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
            boolean idleTooLong = active.get() == 0 && System.nanoTime() - lastActivity > idle.toNanos();
            if (idleTooLong) {
                log("idle for " + idle.toSeconds() + " s");
                stop();
            } else if (!ownsSocket()) {
                log("socket file " + socket + " was removed or replaced");
                stop();
            }
        }
    }

    private boolean ownsSocket() {
        try {
            return Objects.equals(
                    Files.readAttributes(socket, BasicFileAttributes.class).fileKey(), socketKey);
        } catch (IOException e) {
            return false;
        }
    }

    private void removeOwnSocket() {
        if (ownsSocket()) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                log("cannot remove " + socket + ": " + e);
            }
        }
    }

    private void handle(SocketChannel channel) {
        try (channel;
                DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
                DataOutputStream out =
                        new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)))) {
            if (in.readInt() != DaemonProtocol.MAGIC) {
                return;
            }
            int version = in.readInt();
            byte op = in.readByte();
            if (version != DaemonProtocol.VERSION) {
                out.writeByte(DaemonProtocol.STATUS_UNSUPPORTED);
                DaemonProtocol.writeString(
                        out, "protocol version " + version + ", this daemon speaks " + DaemonProtocol.VERSION);
            } else {
                switch (op) {
                    case DaemonProtocol.OP_PING -> {
                        out.writeByte(DaemonProtocol.STATUS_OK);
                        out.writeLong(ProcessHandle.current().pid());
                    }
                    case DaemonProtocol.OP_VERIFY -> verify(in, out);
                    case DaemonProtocol.OP_STOP -> {
                        out.writeByte(DaemonProtocol.STATUS_OK);
                        out.flush();
                        log("asked to stop");
                        stop();
                    }
                    default -> {
                        out.writeByte(DaemonProtocol.STATUS_UNSUPPORTED);
                        DaemonProtocol.writeString(out, "unknown operation " + op);
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            log("request dropped: " + e);
        } finally {
            lastActivity = System.nanoTime();
            active.decrementAndGet();
        }
    }

    private void verify(DataInputStream in, DataOutputStream out) throws IOException {
        if (answerVerify(in, out)) {
            // after an Error (out of memory, say) nothing in this JVM is to be trusted: the next
            // build starts a fresh daemon
            log("stopping after an error");
            stop();
        }
    }

    /**
     * Reads a verify request, runs it and writes the answer: the daemon's and the forked JVM's
     * ({@link VerifyFork}) one request handler. Answers true when the run failed with an
     * {@link Error}, after which the JVM should not serve again.
     */
    static boolean answerVerify(DataInputStream in, DataOutputStream out) throws IOException {
        VerifyGoal.Request request = DaemonProtocol.readRequest(in);
        VerifyGoal.Result result;
        long start = System.nanoTime();
        try {
            result = VerifyGoal.run(request);
            log("verified " + request.basedir() + ": " + result.summary() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (UsageException e) {
            out.writeByte(DaemonProtocol.STATUS_USAGE);
            DaemonProtocol.writeString(out, e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            log("verify of " + request.basedir() + " failed:");
            e.printStackTrace();
            out.writeByte(DaemonProtocol.STATUS_FAILED);
            DaemonProtocol.writeString(out, String.valueOf(e));
            return e instanceof Error;
        }
        out.writeByte(DaemonProtocol.STATUS_OK);
        DaemonProtocol.writeResult(out, result);
        return false;
    }

    static void log(String message) {
        System.err.println(Instant.now() + " " + message);
    }
}
