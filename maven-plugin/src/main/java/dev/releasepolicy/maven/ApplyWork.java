package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.ApplyRequest;
import dev.releasepolicy.executor.ExecutorCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The work of {@link ApplyMojo}. Applies the reviewed plan of each release manifest to the cluster, after
 * two guards that nothing can skip: the build must say which application it means to change ({@code
 * -Drelease-policy.confirm=<application>}, or {@code true} for all of them), and the plan file that {@code
 * plan} wrote must still match the manifest, the policies and the tool version (its fingerprint is
 * recomputed and compared), so what runs is what was reviewed. A refusal fails the build and changes
 * nothing. Then the reviewed plan file goes to the executor ({@code ExecutorCommands}, as for {@code
 * release-policy apply}), whose progress is logged as it runs; a release that fails and is rolled back, or
 * that the executor refuses (another release in progress), fails the build.
 */
final class ApplyWork extends ClusterWork {

    /** The goal's parameters. */
    private final ApplyMojo apply;

    ApplyWork(ApplyMojo mojo) {
        super(mojo);
        this.apply = mojo;
    }

    @Override
    protected GoalResult run() {
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            return GoalResult.ok("no manifests, nothing to apply");
        }
        List<Planned> planned = planAll();
        Optional<String> refused = refusals(planned);
        if (refused.isPresent()) {
            return GoalResult.findings("apply refused: " + refused.get());
        }
        RelativePaths relative = relativePaths();
        List<String> problems = new ArrayList<>();
        Map<String, Path> reviewed = new LinkedHashMap<>();
        for (Planned p : planned) {
            Plan current = p.plan().orElseThrow();
            String application = current.metadata().application();
            if (!confirmed(application)) {
                problems.add(current.metadata().release() + " is not confirmed: applying it changes " + application
                        + " in namespace " + current.metadata().namespace() + "; review its plan, then run again with"
                        + " -Drelease-policy.confirm=" + application);
                continue;
            }
            Path file = mojo.outputDirectory.toPath().resolve(baseName(current) + ".plan.json");
            if (!Files.isRegularFile(file)) {
                problems.add("no plan file " + relative.display(file) + " for "
                        + current.metadata().release() + ": run mvn release-policy:plan, review the plan, then apply");
                continue;
            }
            JsonNode saved = read(file, relative);
            Optional<String> stale = stale(saved.path("fingerprint"), current.fingerprint());
            if (stale.isPresent()) {
                problems.add(relative.display(file) + " is stale (" + stale.get()
                        + "): run mvn release-policy:plan again and review the new plan");
                continue;
            }
            reviewed.put(current.metadata().release(), handOver(saved, p.path()));
        }
        try {
            if (!problems.isEmpty()) {
                problems.forEach(m -> getLog().error(MojoErrors.PREFIX + m));
                return GoalResult.refused("apply refused: " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more, see above)" : ""));
            }
            GoalResult last = GoalResult.ok("nothing to apply");
            for (Map.Entry<String, Path> e : reviewed.entrySet()) {
                Path planFile = e.getValue();
                String what = "apply of " + e.getKey();
                getLog().info(MojoErrors.PREFIX + what + ": plan confirmed and current, handing it to the executor");
                ApplyRequest request =
                        new ApplyRequest(planFile, ApplyRequest.Mode.APPLY, target(), Optional.empty(), apply.watch);
                last = execute(what, progress -> new ExecutorCommands().apply(request, progress));
                if (!last.passed()) {
                    return last;
                }
            }
            return last;
        } finally {
            reviewed.values().forEach(PlanningWork::delete);
        }
    }

    private boolean confirmed(String application) {
        if (apply.confirm == null) {
            return false;
        }
        String c = apply.confirm.trim();
        return c.equalsIgnoreCase("true") || c.equals(application);
    }

    private static JsonNode read(Path file, RelativePaths relative) {
        JsonNode plan;
        try {
            plan = JSON.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new UsageException(relative.display(file) + " is not a plan file (" + e.getMessage()
                    + "): run mvn release-policy:plan again");
        }
        if (!plan.path("fingerprint").path("value").isString()) {
            throw new UsageException(relative.display(file) + " has no fingerprint: run mvn release-policy:plan again");
        }
        return plan;
    }

    /** Why the plan file's fingerprint differs from the current one, or empty when it matches. */
    static Optional<String> stale(JsonNode saved, Fingerprint current) {
        if (saved.path("value").asString().equals(current.value())) {
            return Optional.empty();
        }
        List<String> why = new ArrayList<>();
        if (!saved.path("manifestDigest").asString().equals(current.manifestDigest())) {
            why.add("the manifest changed");
        }
        if (!saved.path("policySetDigest").asString().equals(current.policySetDigest())) {
            why.add("the policies changed");
        }
        if (!saved.path("toolVersion").asString().equals(current.toolVersion())) {
            why.add("the tool version changed from " + saved.path("toolVersion").asString() + " to "
                    + current.toolVersion());
        }
        return Optional.of(why.isEmpty() ? "its fingerprint does not match" : String.join(", ", why));
    }
}
