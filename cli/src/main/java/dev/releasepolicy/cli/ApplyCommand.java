package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ApplyRequest;
import dev.releasepolicy.executor.ExecutorCommands;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code release-policy apply PLAN}: run (or dry-run) a plan file on a cluster. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {
            "Execute a plan file (release-policy plan --format json) on Kubernetes.",
            "Progress and the lock live in the ConfigMap release-policy-<application> of",
            "the release's namespace: a second apply of the same application is refused.",
            "Long waits stop the command ('waiting until ...') and 'resume' continues them",
            "(or pass --watch to stay and watch the rollback triggers); a failed step or a",
            "firing trigger rolls the release back.",
            "",
            "Examples:",
            "  release-policy plan --format json --output plan.json examples/canary-api.yaml",
            "  release-policy apply --dry-run plan.json",
            "  release-policy apply --kubeconfig ~/.kube/prod --context prod plan.json"
        })
final class ApplyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PLAN", arity = "1", description = "The plan file (JSON).")
    Path plan;

    @Option(
            names = "--dry-run",
            description = "Print every object the plan would create, change or delete, in order, as YAML,"
                    + " with a diff against the live objects when a cluster is reachable. Changes nothing.")
    boolean dryRun;

    @Option(
            names = "--server-dry-run",
            description = "With --dry-run: also have the API server validate each write (dryRun=All).")
    boolean serverDryRun;

    @Option(names = "--offline", description = "With --dry-run: do not contact any cluster.")
    boolean offline;

    @Option(
            names = "--policies",
            paramLabel = "DIR",
            description =
                    "A folder of team policies, as given to 'plan' (repeatable). Apply refuses a plan that was made"
                            + " under other policies, another configuration or another schema than the ones given"
                            + " here.")
    List<Path> policyDirs = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The policy configuration given to 'plan' (default: .release-policy.yaml in the current folder,"
                            + " if present).")
    Path config;

    @Mixin
    ReleaseRunOptions run;

    @Override
    public Integer call() {
        ApplyRequest request = new ApplyRequest(
                plan,
                ApplyRequest.Mode.of(dryRun, serverDryRun, offline),
                run.target(),
                Optional.of(new ExecutorCommands.Rules(policyDirs, Optional.ofNullable(config))),
                run.waiting.watch);
        return run.render(progress -> new ExecutorCommands().apply(request, progress));
    }
}
