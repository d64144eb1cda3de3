package dev.releasepolicy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code release-policy resume APPLICATION}. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a release stopped at a long wait, or one whose process died, from its last completed step.",
            "Refused while another process holds the release."
        })
final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationOptions release;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    AuditLogOption audit;

    @Mixin
    WatchOption waiting;

    @Override
    public Integer call() {
        OutcomeRenderer renderer = OutcomeRenderer.of(spec);
        return renderer.render(waiting.commands()
                .resume(release.application, release.namespace, cluster.target(audit), renderer.progress()));
    }
}
