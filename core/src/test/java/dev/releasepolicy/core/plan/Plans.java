package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import dev.releasepolicy.core.policy.PolicyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Shared fixtures of the planner tests: the manifests planned, with fixed inputs. */
final class Plans {

    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path FIXTURES = Path.of("src", "test", "resources", "plan");
    static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    static final PlanInputs INPUTS = new PlanInputs(
            NOW, "sha256:0000000000000000000000000000000000000000000000000000000000000000", "0.0.0-test", List.of());

    private Plans() {}

    /** The reference releases and the planner's own fixtures, as {@code (name, file)} sorted by name. */
    static List<Path> manifests() {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(EXAMPLES, FIXTURES)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The examples in a folder of their own (a release beside the team's files), one per router.
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            s.map(d -> d.resolve("release.yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Loads a manifest under a display name independent of the working directory. */
    static Manifest load(Path file) {
        Manifest manifest = loadAsWritten(file);
        // an example with a configuration of its own (examples/metric-templates/) is planned as plan does there
        Path config = file.resolveSibling(PolicyConfig.DEFAULT_FILE);
        return Files.isRegularFile(config)
                ? PolicyConfig.load(config).metricTemplates().expand(manifest).manifest()
                : manifest;
    }

    /** The manifest as written, before the metric templates of its folder's configuration are expanded. */
    static Manifest loadAsWritten(Path file) {
        // A release in a folder of its own names its workload file relative to itself: keep its real path.
        String display = inFolder(file)
                ? file.toString()
                : (file.startsWith(EXAMPLES) ? "examples/" : "plan/") + file.getFileName();
        return new ManifestLoader().load(file, display).manifests().get(0);
    }

    static Manifest load(String yaml) {
        return new ManifestLoader().parse("inline.yaml", yaml).manifests().get(0);
    }

    static String baseName(Path file) {
        return inFolder(file)
                ? file.getParent().getFileName().toString()
                : file.getFileName().toString().replaceAll("\\.yaml$", "");
    }

    /** Whether {@code file} is an example in a folder of its own, such as {@code examples/istio-workload/}. */
    static boolean inFolder(Path file) {
        return file.startsWith(EXAMPLES) && !file.getParent().equals(EXAMPLES);
    }

    static Plan plan(Path file) {
        return new Planner().plan(loadAsWritten(file), load(file), INPUTS);
    }

    static String render(PlanRenderer renderer, Plan plan) {
        StringBuilder b = new StringBuilder();
        try {
            renderer.render(plan, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }
}
