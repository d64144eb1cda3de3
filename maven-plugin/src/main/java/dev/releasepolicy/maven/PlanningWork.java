package dev.releasepolicy.maven;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.render.PlanFormats;
import dev.releasepolicy.core.runner.PlanRunner;
import dev.releasepolicy.core.verify.ManifestFinder;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code plan}, {@code dry-run} and {@code apply} share: each release manifest under
 * {@code manifests} is planned by core's {@link PlanRunner} (the one entry point the command line's
 * {@code plan} uses too), its verify findings are logged, and a manifest with error findings is
 * refused. A folder is searched like {@code verify} does; each file must hold one release. The work of
 * {@link PlanningMojo}.
 */
abstract class PlanningWork extends GoalWork {

    PlanningWork(PlanningMojo mojo) {
        super(mojo);
    }

    /** Reads and writes plan files; thread-safe. */
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One manifest file's planning: the plan (empty when refused) and its verify report, file names
     * relative to the module.
     */
    record Planned(String file, Path path, Optional<Plan> plan, VerifyReport report) {}

    /** The plan options for one manifest file; the plan is rendered as JSON into a buffer. */
    private record Options(Path manifest, List<Path> policyDirs, Optional<Path> configFile, Optional<Instant> now)
            implements PlanOptions {

        /** The goal has looked for the module's .release-policy.yaml already (configPath()). */
        @Override
        public boolean configFromWorkingDirectory() {
            return false;
        }

        @Override
        public String format() {
            return "json";
        }

        @Override
        public Optional<Path> output() {
            return Optional.empty();
        }
    }

    /**
     * Plans every release manifest; logs findings and refusals.
     *
     * @return one entry per manifest file, in file order; empty when there is nothing to plan
     */
    protected final List<Planned> planAll() {
        RelativePaths relative = relativePaths();
        Optional<Instant> clock = nowInstant();
        List<Planned> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Path file : releaseFiles()) {
            PlanRunner.Outcome outcome =
                    new PlanRunner().run(new Options(file, policyPaths(), configPath(), clock), new StringBuilder());
            VerifyReport report = relative.apply(outcome.report());
            FindingLog.log(report, getLog());
            String display = relative.display(file);
            Optional<Plan> plan = outcome.plan().map(relative::apply);
            if (plan.isEmpty()) {
                getLog().error(MojoErrors.PREFIX + "plan refused for " + display + ": " + report.summary()
                        + "; fix the errors above, then plan again");
            }
            plan.ifPresent(p -> {
                String earlier = names.put(p.metadata().release(), display);
                if (earlier != null) {
                    throw new UsageException(earlier + " and " + display + " are both named '"
                            + p.metadata().release() + "': give each release manifest its own metadata.name");
                }
            });
            out.add(new Planned(display, file, plan, report));
        }
        return out;
    }

    /** The refusal summary when some manifests could not be planned, or empty. */
    protected static Optional<String> refusals(List<Planned> planned) {
        List<String> refused = planned.stream()
                .filter(p -> p.plan().isEmpty())
                .map(p -> p.file() + " (" + p.report().errors() + " errors)")
                .toList();
        return refused.isEmpty() ? Optional.empty() : Optional.of("plan refused for " + String.join(", ", refused));
    }

    /** The files under {@code manifests} that hold a release manifest (or are broken, to report why). */
    private List<Path> releaseFiles() {
        List<ManifestFinder.Candidate> candidates;
        try {
            candidates = ManifestFinder.find(manifestPaths());
        } catch (NoSuchFileException e) {
            throw new UsageException(relativePaths().display(e.getFile()) + ": no such file or directory");
        }
        ManifestLoader loader = new ManifestLoader();
        List<Path> files = new ArrayList<>();
        for (ManifestFinder.Candidate c : candidates) {
            if (c.explicit()) {
                files.add(c.path());
                continue;
            }
            LoadedFile loaded = loader.load(c.path(), c.displayName());
            boolean release = loaded.manifests().stream().anyMatch(m -> "Release".equals(m.kind()));
            boolean broken = loaded.findings().stream().anyMatch(Finding::isBlockingError);
            if (release || broken) {
                files.add(c.path());
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no release manifest found in "
                    + String.join(
                            ", ",
                            manifestPaths().stream()
                                    .map(relativePaths()::display)
                                    .toList())
                    + ": pass files or folders holding YAML documents with 'kind: Release'");
        }
        return files;
    }

    /**
     * The plan file handed to the executor: {@code plan}'s JSON with {@code metadata.source} as an
     * absolute path, so the executor's own staleness check finds the manifest whatever folder Maven
     * was started in. A temporary file; the caller deletes it.
     */
    protected static Path handOver(JsonNode planJson, Path manifest) {
        try {
            ObjectNode copy = (ObjectNode) planJson.deepCopy();
            ((ObjectNode) copy.path("metadata"))
                    .put("source", manifest.toAbsolutePath().normalize().toString());
            Path file = Files.createTempFile("release-policy-", ".plan.json");
            Files.writeString(
                    file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(copy), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan for the executor: " + e.getMessage(), e);
        }
    }

    /** A plan as the JSON tree of its plan file. */
    protected static JsonNode json(Plan plan) {
        StringBuilder out = new StringBuilder();
        try {
            PlanFormats.byName("json").orElseThrow().render(plan, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JSON.readTree(out.toString());
    }

    /** Deletes a hand-over file, quietly. */
    protected static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the OS cleans up
        }
    }

    /** {@code <release>.plan.json} and friends: the release name, safe as a file name. */
    protected static String baseName(Plan plan) {
        return plan.metadata().release().replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
