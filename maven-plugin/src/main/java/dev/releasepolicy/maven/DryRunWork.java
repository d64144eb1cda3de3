package dev.releasepolicy.maven;

import dev.releasepolicy.executor.ApplyRequest;
import dev.releasepolicy.executor.ExecutorCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The work of {@link DryRunMojo}. Prints what applying each release manifest would send to Kubernetes,
 * step by step: every object created, changed or deleted, as YAML, and sends nothing. Plans the manifests
 * the way {@code plan} does (a manifest with error findings is refused), writes no files, and hands each
 * plan to the executor's dry run, the one {@code release-policy apply --dry-run} uses. Offline (the
 * objects as the plan sends them) unless {@code kubeconfig} or {@code context} is set: then the live
 * objects are compared too. Never contacts a cluster under {@code mvn -o}.
 */
final class DryRunWork extends ClusterWork {

    DryRunWork(DryRunMojo mojo) {
        super(mojo);
    }

    @Override
    protected GoalResult run() {
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            return GoalResult.ok("no manifests, nothing to dry-run");
        }
        List<Planned> planned = planAll();
        boolean offline = mojo.session.isOffline()
                || (cluster.kubeconfig == null && (cluster.context == null || cluster.context.isBlank()));
        for (Planned p : planned) {
            if (p.plan().isEmpty()) {
                continue;
            }
            Path handOver = handOver(json(p.plan().get()), p.path());
            try {
                getLog().info(MojoErrors.PREFIX + "dry run of "
                        + p.plan().get().metadata().release() + " (" + p.file() + ")" + (offline ? ", offline" : "")
                        + ": nothing is sent");
                ApplyRequest request = ApplyRequest.of(
                        handOver, offline ? ApplyRequest.Mode.DRY_RUN_OFFLINE : ApplyRequest.Mode.DRY_RUN, target());
                GoalResult r =
                        execute("dry run of " + p.file(), progress -> new ExecutorCommands().apply(request, progress));
                if (!r.passed()) {
                    return r;
                }
            } finally {
                delete(handOver);
            }
        }
        Optional<String> refused = refusals(planned);
        if (refused.isPresent()) {
            return GoalResult.findings(refused.get());
        }
        return GoalResult.ok(
                "dry run of " + planned.size() + (planned.size() == 1 ? " plan" : " plans") + ", nothing sent");
    }
}
