package dev.releasepolicy.maven;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The verify goal's forked JVM (the default {@code daemon=fork}): started by {@link DaemonClient#fork}
 * for one build, it reads one request from its standard input (the daemon's protocol: header, then
 * the request), runs {@link VerifyGoal#run} — the very code Maven's JVM would run — writes the answer
 * to its standard output and exits. Maven waits for it, so nothing outlives the build. It is faster
 * than checking in Maven's JVM because it starts from an AOT cache (JDK 25+) holding the policy
 * engine's classes, made by the first such JVM of this plugin build.
 *
 * <p>Anything else that would print to standard output goes to standard error, so that the answer
 * cannot be corrupted; standard error is shown to the build only when the fork fails.
 */
public final class VerifyFork {

    private VerifyFork() {}

    /** Exit code 0 after an answer was written (whatever the findings), 1 when none could be. */
    public static void main(String[] args) {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)))) {
            if (in.readInt() != DaemonProtocol.MAGIC) {
                VerifyDaemon.log("not a verify request");
                System.exit(1);
            }
            int version = in.readInt();
            byte op = in.readByte();
            if (version != DaemonProtocol.VERSION || op != DaemonProtocol.OP_VERIFY) {
                out.writeByte(DaemonProtocol.STATUS_UNSUPPORTED);
                DaemonProtocol.writeString(
                        out,
                        "protocol version " + version + " operation " + op + ", this JVM speaks "
                                + DaemonProtocol.VERSION + " verify");
            } else {
                VerifyDaemon.answerVerify(in, out);
            }
            out.flush();
            System.exit(0);
        } catch (IOException | RuntimeException e) {
            VerifyDaemon.log("request dropped: " + e);
            System.exit(1);
        }
    }
}
