package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The verify goal's side of the verify daemon ({@link VerifyDaemon}): finds the daemon made for this
 * exact plugin class path and JDK, starts it when there is none, and sends it a request.
 *
 * <p><b>Which daemon.</b> The socket's name is a hash of the JDK, the daemon's JVM options and every
 * class-path jar's path, size and modification time, so a rebuilt or upgraded plugin gets a new
 * daemon and never talks to an old one (which then idles out).
 *
 * <p><b>Safety.</b> The folder that holds the sockets must belong to the user and be closed to
 * everyone else (it is created with mode 700); otherwise the daemon is not used. Starting is
 * serialized by a lock file across JVMs and by a monitor within one, so a {@code -T} build or two
 * builds at once start one daemon. Anything that goes wrong is an {@link Unavailable} with its reason:
 * the goal then checks in Maven's JVM, so the daemon can make a build faster but never change or lose
 * its result.
 */
final class DaemonClient {

    /** Why the daemon could not serve a request; the goal checks in Maven's JVM instead. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** The daemon that answered: its pid and whether this call started it. */
    record Daemon(long pid, boolean started) {}

    /** Longest socket path the kernel takes (108 bytes with the terminator on Linux, 104 on macOS). */
    static final int MAX_SOCKET_PATH = 100;

    private static final String MAIN = VerifyDaemon.class.getName();
    private static final Object START = new Object();
    /** How long the files of a daemon that no longer runs are kept. */
    static final Duration PRUNE_AFTER = Duration.ofDays(7);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final List<Path> classpath;
    private final Path javaExecutable;
    private final List<String> jvmOptions;
    private final Duration idle;
    private final Duration startTimeout;
    private final String key;
    private final String pluginVersion;

    /** A client for a plugin whose version is not known (tests): its AOT cache is pruned by age only. */
    DaemonClient(Path directory, List<Path> classpath, Path java, Duration idle, Duration startTimeout) {
        this(directory, classpath, java, idle, startTimeout, "");
    }

    /**
     * @param directory    where sockets, lock and log files live
     * @param classpath    the daemon's class path: the plugin's jar and its dependencies
     * @param java         the {@code java} executable to start it with
     * @param idle         how long the daemon waits for a request before it exits
     * @param startTimeout how long a start may take before the goal gives up on it
     * @param pluginVersion the plugin's version: of the AOT caches made for one version only the newest
     *                     is kept
     */
    DaemonClient(
            Path directory,
            List<Path> classpath,
            Path java,
            Duration idle,
            Duration startTimeout,
            String pluginVersion) {
        this.directory = directory.toAbsolutePath().normalize();
        this.classpath = List.copyOf(classpath);
        this.javaExecutable = java;
        this.jvmOptions = jvmOptions(Runtime.version().feature());
        this.idle = idle;
        this.startTimeout = startTimeout;
        this.key = key(java, jvmOptions, this.classpath);
        this.pluginVersion = pluginVersion;
    }

    /** Where verify checks. */
    enum Mode {
        /** In a JVM of its own started for this build and waited for (the default). */
        FORK,
        /** In the verify daemon, which stays up between builds. */
        DAEMON,
        /** In Maven's JVM. */
        MAVEN
    }

    /**
     * Where verify should check.
     *
     * @param setting the {@code daemon} parameter: {@code fork} (or empty), {@code true} (the daemon),
     *                {@code false} (Maven's JVM), or {@code auto} (the daemon unless {@code ci} is set,
     *                else Maven's JVM)
     * @param ci      the environment variable {@code CI}; set to anything but {@code false} it means a CI
     *                build
     * @throws UsageException for another setting
     */
    static Mode mode(String setting, String ci) {
        boolean inCi = inCi(ci);
        return switch (setting == null ? "fork" : setting.trim().toLowerCase(Locale.ROOT)) {
            case "fork", "" -> Mode.FORK;
            case "auto" -> inCi ? Mode.MAVEN : Mode.DAEMON;
            case "true" -> Mode.DAEMON;
            case "false" -> Mode.MAVEN;
            default ->
                throw new UsageException(
                        "daemon (release-policy.daemon) is '" + setting + "': use fork, true, false or auto");
        };
    }

    /** Whether the environment variable {@code CI} says this is a CI build (set, and not {@code false}). */
    static boolean inCi(String ci) {
        return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false");
    }

