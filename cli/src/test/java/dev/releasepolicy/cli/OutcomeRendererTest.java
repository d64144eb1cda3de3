package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.CommandOutcome.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line's rendering of executor outcomes: which stream, which prefix, which exit code. */
class OutcomeRendererTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final OutcomeRenderer renderer = new OutcomeRenderer(new PrintWriter(out), new PrintWriter(err));

    @Test
    void refusal_goesToStandardErrorWithThePrefix_exitRefused() {
        int code = renderer.render(new CommandOutcome(
                Kind.REFUSED, ExitCode.REFUSED, "refusing a second apply", List.of(), List.of(), Optional.empty()));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("release-policy: refusing a second apply" + System.lineSeparator());
    }

    @Test
    void rolledBackRun_closingLineOnStandardOutput_warningsFirstOnStandardError() {
        int code = renderer.render(new CommandOutcome(
                Kind.ROLLED_BACK,
                ExitCode.ROLLED_BACK,
                "rolled back to 5.4.0: step 3 failed",
                List.of("cannot check plan.json against its manifest"),
                List.of(),
                Optional.empty()));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo("Rolled back: rolled back to 5.4.0: step 3 failed" + System.lineSeparator());
        assertThat(err.toString()).contains("release-policy: warning: cannot check plan.json against its manifest");
    }

    @Test
    void dryRun_printsItsTextAsItIs() {
        int code = renderer.render(new CommandOutcome(
                Kind.DRY_RUN,
                ExitCode.OK,
                "",
                List.of(),
                List.of(),
                Optional.of(new CommandOutcome.Text("# offline\n# + Deployment prod/a: create\n"))));

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("# offline\n# + Deployment prod/a: create\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void progress_retryNoticesGoToStandardError_stepsToStandardOutput() {
        var progress = renderer.progress();

        progress.line("step 1/3 deploy");
        progress.notice("409 Conflict on ConfigMap prod/a: retrying in 200 ms (attempt 2 of 5)");
        progress.warning("audit record not written");

        assertThat(out.toString()).contains("step 1/3 deploy").doesNotContain("retrying", "audit");
        assertThat(err.toString())
                .contains("release-policy: 409 Conflict on ConfigMap prod/a: retrying in 200 ms")
                .contains("release-policy: warning: audit record not written");
    }
}
