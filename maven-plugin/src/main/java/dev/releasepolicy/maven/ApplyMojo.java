package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the reviewed plan of each release manifest to the cluster, after two guards that nothing
 * can skip: the build must say which application it means to change
 * ({@code -Drelease-policy.confirm=<application>}, or {@code true} for all of them), and the plan file
 * that {@code plan} wrote must still match the manifest, the policies and the tool version (its
 * fingerprint is recomputed and compared), so what runs is what was reviewed. A refusal fails the build
 * and changes nothing. The execution itself belongs to the executor module.
 */
@Mojo(name = "apply", threadSafe = true, requiresProject = true)
public final class ApplyMojo extends PlanningMojo {

    /**
     * Confirms the apply: the application to release ({@code spec.application} of the manifest, e.g.
     * {@code -Drelease-policy.confirm=orders-api}), or {@code true} to apply every plan of the module.
     * Without it, apply refuses to run. Meant for the command line, not for a POM.
     */
    @Parameter(property = "release-policy.confirm")
    private String confirm;

    /** Reads plan files; the mapper is thread-safe. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected GoalResult run() {
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            return GoalResult.ok("no manifests, nothing to apply");
        }
        List<Planned> planned = planAll();
        Optional<String> refused = refusals(planned);
        if (refused.isPresent()) {
            return GoalResult.failed("apply refused: " + refused.get());
        }
        RelativePaths relative = relativePaths();
        List<String> problems = new ArrayList<>();
        for (Planned p : planned) {
            Plan current = p.plan().orElseThrow();
            String application = current.metadata().application();
            if (!confirmed(application)) {
                problems.add(current.metadata().release() + " is not confirmed: applying it changes " + application
                        + " in namespace " + current.metadata().namespace() + "; review its plan, then run again with"
                        + " -Drelease-policy.confirm=" + application);
                continue;
            }
            Path file = outputDirectory.toPath().resolve(baseName(current) + ".plan.json");
            if (!Files.isRegularFile(file)) {
                problems.add("no plan file " + relative.display(file) + " for " + current.metadata().release()
                        + ": run mvn release-policy:plan, review the plan, then apply");
                continue;
            }
            stale(readFingerprint(file, relative), current.fingerprint())
                    .ifPresent(why -> problems.add(relative.display(file) + " is stale (" + why
                            + "): run mvn release-policy:plan again and review the new plan"));
        }
        if (!problems.isEmpty()) {
            problems.forEach(m -> getLog().error(MojoErrors.PREFIX + m));
            return GoalResult.failed("apply refused: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more, see above)" : ""));
        }
        throw new UsageException("apply needs the executor (not available in this build); the plans are confirmed and"
                + " current, nothing was changed");
    }

    private boolean confirmed(String application) {
        if (confirm == null) {
            return false;
        }
        String c = confirm.trim();
        return c.equalsIgnoreCase("true") || c.equals(application);
    }

    private static JsonNode readFingerprint(Path file, RelativePaths relative) {
        JsonNode fp;
        try {
            fp = JSON.readTree(file.toFile()).path("fingerprint");
        } catch (RuntimeException e) {
            throw new UsageException(relative.display(file) + " is not a plan file (" + e.getMessage()
                    + "): run mvn release-policy:plan again");
        }
        if (!fp.path("value").isString()) {
            throw new UsageException(relative.display(file) + " has no fingerprint: run mvn release-policy:plan again");
        }
        return fp;
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
