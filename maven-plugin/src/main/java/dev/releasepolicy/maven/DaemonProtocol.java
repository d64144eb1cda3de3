package dev.releasepolicy.maven;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the verify goal and the verify daemon say to each other over their socket. One exchange per
 * connection: the client writes {@link #MAGIC}, {@link #VERSION}, an operation and its arguments; the
 * daemon answers with a status and the operation's result, then closes. Strings are UTF-8 with a
 * length prefix; paths travel absolute.
 */
final class DaemonProtocol {

    /** "RPVD": release-policy verify daemon. */
    static final int MAGIC = 0x52505644;
    /** Bumped whenever a message changes; a daemon answers {@link #STATUS_UNSUPPORTED} to another version. */
    static final int VERSION = 2;

    /** Answers the daemon's pid (the client waits for this after starting a daemon). */
    static final byte OP_PING = 1;
    /** Runs {@link VerifyGoal#run} on a {@link VerifyGoal.Request}. */
    static final byte OP_VERIFY = 2;
    /** Makes the daemon exit once this answer is written. */
    static final byte OP_STOP = 3;

    static final byte STATUS_OK = 0;
    /** The request was wrong (a missing manifest, a bad configuration): a usage error for the build. */
    static final byte STATUS_USAGE = 1;
    /** The daemon failed; the client checks in Maven's JVM instead. */
    static final byte STATUS_FAILED = 2;
    /** Another protocol version or an unknown operation. */
    static final byte STATUS_UNSUPPORTED = 3;

    /** Longest string accepted, so that a stray connection cannot make the daemon allocate without bound. */
    private static final int MAX_STRING = 16 * 1024 * 1024;

    private static final int MAX_LIST = 1_000_000;

    private DaemonProtocol() {}

    static void writeHeader(DataOutputStream out, byte op) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeByte(op);
    }

    static void writeRequest(DataOutputStream out, VerifyGoal.Request r) throws IOException {
        writeString(out, r.basedir().toString());
        writePaths(out, r.paths());
        writePaths(out, r.policyDirs());
        writeString(out, r.configFile().map(Path::toString).orElse(""));
        writeString(out, r.now().orElseThrow().toString());
        out.writeBoolean(r.failOnWarn());
        out.writeInt(r.formats().size());
        for (String f : r.formats()) {
            writeString(out, f);
        }
        writeString(out, r.outputDirectory().toString());
        writeString(out, r.cacheDirectory().map(Path::toString).orElse(""));
    }

    static VerifyGoal.Request readRequest(DataInputStream in) throws IOException {
        Path basedir = Path.of(readString(in));
        List<Path> manifests = readPaths(in);
        List<Path> policies = readPaths(in);
        String config = readString(in);
        Instant clock = Instant.parse(readString(in));
        boolean failOnWarning = in.readBoolean();
        int n = readCount(in);
        List<String> formats = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            formats.add(readString(in));
        }
        Path output = Path.of(readString(in));
        String cache = readString(in);
        return new VerifyGoal.Request(
                basedir,
                manifests,
                policies,
                config.isEmpty() ? Optional.empty() : Optional.of(Path.of(config)),
                Optional.of(clock),
                failOnWarning,
                formats,
                output,
                cache.isEmpty() ? Optional.empty() : Optional.of(Path.of(cache)));
    }

    static void writeResult(DataOutputStream out, VerifyGoal.Result r) throws IOException {
        out.writeInt(r.exitCode());
        writeString(out, r.summary());
        out.writeLong(r.manifests());
        out.writeLong(r.errors());
        out.writeLong(r.warnings());
        out.writeInt(r.lines().size());
        for (VerifyGoal.Line line : r.lines()) {
            out.writeByte(line.level().ordinal());
            writeString(out, line.text());
        }
    }

    static VerifyGoal.Result readResult(DataInputStream in) throws IOException {
        int exitCode = in.readInt();
        String summary = readString(in);
        long manifests = in.readLong();
        long errors = in.readLong();
        long warnings = in.readLong();
        int n = readCount(in);
        VerifyGoal.Level[] levels = VerifyGoal.Level.values();
        List<VerifyGoal.Line> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int level = in.readUnsignedByte();
            if (level >= levels.length) {
                throw new IOException("unknown log level " + level);
            }
            lines.add(new VerifyGoal.Line(levels[level], readString(in)));
        }
        return new VerifyGoal.Result(exitCode, summary, manifests, errors, warnings, lines);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("string of " + n + " bytes refused");
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the message ended inside a string");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writePaths(DataOutputStream out, List<Path> paths) throws IOException {
        out.writeInt(paths.size());
        for (Path p : paths) {
            writeString(out, p.toString());
        }
    }

    private static List<Path> readPaths(DataInputStream in) throws IOException {
        int n = readCount(in);
        List<Path> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add(Path.of(readString(in)));
        }
        return paths;
    }

    private static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LIST) {
            throw new IOException("list of " + n + " entries refused");
        }
        return n;
    }
}
