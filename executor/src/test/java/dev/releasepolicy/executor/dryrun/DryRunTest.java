package dev.releasepolicy.executor.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.Operation;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code apply --dry-run} of the reference releases: golden files for the offline output and for the
 * output against the seeded mock cluster (diffs against live objects), and proof that the server saw
 * no mutating request. Regenerate the golden files with {@code -Dgolden.update=true}.
 */
class DryRunTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/dry-run");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AutoClose
    private static final MockApi api = new MockApi();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"blue-green-web.yaml", "canary-api.yaml", "auto-rollback.yaml", "checks-canary/release.yaml"})
    void offline_referenceRelease_matchesGolden(String example) throws IOException {
        Plan plan = ReferenceReleases.plan(example);
        StringBuilder out = new StringBuilder();
        new DryRun(Optional.empty(), false).print(plan, out);
        // a release in a folder of its own (checks-canary/release.yaml) is named after its folder
        golden(example.replace("/release.yaml", ".yaml").replace(".yaml", ".offline.yaml"), out.toString());
    }

    /**
     * The plan's counts (its summary, the Markdown, {@code plan}) and the dry run's must agree: every object
     * the executor creates is a plan object (issue 16: the migration Job was added by the executor only, so
     * the plan said "1 to create" and the dry run "2 to create").
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"blue-green-web.yaml", "canary-api.yaml", "auto-rollback.yaml", "checks-canary/release.yaml"})
    void offline_referenceRelease_countsAgreeWithThePlan(String example) throws IOException {
        Plan plan = ReferenceReleases.plan(example);
        StringBuilder out = new StringBuilder();
        new DryRun(Optional.empty(), false).print(plan, out);
        long creates = plan.count(Operation.CREATE) + plan.count(Operation.CREATE_FROM);
        long changes = plan.count(Operation.APPLY) + plan.count(Operation.PATCH) + plan.count(Operation.EDIT);
        assertThat(out.toString())
                .contains("# Dry run: " + creates + " to create, " + changes + " to change, "
                        + plan.count(Operation.DELETE) + " to delete;");
        assertThat(plan.summary()).contains(creates + " to create, " + changes + " to change");
    }

    @Test
    void offline_istioWorkload_showsTheTeamsDeploymentAndTheEdits() throws IOException {
        String out = offline("istio-workload");
        assertThat(out)
                .contains("# ~ VirtualService prod/orders-api: edit: route primary → stable 90, canary 10")
                .contains("edit: istio-weights")
                .contains("name: log-shipper");
    }

    /** One workload example per router, offline: the edits in words and the new Deployment in full. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gateway-workload", "istio-hosts-workload", "blue-green-workload", "replicas-workload"})
    void offline_workloadExample_matchesGolden(String example) throws IOException {
        String out = offline(example);
        assertThat(out).contains("name: log-shipper");
    }

    /**
     * Each workload example against a cluster holding the team's objects of its {@code k8s/} folder: the
     * dry run diffs every edit against the live object and changes nothing.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "istio-workload",
                "gateway-workload",
                "istio-hosts-workload",
                "blue-green-workload",
                "replicas-workload"
            })
    void againstCluster_workloadExample_diffsTheTeamsObjects(String example) throws IOException {
        api.reset();
        Path dir = ReferenceReleases.examples().resolve(example);
        try (Stream<Path> files = Files.list(dir.resolve("k8s"))) {
            for (Path f : files.sorted().toList()) {
                for (Manifest m :
                        new ManifestLoader().load(f, f.getFileName().toString()).manifests()) {
                    api.cluster().create(m.tree());
                }
            }
        }
        api.clearRequests();
        Path manifest = dir.resolve("release.yaml");
        Plan plan = ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
        StringBuilder out = new StringBuilder();
        new DryRun(Optional.of(api.cluster()), false).print(plan, out);

        assertThat(api.requests()).isNotEmpty().allMatch(r -> r.method().equals("GET"), "only GET requests");
        golden(example + ".cluster.yaml", out.toString().replaceAll("resourceVersion: \"\\d+\"", "resourceVersion: N"));
        assertThat(out).contains("diff against the live object", "nothing was changed");
    }

    private static String offline(String example) throws IOException {
        Path manifest = ReferenceReleases.examples().resolve(example).resolve("release.yaml");
        Plan plan = ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
        StringBuilder out = new StringBuilder();
        new DryRun(Optional.empty(), false).print(plan, out);
        golden(example + ".offline.yaml", out.toString());
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blue-green-web.yaml", "canary-api.yaml", "auto-rollback.yaml"})
    void againstCluster_referenceRelease_diffsMatchGoldenAndNothingChanges(String example) throws IOException {
        api.reset();
        ReferenceReleases.seed(api.cluster(), example);
        api.clearRequests();
        Plan plan = ReferenceReleases.plan(example);
        StringBuilder out = new StringBuilder();
        new DryRun(Optional.of(api.cluster()), false).print(plan, out);

        assertThat(api.requests()).isNotEmpty().allMatch(r -> r.method().equals("GET"), "only GET requests");
        golden(
                example.replace(".yaml", ".cluster.yaml"),
                out.toString().replaceAll("resourceVersion: \"\\d+\"", "resourceVersion: N"));
        assertThat(out).contains("diff against the live object", "nothing was changed");
    }

    /**
     * Every dry run written (the golden files) reads with the project's loader without a finding, and
     * SnakeYAML (YAML 1.1, as kubectl reads) gives the same trees: no plain scalar is read as anything else.
     */
    @Test
    void goldenDryRuns_readBackTheSameWithTheProjectsLoaderAndAYaml11Reader() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(GOLDEN)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            LoadedFile loaded = new ManifestLoader().load(f, f.toString());
            assertThat(loaded.findings()).as(f.toString()).isEmpty();
            List<Object> snake = new ArrayList<>();
            new Yaml().loadAll(Files.readString(f)).forEach(snake::add);
            snake.removeIf(java.util.Objects::isNull);
            assertThat(snake).as(f.toString()).hasSameSizeAs(loaded.manifests());
            for (int i = 0; i < snake.size(); i++) {
                assertThat(JSON.valueToTree(snake.get(i)).toString())
                        .as(f + " document " + i)
                        .isEqualTo(loaded.manifests().get(i).tree().toString());
            }
        }
    }

    @Test
    void offline_mergePatch_isPrintedAsThePatchAlone() throws IOException {
        String text = offline("blue-green-workload");
        assertThat(text).contains("merge patch\n---\n# patch (merge)\n");
        int patch = text.indexOf("# patch (merge)");
        assertThat(patch).isPositive();
        String doc =
                text.substring(patch, text.indexOf("\n\n", patch) < 0 ? text.length() : text.indexOf("\n\n", patch));
        assertThat(doc).doesNotContain("apiVersion", "kind:", "namespace:");
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
