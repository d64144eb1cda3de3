package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.executor.ExecutorCommands;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-policy audit}: check and export the audit trails releases write. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Check and export the tamper-evident audit trail written during releases.",
            "apply, resume, approve and rollback append to the copy kept in the cluster",
            "(ConfigMap release-policy-<application>-audit) and, with --audit-log FILE,",
            "to a local file."
        },
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: try 'release-policy audit verify FILE' or 'release-policy audit export APPLICATION'");
    }

    /** {@code release-policy audit verify FILE}: exit OK intact, FINDINGS tampered, USAGE usage or I/O error. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Verify the hash chain of an audit trail file.",
                "Any edited, removed, inserted or reordered record (JSON line) is reported",
                "with its line number.",
                "",
                "Examples:",
                "  release-policy audit verify release-audit.jsonl",
                "  release-policy audit verify --expect-head 3f2a... release-audit.jsonl"
            })
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit trail file (one JSON record per line).")
        Path file;

        @Option(
                names = "--expect-head",
                paramLabel = "SHA256",
                description = "The hash of the last record as kept with the release state; also detects "
                        + "records cut off the end.")
        String expectHead;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("audit verify: " + file + ": no such file");
            }
            AuditVerification v;
            try {
                v = AuditLog.verify(Files.readAllLines(file), Optional.ofNullable(expectHead));
            } catch (NoSuchFileException e) {
                throw new UsageException("audit verify: " + file + ": no such file");
            } catch (IOException e) {
                throw new UsageException("audit verify: cannot read " + file + ": " + e.getMessage(), e);
            }
            var out = spec.commandLine().getOut();
            out.println("audit trail " + file + ": " + v.message());
            out.flush();
            return (v.intact() ? ExitCode.OK : ExitCode.FINDINGS).code();
        }
    }

    /** {@code release-policy audit export APPLICATION}: the cluster's copy of the trail. */
    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Print the audit trail kept in the cluster for an application.",
                "The records (JSON lines, oldest first) go to standard output; whether their",
                "hash chain is intact goes to standard error.",
                "",
                "Examples:",
                "  release-policy audit export -n prod orders-api > orders-api-audit.jsonl",
                "  release-policy audit verify orders-api-audit.jsonl"
            })
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        ApplicationOptions release;

        @picocli.CommandLine.Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            return OutcomeRenderer.of(spec)
                    .render(new ExecutorCommands()
                            .auditExport(release.application, release.namespace(cluster.target()), cluster.target()));
        }
    }
}
