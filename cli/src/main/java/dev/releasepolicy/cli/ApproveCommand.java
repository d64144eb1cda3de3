package dev.releasepolicy.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code release-policy approve APPLICATION}. */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve the manual pause a release is waiting at; continue it once approved.",
            "A release whose manifest sets approvals.required to N continues after N different people",
            "have approved; until then it stays paused and says how many approvals are missing.",
            "",
            "Examples:",
            "  release-policy approve -n prod orders-api",
            "  release-policy approve -n prod orders-api --as alice@example.com"
        })
final class ApproveCommand implements Callable<Integer> {

    @Mixin
    ApplicationOptions release;

    @Option(
            names = "--as",
            paramLabel = "NAME",
            description =
                    "Who approves, as recorded in the release state and the audit trail (default: the operating-system"
                            + " user). Approvals count once per name.")
    String approver;

    @Mixin
    ReleaseRunOptions run;

    @Override
    public Integer call() {
        return run.render(progress -> run.commands()
                .approve(
                        release.application,
                        release.namespace(run.target()),
                        Optional.ofNullable(approver).filter(a -> !a.isBlank()),
                        run.target(),
                        progress));
    }
}
