package dev.releasepolicy.maven;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Prints what applying each release manifest would send to Kubernetes, step by step: every object
 * created, changed or deleted, with its body, and nothing is sent. Plans the manifests the way
 * {@code plan} does (a manifest with error findings is refused) but writes no files.
 */
@Mojo(name = "dry-run", threadSafe = true, requiresProject = true)
public final class DryRunMojo extends PlanningMojo {

    /** kubectl-like YAML: quotes only where needed (numbers in strings keep theirs), no line wrapping. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER, YAMLWriteFeature.SPLIT_LINES)
            .build();

    @Override
    protected GoalResult run() {
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            return GoalResult.ok("no manifests, nothing to dry-run");
        }
        List<Planned> planned = planAll();
        long objects = 0;
        for (Planned p : planned) {
            if (p.plan().isPresent()) {
                objects += print(p.plan().get(), p.file());
            }
        }
        Optional<String> refused = refusals(planned);
        if (refused.isPresent()) {
            return GoalResult.failed(refused.get());
        }
        return GoalResult.ok("dry run: " + objects + " object changes in " + planned.size()
                + (planned.size() == 1 ? " plan" : " plans") + ", nothing sent");
    }

    private long print(Plan plan, String file) {
        getLog().info(MojoErrors.PREFIX + "dry run of " + plan.metadata().release() + " (" + file + ") in namespace "
                + plan.metadata().namespace() + ": nothing is sent");
        long count = 0;
        for (PlanStep step : plan.steps()) {
            getLog().info(step.index() + ". " + step.id() + ": " + step.description());
            for (ObjectChange o : step.objects()) {
                count++;
                getLog().info("   " + o.headline() + " (" + o.operation().label() + ")");
                o.body().ifPresent(body -> YAML.writeValueAsString(body).lines()
                        .forEach(l -> getLog().info("       " + l)));
            }
        }
        getLog().info(plan.summary());
        return count;
    }
}
