package dev.releasepolicy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.options.UsageException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyDaemonTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");

    @TempDir
    Path temp;

    private Path basedir;
    private Path sockets;
    private DaemonClient client;
    private VerifyDaemon daemon;
    private CompletableFuture<Void> serving;

    @BeforeEach
    void setUp() throws Exception {
        basedir = temp.resolve("project");
        Files.createDirectories(basedir.resolve("release"));
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), basedir.resolve("release/canary-api.yaml"));
        Files.copy(EXAMPLES.resolve("invalid/bad-duration.yaml"), basedir.resolve("release/bad-duration.yaml"));
        sockets = temp.resolve("d");
        client = client(sockets, Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.stop();
            serving.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void verify_answersWhatTheGoalAnswersInMavensJvm() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        VerifyGoal.Request request = request(List.of(basedir.resolve("release")), List.of("json", "junit", "nope"));

        VerifyGoal.Result viaDaemon = client.verify(request, pid -> {});
        Files.move(basedir.resolve("target/release-policy/release-policy.json"), temp.resolve("daemon.json"));
        VerifyGoal.Result inProcess = VerifyGoal.run(request);

        assertThat(viaDaemon).isEqualTo(inProcess);
        assertThat(viaDaemon.exitCode()).isEqualTo(1);
        assertThat(viaDaemon.manifests()).isEqualTo(2);
        assertThat(viaDaemon.errors()).isPositive();
        assertThat(viaDaemon.lines()).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo(VerifyGoal.Level.ERROR);
            assertThat(line.text()).startsWith("release/bad-duration.yaml:");
        });
        assertThat(viaDaemon.lines()).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo(VerifyGoal.Level.WARN);
            assertThat(line.text()).contains("report format 'nope' is not available");
        });
        assertThat(Files.readString(temp.resolve("daemon.json")))
                .isEqualTo(Files.readString(basedir.resolve("target/release-policy/release-policy.json")));
    }

    @Test
    void verify_concurrentRequests_eachGetTheirOwnAnswer() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        Path good = basedir.resolve("release/canary-api.yaml");
        Path bad = basedir.resolve("release/bad-duration.yaml");
        List<Future<VerifyGoal.Result>> answers = new ArrayList<>();
        try (ExecutorService builds = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                Path manifest = i % 2 == 0 ? good : bad;
                answers.add(builds.submit(() -> client.verify(request(List.of(manifest), List.of()), pid -> {})));
            }
            for (int i = 0; i < answers.size(); i++) {
                VerifyGoal.Result r = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as("request %d", i).isEqualTo(i % 2 == 0 ? 0 : 1);
            }
        }
    }

    @Test
    void verify_usageError_isThrownAsInMavensJvm() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        VerifyGoal.Request request = request(List.of(basedir.resolve("release/missing.yaml")), List.of());

        assertThatThrownBy(() -> client.verify(request, pid -> {}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("missing.yaml: no such file or directory");
    }

    @Test
    void stop_endsTheDaemon_andRemovesItsSocket() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        assertThat(client.ping()).contains(ProcessHandle.current().pid());

        assertThat(client.stop()).isTrue();
        serving.get(30, TimeUnit.SECONDS);
        daemon = null;

        assertThat(client.socket()).doesNotExist();
        assertThat(client.ping()).isEmpty();
        assertThat(client.stop()).isFalse();
    }

    @Test
    void stopAll_stopsEveryDaemonOfTheFolder() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        Files.writeString(sockets.resolve("verify-0000000000000001.sock"), "a stale socket: nobody answers");

        assertThat(DaemonClient.stopAll(sockets)).isEqualTo(1);
        serving.get(30, TimeUnit.SECONDS);
        daemon = null;
        assertThat(DaemonClient.stopAll(sockets)).isZero();
        assertThat(DaemonClient.stopAll(temp.resolve("no-such-folder"))).isZero();
    }

    @Test
    void idle_daemonExitsAfterItsTimeoutWithoutRequests() throws Exception {
        serveInThisJvm(Duration.ofMillis(300));
        serving.get(30, TimeUnit.SECONDS);
        daemon = null;
        assertThat(client.socket()).doesNotExist();
    }

    @Test
    void otherProtocolVersion_isRefusedWithAReason() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(client.socket()));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            out.writeInt(DaemonProtocol.MAGIC);
            out.writeInt(DaemonProtocol.VERSION + 1);
            out.writeByte(DaemonProtocol.OP_PING);
            out.flush();
            assertThat(in.readByte()).isEqualTo(DaemonProtocol.STATUS_UNSUPPORTED);
            assertThat(DaemonProtocol.readString(in)).contains("protocol version " + (DaemonProtocol.VERSION + 1));
        }
        assertThat(client.ping()).as("the daemon still serves").isPresent();
    }

    @Test
    void folderOpenToOthers_isNotUsed() throws Exception {
        Files.createDirectories(sockets);
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> client.verify(request(List.of(basedir.resolve("release")), List.of()), pid -> {}))
                .isInstanceOf(DaemonClient.Unavailable.class)
                .hasMessageContaining("is open to other users (rwxrwxrwx); make it private with chmod 700");
    }

    @Test
    void socketPathTooLong_isNotUsed() {
        DaemonClient deep = client(temp.resolve("x".repeat(DaemonClient.MAX_SOCKET_PATH)), Duration.ofMinutes(1));

        assertThatThrownBy(() -> deep.verify(request(List.of(basedir.resolve("release")), List.of()), pid -> {}))
                .isInstanceOf(DaemonClient.Unavailable.class)
                .hasMessageContaining("set release-policy.daemonDirectory to a shorter folder");
    }

    @Test
    void newFolder_isCreatedOwnerOnly() throws Exception {
        serveInThisJvm(Duration.ofMinutes(1));
        client.verify(request(List.of(basedir.resolve("release/canary-api.yaml")), List.of()), pid -> {});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets)))
                .isEqualTo("rwx------");
    }

    @Test
    void key_changesWithTheClassPathAndTheJvmOptions() throws Exception {
        Path jar = Files.writeString(temp.resolve("a.jar"), "one");
        Path java = Path.of("/usr/bin/java");
        String key = DaemonClient.key(java, List.of("-Xss4m"), List.of(jar));

        assertThat(DaemonClient.key(java, List.of("-Xss4m"), List.of(jar))).isEqualTo(key);
        assertThat(DaemonClient.key(java, List.of("-Xss8m"), List.of(jar))).isNotEqualTo(key);
        Files.writeString(jar, "a rebuilt jar");
        assertThat(DaemonClient.key(java, List.of("-Xss4m"), List.of(jar))).isNotEqualTo(key);
    }

    @Test
    void mode_forkByDefault_autoMeansTheDaemonOutsideCi() {
        assertThat(DaemonClient.mode(null, null)).isEqualTo(DaemonClient.Mode.FORK);
        assertThat(DaemonClient.mode("", "true")).isEqualTo(DaemonClient.Mode.FORK);
        assertThat(DaemonClient.mode(" Fork ", "true")).isEqualTo(DaemonClient.Mode.FORK);
        assertThat(DaemonClient.mode("auto", null)).isEqualTo(DaemonClient.Mode.DAEMON);
        assertThat(DaemonClient.mode("auto", "false")).isEqualTo(DaemonClient.Mode.DAEMON);
        assertThat(DaemonClient.mode("auto", "true")).isEqualTo(DaemonClient.Mode.MAVEN);
        assertThat(DaemonClient.mode(" AUTO ", "1")).isEqualTo(DaemonClient.Mode.MAVEN);
        assertThat(DaemonClient.mode("true", "true")).isEqualTo(DaemonClient.Mode.DAEMON);
        assertThat(DaemonClient.mode("false", null)).isEqualTo(DaemonClient.Mode.MAVEN);
        assertThatThrownBy(() -> DaemonClient.mode("yes", null))
                .isInstanceOf(UsageException.class)
                .hasMessage("daemon (release-policy.daemon) is 'yes': use fork, true, false or auto");
        assertThat(DaemonClient.inCi("true")).isTrue();
        assertThat(DaemonClient.inCi(" ")).isFalse();
        assertThat(DaemonClient.inCi("FALSE")).isFalse();
    }

    /** The default mode: one JVM per build, same answer and reports as Maven's JVM, and it is gone after. */
    @Test
    void fork_answersWhatTheGoalAnswersInMavensJvm_andLeavesNoProcess() throws Exception {
        VerifyGoal.Request request = request(List.of(basedir.resolve("release")), List.of("json", "junit", "nope"));
        List<ProcessHandle> before = ProcessHandle.current().children().toList();

        VerifyGoal.Result forked = client.fork(request, () -> {});
        Files.move(basedir.resolve("target/release-policy/release-policy.json"), temp.resolve("fork.json"));
        VerifyGoal.Result inProcess = VerifyGoal.run(request);

        assertThat(forked).isEqualTo(inProcess);
        assertThat(forked.exitCode()).isEqualTo(1);
        assertThat(forked.manifests()).isEqualTo(2);
        assertThat(Files.readString(temp.resolve("fork.json")))
                .isEqualTo(Files.readString(basedir.resolve("target/release-policy/release-policy.json")));
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("the forked JVM has exited when fork returns")
                .allSatisfy(p -> assertThat(before).contains(p));
        assertThat(client.socket()).doesNotExist();
    }

    @Test
    void fork_usageError_isThrownAsInMavensJvm() throws Exception {
        VerifyGoal.Request request = request(List.of(basedir.resolve("release/missing.yaml")), List.of());

        assertThatThrownBy(() -> client.fork(request, () -> {}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("missing.yaml: no such file or directory");
    }

    @Test
    void fork_jvmThatCannotStart_isUnavailableWithItsError() {
        DaemonClient broken = new DaemonClient(
                sockets,
                List.of(temp.resolve("no-such.jar")),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Duration.ZERO,
                Duration.ofSeconds(60));

        assertThatThrownBy(() -> broken.fork(request(List.of(basedir.resolve("release")), List.of()), () -> {}))
                .isInstanceOf(DaemonClient.Unavailable.class)
                .hasMessageContaining("the verify JVM exited with code 1 without an answer")
                .hasMessageContaining("VerifyFork");
    }

    @Test
    void jvmOptions_onlyWhatTheJdkKnows() {
        assertThat(DaemonClient.jvmOptions(21))
                .doesNotContain("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        assertThat(DaemonClient.jvmOptions(25))
                .contains("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void jvmOptions_silenceSlf4jNoProviderWarning() {
        assertThat(DaemonClient.jvmOptions(21)).contains("-Dslf4j.internal.verbosity=ERROR");
    }

    /**
     * The real thing: no daemon answers (a stale socket file is left), so the client starts a JVM.
     * (With this test's class path of folders it makes no AOT cache; the IT verify-daemon, whose class
     * path is jars, checks that.)
     */
    @Test
    void verify_startsADaemonProcess_replacingAStaleSocket() throws Exception {
        Files.createDirectories(
                sockets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(client.socket()));
        }
        assertThat(client.socket()).exists();
        assertThat(client.aotOptions(Runtime.version().feature())).isEmpty();

        startVerifyAndStop(request(List.of(basedir.resolve("release/canary-api.yaml")), List.of()));

        assertThat(Files.readString(client.logFile())).contains("listening on").contains("asked to stop");
    }

    /** A daemon that hangs up without answering (it was stopping, or died) is replaced by a new one. */
    @Test
    @SuppressWarnings("try") // the server socket is closed early on purpose: the daemon hangs up
    void verify_daemonThatHangsUp_isReplacedByANewOne() throws Exception {
        Files.createDirectories(
                sockets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerSocketChannel rude = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            rude.bind(UnixDomainSocketAddress.of(client.socket()));
            Thread hangUp = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        rude.accept().close();
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            startVerifyAndStop(request(List.of(basedir.resolve("release/canary-api.yaml")), List.of()));
            rude.close();
            hangUp.join(10_000);
        }
    }

    /** Starts a daemon through a verify, checks it answers and is reused, stops it. */
    private void startVerifyAndStop(VerifyGoal.Request request) throws Exception {
        AtomicLong started = new AtomicLong();
        try {
            VerifyGoal.Result r = client.verify(request, started::set);

            assertThat(r.exitCode()).isZero();
            assertThat(r.summary()).isEqualTo("1 manifest, 0 errors, 0 warnings");
            assertThat(started.get())
                    .isPositive()
                    .isNotEqualTo(ProcessHandle.current().pid());
            assertThat(client.ping()).contains(started.get());
            AtomicLong again = new AtomicLong();
            client.verify(request, again::set);
            assertThat(again.get()).as("the second request reuses the daemon").isZero();
        } finally {
            Optional<ProcessHandle> process = ProcessHandle.of(started.get());
            assertThat(client.stop()).isTrue();
            process.ifPresent(p -> p.onExit().join());
        }
    }

    @Test
    void aotOptions_recordFirst_thenUse_butNotWhileACacheIsBeingWritten() throws Exception {
        Files.createDirectories(sockets);
        Path jar = Files.writeString(temp.resolve("plugin.jar"), "a jar");
        DaemonClient client =
                new DaemonClient(sockets, List.of(jar), Path.of("java"), Duration.ofMinutes(1), Duration.ofSeconds(60));
        assertThat(client.aotOptions(21)).isEmpty();
        assertThat(client.aotOptions(25)).containsExactly("-XX:AOTCacheOutput=" + client.aotCache());

        Path config = sockets.resolve(client.aotCache().getFileName() + ".config");
        Files.writeString(config, "being written");
        assertThat(client.aotOptions(25)).isEmpty();

        Files.delete(config);
        Files.writeString(client.aotCache(), "a cache");
        assertThat(client.aotOptions(25)).containsExactly("-XX:AOTCache=" + client.aotCache());

        DaemonClient withFolder = new DaemonClient(
                sockets, List.of(jar, temp), Path.of("java"), Duration.ofMinutes(1), Duration.ofSeconds(60));
        assertThat(withFolder.aotOptions(25))
                .as("the JDK makes no cache with a folder on the class path")
                .isEmpty();
        DaemonClient colon = new DaemonClient(
                temp.resolve("at-12:00"), List.of(jar), Path.of("java"), Duration.ofMinutes(1), Duration.ofSeconds(60));
        assertThat(colon.aotOptions(25))
                .as("-XX:AOTCache takes no path with a colon")
                .isEmpty();
    }

    @Test
    void pruneOthers_deletesOnlyTheFilesOfOtherDaemonsUnusedForAWeek() throws Exception {
        Files.createDirectories(sockets);
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Path old = touch("verify-0000000000000001.aot", now.minus(Duration.ofDays(8)));
        Path oldLog = touch("verify-0000000000000001.log", now.minus(Duration.ofDays(9)));
        Path recent = touch("verify-0000000000000002.aot", now.minus(Duration.ofDays(8)));
        Path recentLog = touch("verify-0000000000000002.log", now.minus(Duration.ofDays(1)));
        Path running = touch("verify-0000000000000003.aot", now.minus(Duration.ofDays(30)));
        Path runningSocket = touch("verify-0000000000000003.sock", now.minus(Duration.ofDays(30)));
        Path mine = touch(client.aotCache().getFileName().toString(), now.minus(Duration.ofDays(30)));
        Path unrelated = touch("notes.txt", now.minus(Duration.ofDays(30)));

        client.pruneOthers(now);

        assertThat(old).doesNotExist();
        assertThat(oldLog).doesNotExist();
        assertThat(List.of(recent, recentLog, running, runningSocket, mine, unrelated))
                .allSatisfy(p -> assertThat(p).exists());
    }

    @Test
    void pruneOthers_keepsTheNewestAotCacheOfEachPluginVersion() throws Exception {
        Files.createDirectories(sockets);
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        DaemonClient mine = new DaemonClient(
                sockets, List.of(temp.resolve("a.jar")), Path.of("java"), Duration.ZERO, Duration.ZERO, "1.1.0");
        Path older = cache("verify-00000000000000a1", "1.0.0", now.minus(Duration.ofHours(5)));
        Path newer = cache("verify-00000000000000a2", "1.0.0", now.minus(Duration.ofHours(1)));
        Path writing = cache("verify-00000000000000a3", "1.0.0", now.minus(Duration.ofHours(9)));
        touch("verify-00000000000000a3.aot.config", now);
        Path sameVersion = cache("verify-00000000000000b1", "1.1.0", now);
        Path own = cache(mine.aotCache().getFileName().toString().replace(".aot", ""), "1.1.0", now.minusSeconds(60));
        Path unversioned = touch("verify-00000000000000c1.aot", now.minus(Duration.ofHours(2)));

        mine.pruneOthers(now);

        assertThat(older).as("an older cache of 1.0.0").doesNotExist();
        assertThat(sameVersion)
                .as("another cache of this key's version, though newer")
                .doesNotExist();
        assertThat(List.of(newer, writing, own, unversioned))
                .allSatisfy(p -> assertThat(p).exists());
        assertThat(sockets.resolve("verify-00000000000000a1.version"))
                .as("small files go by age")
                .exists();
    }

    private Path cache(String key, String version, Instant modified) throws Exception {
        touch(key + ".version", modified);
        Files.writeString(sockets.resolve(key + ".version"), version);
        return touch(key + ".aot", modified);
    }

    private Path touch(String name, Instant modified) throws Exception {
        Path f = Files.writeString(sockets.resolve(name), name);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(modified));
        return f;
    }

    private void serveInThisJvm(Duration idle) throws Exception {
        Files.createDirectories(
                sockets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        daemon = VerifyDaemon.bind(client.socket(), idle);
        serving = new CompletableFuture<>();
        VerifyDaemon d = daemon;
        Thread.ofPlatform().name("test-daemon").start(() -> {
            d.serve();
            serving.complete(null);
        });
    }

    private VerifyGoal.Request request(List<Path> manifests, List<String> formats) {
        return new VerifyGoal.Request(
                basedir,
                manifests,
                List.of(),
                Optional.empty(),
                Optional.of(NOW),
                false,
                formats,
                basedir.resolve("target/release-policy"),
                Optional.empty());
    }

    private static DaemonClient client(Path directory, Duration idle) {
        List<Path> classpath = new ArrayList<>();
        // surefire's real class path (target/classes and the jars), not its one-jar launcher
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : path.split(File.pathSeparator)) {
            classpath.add(Path.of(entry));
        }
        return new DaemonClient(
                directory,
                classpath,
                Path.of(System.getProperty("java.home"), "bin", "java"),
                idle,
                Duration.ofSeconds(60));
    }
}