    /** Whether a JVM started now would start from an AOT cache (JDK 25+, one made for this key). */
    boolean hasAotCache() {
        List<String> aot = aotOptions(Runtime.version().feature());
        return !aot.isEmpty() && aot.get(0).startsWith("-XX:AOTCache=");
    }

    /** The forked JVM's compiler option (not part of the key: the AOT cache is the daemon's too). */
    static final String FORK_TIERS = "-XX:TieredStopAtLevel=1";

    /**
     * The JVM options of a daemon: a small-footprint collector, no warnings for GraalJS on newer JDKs,
     * and no SLF4J "no providers" warning in its log (the schema validator's SLF4J has no provider on
     * the plugin's class path; Maven's own provider lives in Maven's JVM, not here).
     */
    static List<String> jvmOptions(int jdkFeature) {
        List<String> options = new ArrayList<>(
                List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xss4m", "-Dslf4j.internal.verbosity=ERROR"));
        if (jdkFeature >= 22) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        if (jdkFeature >= 23) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    Path socket() {
        return directory.resolve(key + ".sock");
    }

    Path logFile() {
        return directory.resolve(key + ".log");
    }

    /**
     * Runs one verify in the daemon, starting it first if needed.
     *
     * @param started called with the new daemon's pid when this call started one
     * @throws UsageException for a wrong request, as the goal in Maven's JVM would throw it
     * @throws Unavailable    when the daemon cannot be used; nothing was written for the request then
     *                        unless it was the daemon that failed half-way, which the goal's own run
     *                        repeats in full
     */
    VerifyGoal.Result verify(VerifyGoal.Request request, LongConsumer started) throws Unavailable {
        prepareDirectory(true);
        Optional<SocketChannel> running = connect();
        if (running.isPresent()) {
            try {
                return exchange(running.get(), request);
            } catch (IOException e) {
                // it was stopping (idle timeout) or died: a verify can be repeated, so start another
            }
        }
        Daemon daemon = start();
        if (daemon.started()) {
            started.accept(daemon.pid());
        }
        SocketChannel channel = connect()
                .orElseThrow(() ->
                        new Unavailable("the daemon (pid " + daemon.pid() + ") stopped answering; see " + logFile()));
        try {
            return exchange(channel, request);
        } catch (IOException e) {
            throw new Unavailable("the daemon's answer was cut off (" + e.getMessage() + "; see " + logFile() + ")");
        }
    }

    private VerifyGoal.Result exchange(SocketChannel channel, VerifyGoal.Request request)
            throws IOException, Unavailable {
        try (SocketChannel c = channel;
                DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c)))) {
            DaemonProtocol.writeHeader(out, DaemonProtocol.OP_VERIFY);
            DaemonProtocol.writeRequest(out, request);
            out.flush();
            return answer(in, "the daemon", "; see " + logFile());
        }
    }

    /** Reads the answer to a verify request from the daemon or a forked JVM ({@code who}). */
    private static VerifyGoal.Result answer(DataInputStream in, String who, String seeAlso)
            throws IOException, Unavailable {
        byte status = in.readByte();
        return switch (status) {
            case DaemonProtocol.STATUS_OK -> DaemonProtocol.readResult(in);
            case DaemonProtocol.STATUS_USAGE -> throw new UsageException(DaemonProtocol.readString(in));
            case DaemonProtocol.STATUS_FAILED ->
                throw new Unavailable(who + " failed (" + DaemonProtocol.readString(in) + seeAlso + ")");
            default -> throw new Unavailable(who + " refused the request: " + DaemonProtocol.readString(in));
        };
    }

    /**
     * Runs one verify in a JVM of its own ({@link VerifyFork}) and waits until it has exited, so that
     * nothing outlives the build. On JDK 25 and newer it starts from this plugin build's AOT cache (the
     * daemon's, see {@link #aotOptions}); when there is none yet, this JVM is the training run that
     * writes it as it exits (one at a time: a concurrent fork runs without a cache).
     *
     * @param training called before a training run starts (the build says why it takes longer)
     * @throws UsageException for a wrong request, as the goal in Maven's JVM would throw it
     * @throws Unavailable    when no answer came (the JVM could not start, failed or died); its last
     *                        lines of standard error are in the message
     */
    VerifyGoal.Result fork(VerifyGoal.Request request, Runnable training) throws Unavailable {
        prepareDirectory(false);
        List<String> aot = aotOptions(Runtime.version().feature());
        FileChannel lockFile = null;
        FileLock lock = null;
        try {
            if (!aot.isEmpty() && aot.get(0).startsWith("-XX:AOTCacheOutput=")) {
                lockFile = FileChannel.open(
                        directory.resolve(key + ".train.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = tryLock(lockFile);
                if (lock == null) {
                    aot = List.of();
                } else {
                    training.run();
                }
            }
            writeVersion();
            VerifyGoal.Result result = runFork(request, aot);
            if (lock != null) {
                pruneOthers(Instant.now());
            }
            return result;
        } catch (IOException e) {
            throw new Unavailable("cannot start a JVM for verify: " + e.getMessage());
        } finally {
            closeQuietly(lock, lockFile);
        }
    }

    private VerifyGoal.Result runFork(VerifyGoal.Request request, List<String> aot) throws IOException, Unavailable {
        // The JVM's own messages (an unusable AOT cache, say) go to standard output by default, where
        // they would corrupt the answer: send them to standard error.
        List<String> options = new ArrayList<>(List.of("-Xlog:disable", "-Xlog:all=warning:stderr"));
        // A forked JVM lives for one check of about a second: C2 would compile little that pays back
        // before it exits (the CLI launcher runs C1 only too). The daemon, which lives on, keeps C2.
        options.add(FORK_TIERS);
        options.addAll(aot);
        Process process = new ProcessBuilder(command(options, VerifyFork.class.getName(), List.of()))
                .directory(directory.toFile())
                .start();
        StringBuilder errors = new StringBuilder();
        Thread drain = Thread.ofPlatform().daemon().name("verify-fork-stderr").start(() -> keepTail(process, errors));
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()))) {
                DaemonProtocol.writeHeader(out, DaemonProtocol.OP_VERIFY);
                DaemonProtocol.writeRequest(out, request);
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
                return answer(in, "the verify JVM", "");
            }
        } catch (IOException e) {
            // it could not start, or died: what it said on standard error tells why
            int code = waitFor(process);
            try {
                drain.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            String said;
            synchronized (errors) {
                said = errors.toString();
            }
            throw new Unavailable(
                    "the verify JVM exited with code " + code + " without an answer: " + lastLines(said, 3));
        } finally {
            // an answer is complete before the JVM exits, but a training run still writes its AOT cache
            // then: wait for that too, so that no process outlives the build
            if (process.isAlive() && Thread.currentThread().isInterrupted()) {
                process.destroy();
            }
            waitFor(process);
        }
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                process.destroy();
            }
        }
    }

    /** Keeps the last 16 KB of the process's standard error in {@code tail}. */
    private static void keepTail(Process process, StringBuilder tail) {
        try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                synchronized (tail) {
                    tail.append(buffer, 0, n);
                    if (tail.length() > 16_384) {
                        tail.delete(0, tail.length() - 16_384);
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read stays
        }
    }

    /** A lock no other JVM or thread holds now, or null. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void closeQuietly(FileLock lock, FileChannel channel) {
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel at the latest when this JVM exits
        }
    }

    /** Records which plugin version the files of this key belong to (for {@link #pruneOthers}). */
    private void writeVersion() {
        Path file = directory.resolve(key + ".version");
        if (!pluginVersion.isEmpty() && !Files.exists(file)) {
            try {
                Files.writeString(file, pluginVersion, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // without it this key's cache is pruned by age only
            }
        }
    }

    /** The running daemon's pid, if one answers. */
    Optional<Long> ping() {
        return ask(socket(), DaemonProtocol.OP_PING, DataInputStream::readLong);
    }

    /** Asks the running daemon to exit; answers whether one was running. */
    boolean stop() {
        return stop(socket());
    }

    /**
     * The daemon folder: the configured one, else {@code $XDG_CACHE_HOME/release-policy/daemon}, else {@code
     * ~/.cache/...}.
     */
    static Path directory(File configured) {
        if (configured != null) {
            return configured.toPath().toAbsolutePath();
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("release-policy").resolve("daemon");
    }

    /** Asks every daemon with a socket in {@code directory} to exit; answers how many did. */
    static int stopAll(Path directory) {
        int stopped = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path socket : files.filter(f -> f.getFileName().toString().matches("verify-.*\\.sock"))
                    .toList()) {
                if (stop(socket)) {
                    stopped++;
                }
            }
        } catch (IOException e) {
            return stopped;
        }
        return stopped;
    }

    private static boolean stop(Path socket) {
        return ask(socket, DaemonProtocol.OP_STOP, in -> true).isPresent();
    }

    /** What an operation answers after its OK status. */
    private interface Answer<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Sends an operation without arguments; its answer when the daemon says OK, else empty. */
    private static <T> Optional<T> ask(Path socket, byte op, Answer<T> answer) {
        Optional<SocketChannel> channel = connect(socket);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        try (SocketChannel c = channel.get();
                DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(c)));
                DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c))) {
            DaemonProtocol.writeHeader(out, op);
            out.flush();
            return in.readByte() == DaemonProtocol.STATUS_OK ? Optional.of(answer.read(in)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<SocketChannel> connect() {
        return connect(socket());
    }

    private static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return Optional.empty();
        }
    }

    /**
     * Creates the folder owner-only, or refuses one that others could reach into (a cache in it is code
     * the JVM runs). {@code socket}: the path of a socket in it must fit the kernel's limit.
     */
    private void prepareDirectory(boolean socket) throws Unavailable {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            throw new Unavailable("the daemon needs a POSIX file system for its private socket folder");
        }
        if (socket && socket().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new Unavailable("the socket path " + socket() + " is longer than " + MAX_SOCKET_PATH
                    + " bytes; set release-policy.daemonDirectory to a shorter folder");
        }
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            PosixFileAttributes attributes =
                    Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String user = System.getProperty("user.name");
            if (!attributes.isDirectory()) {
                throw new Unavailable(directory + " is not a folder (a link?)");
            }
            if (!attributes.owner().getName().equals(user)) {
                throw new Unavailable(
                        directory + " belongs to " + attributes.owner().getName() + ", not to " + user);
            }
            if (!OWNER_ONLY.containsAll(attributes.permissions())) {
                throw new Unavailable(directory + " is open to other users ("
                        + PosixFilePermissions.toString(attributes.permissions())
                        + "); make it private with chmod 700");
            }
        } catch (IOException e) {
            throw new Unavailable("cannot prepare " + directory + ": " + e.getMessage());
        }
    }

    /** Starts a daemon unless another JVM or thread just did; answers the pid of the one that answers. */
    @SuppressWarnings("try") // the lock is held for the block; its variable is not read
    private Daemon start() throws Unavailable {
        synchronized (START) {
            try (FileChannel lockFile = FileChannel.open(
                            directory.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                Optional<Long> running = ping();
                if (running.isPresent()) {
                    return new Daemon(running.get(), false);
                }
                Files.deleteIfExists(socket());
                pruneOthers(Instant.now());
                return new Daemon(launch(), true);
            } catch (IOException e) {
                throw new Unavailable("cannot start the daemon: " + e.getMessage());
            }
        }
    }

    private long launch() throws IOException, Unavailable {
        writeVersion();
        List<String> command = command(
                aotOptions(Runtime.version().feature()),
                MAIN,
                List.of(socket().toString(), Long.toString(idle.toMillis())));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()))
                .start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = ping();
            if (pid.isPresent()) {
                return pid.get();
            }
            if (!process.isAlive()) {
                throw new Unavailable(
                        "the daemon exited at start with code " + process.exitValue() + ": " + lastLines(3));
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroy();
        throw new Unavailable("the daemon did not answer within " + startTimeout.toSeconds() + " s; see " + logFile());
    }

    /** The command line of a daemon or forked JVM: this JDK, the JVM options, the plugin's class path. */
    private List<String> command(List<String> aot, String main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmOptions);
        command.addAll(aot);
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        command.add(main);
        command.addAll(args);
        return command;
    }

    Path aotCache() {
        return directory.resolve(key + ".aot");
    }

    /**
     * On JDK 25 and newer, the daemon's classes come from an AOT cache made by an earlier daemon of
     * the same key: a daemon started without a cache is the JDK's training run
     * ({@code -XX:AOTCacheOutput}) and writes the cache when it exits (idle or stopped), so later
     * daemons start in about half the time. While a cache is being written (its temporary
     * {@code .aot.config} file exists) a daemon starts without one. A cache the JDK finds unusable
     * is ignored by the JDK, with a line in the daemon's log. No cache with a folder on the class
     * path (a plugin used from its own reactor's {@code target/classes}): the JDK cannot make one then;
     * nor when the folder's path has a {@code :} in it, which the JDK's option refuses.
     */
    List<String> aotOptions(int jdkFeature) {
        if (jdkFeature < 25
                || classpath.stream().anyMatch(Files::isDirectory)
                || aotCache().toString().contains(File.pathSeparator)) {
            return List.of();
        }
        Path config = directory.resolve(key + ".aot.config");
        if (Files.exists(config)) {
            return List.of();
        }
        try {
            if (Files.size(aotCache()) > 0) {
                return List.of("-XX:AOTCache=" + aotCache());
            }
        } catch (IOException e) {
            // no cache yet: this daemon makes one
        }
        return List.of("-XX:AOTCacheOutput=" + aotCache());
    }

    /**
     * Deletes the files of other daemons and forked JVMs (older plugin builds or JDKs) that have not run
     * for {@link #PRUNE_AFTER}: their AOT caches take about 60 MB each; and of the AOT caches made for one
     * plugin version keeps only the newest.
     */
    void pruneOthers(Instant now) {
        Map<String, List<Path>> byKey = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                if (name.startsWith("verify-") && dot > 0) {
                    byKey.computeIfAbsent(name.substring(0, dot), k -> new ArrayList<>())
                            .add(f);
                }
            });
        } catch (IOException e) {
            return;
        }
        keepNewestCachePerVersion(byKey);
        byKey.remove(key);
        for (List<Path> files : byKey.values()) {
            boolean stale = files.stream()
                    .allMatch(f -> !f.getFileName().toString().endsWith(".sock")
                            && modified(f).isBefore(now.minus(PRUNE_AFTER)));
            if (stale) {
                for (Path f : files) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // a file in use stays; the next prune tries again
                    }
                }
            }
        }
    }

    /**
     * Each build of the plugin (a new jar, so a new key) makes its own AOT cache of about 60 MB; of the
     * caches made for one plugin version ({@code <key>.version}) only the newest is kept, and this
     * key's own counts as the newest. A cache being written ({@code .aot.config}) is left alone; a
     * daemon still running from a deleted cache keeps its mapping of it.
     */
    private void keepNewestCachePerVersion(Map<String, List<Path>> byKey) {
        Map<String, List<Path>> cachesByVersion = new HashMap<>();
        for (String k : byKey.keySet()) {
            Path cache = directory.resolve(k + ".aot");
            Path version = directory.resolve(k + ".version");
            if (Files.isRegularFile(cache)
                    && Files.isRegularFile(version)
                    && !Files.exists(directory.resolve(k + ".aot.config"))) {
                try {
                    cachesByVersion
                            .computeIfAbsent(
                                    Files.readString(version, StandardCharsets.UTF_8)
                                            .strip(),
                                    v -> new ArrayList<>())
                            .add(cache);
                } catch (IOException e) {
                    // unreadable: pruned by age only
                }
            }
        }
        Path mine = aotCache();
        for (List<Path> caches : cachesByVersion.values()) {
            Path keep = caches.contains(mine)
                    ? mine
                    : caches.stream()
                            .max(Comparator.comparing(DaemonClient::modified))
                            .orElseThrow();
            for (Path cache : caches) {
                if (!cache.equals(keep)) {
                    try {
                        Files.deleteIfExists(cache);
                    } catch (IOException ignored) {
                        // the next prune tries again
                    }
                }
            }
        }
    }

    private static Instant modified(Path f) {
        try {
            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty()
                ? "(nothing on its standard error)"
                : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private String lastLines(int n) {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A short hash of everything that makes a daemon fit this build. */
    static String key(Path java, List<String> jvmOptions, List<Path> classpath) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder("protocol " + DaemonProtocol.VERSION + "\n" + java + "\n"
                    + Runtime.version() + "\n" + String.join(" ", jvmOptions) + "\n");
            for (Path p : classpath) {
                text.append(p);
                try {
                    text.append(' ')
                            .append(Files.size(p))
                            .append(' ')
                            .append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    text.append(" missing");
                }
                text.append('\n');
            }
            byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "verify-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the channel was never usable
            }
        }
    }
}
