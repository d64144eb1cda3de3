package dev.releasepolicy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code release-policy resume APPLICATION}. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Continue a release stopped at a long wait, or one whose process died, from its last completed step.",
            "Refused while another process holds the release."
        })
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    ApplicationOptions release;

    @Mixin
    ReleaseRunOptions run;

    @Override
    public Integer call() {
        return run.render(progress ->
                run.commands().resume(release.application, release.namespace(run.target()), run.target(), progress));
    }
}
