package dev.releasepolicy.maven;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.render.PlanFormats;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The work of {@link PlanMojo}. Compiles each release manifest into its execution plan and writes it for review:
 * {@code target/release-policy/<release>.plan.json} (the plan file {@code apply} checks and the
 * executor runs) and {@code <release>.plan.md} (for the pull request). A manifest with error
 * findings is refused and fails the build, like {@code release-policy plan} on the command line;
 * both call core's {@code PlanRunner}. Not bound to a phase: run {@code mvn release-policy:plan}, or
 * bind it in an {@code <execution>} with a {@code <phase>}.
 */
final class PlanWork extends PlanningWork {

    PlanWork(PlanMojo mojo) {
        super(mojo);
    }

    @Override
    protected GoalResult run() {
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            return GoalResult.ok("no manifests, nothing to plan");
        }
        List<Planned> planned = planAll();
        RelativePaths relative = relativePaths();
        int written = 0;
        for (Planned p : planned) {
            if (p.plan().isEmpty()) {
                continue;
            }
            Plan plan = p.plan().get();
            Path json = write(plan, "json", ".plan.json");
            Path md = write(plan, "markdown", ".plan.md");
            written++;
            getLog().info(MojoErrors.PREFIX + plan.metadata().release() + " (" + p.file() + "): " + plan.summary());
            getLog().info(MojoErrors.PREFIX + "wrote " + relative.display(json) + " and " + md.getFileName()
                    + "; review it, then apply it with mvn release-policy:apply -Drelease-policy.confirm="
                    + plan.metadata().application());
        }
        Optional<String> refused = refusals(planned);
        if (refused.isPresent()) {
            return GoalResult.findings(refused.get());
        }
        return GoalResult.ok(written + (written == 1 ? " plan" : " plans") + " written to "
                + relative.display(mojo.outputDirectory.toPath()) + "/");
    }

    private Path write(Plan plan, String format, String suffix) {
        PlanRenderer renderer = PlanFormats.byName(format).orElseThrow();
        Path file = mojo.outputDirectory.toPath().resolve(baseName(plan) + suffix);
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                renderer.render(plan, w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
