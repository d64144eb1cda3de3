package dev.releasepolicy.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.policy.PolicyEngine;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify cache (issue 18): whatever changes between two runs — the manifest, a workload file, a
 * policy, the configuration, a waiver that expires, a window that opens or closes — a run with the
 * cache reports exactly the findings of a run without it (message, hint, location, pointer, severity,
 * waiver), and a warm run over unchanged inputs takes every result from the cache without starting the
 * policy engine. Corrupt or foreign entries are ignored and rewritten; concurrent runs share a folder.
 */
class VerifyCacheTest {

    /** Tuesday 15:00Z: the examples' Asia/Shanghai window (Tue 22:00-02:00 local) is open. */
    private static final String OPEN = "2026-12-01T15:00:00Z";

    @TempDir
    Path tmp;

    Path work;
    Path cache;

    @BeforeEach
    void copyExamples() throws IOException {
        work = tmp.resolve("examples");
        cache = tmp.resolve("cache");
        copy(Path.of("..", "examples"), work);
        // Argo Rollouts and Flagger objects depend on the other files of the set and are never cached
        // (foreignObjects_areCheckedEveryTime): the cache's own tests use the release manifests.
        foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.move(work.resolve("argo-rollout"), foreign.resolve("argo-rollout"));
        Files.move(work.resolve("flagger-canary"), foreign.resolve("flagger-canary"));
    }

    Path foreign;

    @Test
    void foreignObjects_areCheckedEveryTime_withTheSameFindings() {
        Opts fresh = new Opts(
                List.of(foreign), List.of(), Optional.empty(), Optional.of(Instant.parse(OPEN)), Optional.empty());
        Opts cached = new Opts(
                List.of(foreign), List.of(), Optional.empty(), Optional.of(Instant.parse(OPEN)), Optional.of(cache));
        VerifyReport expected =
                new VerifyRunner().run(fresh, new StringBuilder()).report();
        VerifyReport first = new VerifyRunner().run(cached, new StringBuilder()).report();
        VerifyReport second =
                new VerifyRunner().run(cached, new StringBuilder()).report();
        assertThat(second.manifests()).isNotEmpty().noneMatch(ManifestResult::cached);
        assertThat(comparable(first)).isEqualTo(comparable(expected));
        assertThat(comparable(second)).isEqualTo(comparable(expected));
    }

    /** The options of one run. */
    record Opts(
            List<Path> paths,
            List<Path> policyDirs,
            Optional<Path> configFile,
            Optional<Instant> now,
            Optional<Path> cacheDirectory)
            implements VerifyOptions {
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

        @Override
        public boolean failOnWarn() {
            return false;
        }
    }

    private VerifyReport run(Optional<Path> cacheDir, String now, List<Path> policyDirs, Optional<Path> config) {
        Opts o = new Opts(List.of(work), policyDirs, config, Optional.of(Instant.parse(now)), cacheDir);
        return new VerifyRunner().run(o, new StringBuilder()).report();
    }

    private VerifyReport cached(String now) {
        return run(Optional.of(cache), now, List.of(), Optional.empty());
    }

    private VerifyReport fresh(String now) {
        return run(Optional.empty(), now, List.of(), Optional.empty());
    }

    /** The report as compared: everything but the {@code cached} flags. */
    private static List<Object> comparable(VerifyReport r) {
        List<Object> out = new ArrayList<>();
        for (FileResult f : r.files()) {
            out.add(f);
        }
        for (ManifestResult m : r.manifests()) {
            out.add(new ManifestResult(m.file(), m.document(), m.name(), m.findings(), false));
        }
        return out;
    }

    private static void assertSame(VerifyReport cached, VerifyReport fresh) {
        assertThat(comparable(cached)).isEqualTo(comparable(fresh));
        assertThat(cached.findings()).isNotEmpty().isEqualTo(fresh.findings());
    }

    private static List<String> cachedFiles(VerifyReport r) {
        return r.manifests().stream()
                .filter(ManifestResult::cached)
                .map(m -> Path.of(m.file()).getFileName().toString())
                .distinct()
                .toList();
    }

    private static List<String> checkedFiles(VerifyReport r) {
        return r.manifests().stream()
                .filter(m -> !m.cached())
                .map(m -> Path.of(m.file()).getFileName().toString())
                .distinct()
                .toList();
    }

    @Test
    void warmRun_takesEveryResultFromTheCache_withoutStartingThePolicyEngine() {
        VerifyReport fresh = fresh(OPEN);
        VerifyReport cold = cached(OPEN);
        assertSame(cold, fresh);
        assertThat(cold.manifests()).noneMatch(ManifestResult::cached);

        long engines = PolicyEngine.enginesStarted();
        VerifyReport warm = cached(OPEN);
        assertThat(PolicyEngine.enginesStarted()).as("policy engines started").isEqualTo(engines);
        assertThat(warm.manifests()).isNotEmpty().allMatch(ManifestResult::cached);
        assertSame(warm, fresh);
    }

    @Test
    void runFromCache_answersExactlyAsARun_onlyWhileEveryStoredResultHolds() throws IOException {
        // work holds Deployment files too (workloads' k8s/ folders), whose results are never stored
        Opts opts = new Opts(
                List.of(work), List.of(), Optional.empty(), Optional.of(Instant.parse(OPEN)), Optional.of(cache));
        assertThat(new VerifyRunner().runFromCache(opts, new StringBuilder()))
                .as("cold cache")
                .isEmpty();
        assertThat(Files.exists(cache) ? entries() : List.of())
                .as("written by a cache-only run")
                .isEmpty();

        StringBuilder coldText = new StringBuilder();
        VerifyRunner.Outcome cold = new VerifyRunner().run(opts, coldText);
        long engines = PolicyEngine.enginesStarted();
        StringBuilder warmText = new StringBuilder();
        VerifyRunner.Outcome warm =
                new VerifyRunner().runFromCache(opts, warmText).orElseThrow();

        assertThat(PolicyEngine.enginesStarted()).as("policy engines started").isEqualTo(engines);
        assertThat(warm.report().manifests()).isNotEmpty().allMatch(ManifestResult::cached);
        assertSame(warm.report(), cold.report());
        assertThat(warm.exitCode()).isEqualTo(cold.exitCode());
        assertThat(warm.rules()).isNotEmpty().isEqualTo(cold.rules());
        assertThat(coldText.toString()).contains("\"cached\" : false").doesNotContain("\"cached\" : true");
        assertThat(warmText.toString().replace("\"cached\" : true", "\"cached\" : false"))
                .isEqualTo(coldText.toString());

        edit(work.resolve("auto-rollback.yaml"), "  replicas:", "  replicas: 1");
        List<Path> before = entries();
        assertThat(new VerifyRunner().runFromCache(opts, new StringBuilder()))
                .as("a manifest changed")
                .isEmpty();
        assertThat(entries()).as("written by a cache-only run").isEqualTo(before);
    }

    @Test
    void runFromCache_neverAnswersForObjectsThatDependOnTheSet() {
        Opts opts = new Opts(
                List.of(foreign), List.of(), Optional.empty(), Optional.of(Instant.parse(OPEN)), Optional.of(cache));
        new VerifyRunner().run(opts, new StringBuilder());
        assertThat(new VerifyRunner().runFromCache(opts, new StringBuilder())).isEmpty();
    }

    @Test
    void runFromCache_withoutACache_answersNothing() {
        Opts opts = new Opts(
                List.of(work), List.of(), Optional.empty(), Optional.of(Instant.parse(OPEN)), Optional.empty());
        new VerifyRunner().run(opts, new StringBuilder());
        assertThat(new VerifyRunner().runFromCache(opts, new StringBuilder())).isEmpty();
    }

    @Test
    void changedManifest_isCheckedAgain_andTheOthersComeFromTheCache() throws IOException {
        cached(OPEN);
        Path m = work.resolve("auto-rollback.yaml");
        edit(m, "  replicas:", "  replicas: 1");
        VerifyReport again = cached(OPEN);
        assertSame(again, fresh(OPEN));
        assertThat(checkedFiles(again)).containsExactly("auto-rollback.yaml");
    }

    @Test
    void changedWorkloadFile_isNoticed() throws IOException {
        cached(OPEN);
        Path deployment = work.resolve("blue-green-workload/k8s/storefront.yaml");
        String text = Files.readString(deployment);
        Files.writeString(deployment, text.replace("kind: Deployment", "kind: StatefulSet"));
        VerifyReport again = cached(OPEN);
        VerifyReport fresh = fresh(OPEN);
        assertSame(again, fresh);
        assertThat(again.manifests().stream()
                        .filter(r -> r.file().endsWith("blue-green-workload/release.yaml"))
                        .findFirst()
                        .orElseThrow()
                        .cached())
                .isFalse();
    }

    @Test
    void changedPolicy_changesTheFindings() throws IOException {
        Path team = tmp.resolve("team");
        Files.createDirectories(team);
        Path policy = team.resolve("name.js");
        Files.writeString(policy, teamPolicy("first wording"));
        run(Optional.of(cache), OPEN, List.of(team), Optional.empty());
        Files.writeString(policy, teamPolicy("second wording"));
        VerifyReport again = run(Optional.of(cache), OPEN, List.of(team), Optional.empty());
        VerifyReport fresh = run(Optional.empty(), OPEN, List.of(team), Optional.empty());
        assertSame(again, fresh);
        assertThat(again.findings()).anyMatch(f -> f.message().contains("second wording"));
        assertThat(again.manifests()).noneMatch(ManifestResult::cached);
    }

    private static String teamPolicy(String wording) {
        return """
                export const meta = {id: 'team/name', severity: 'warning', description: 'Names are short.'};
                export function check(release) {
                  return [{path: '/metadata/name', message: 'WORDING: ' + release.metadata.name}];
                }
                """.replace("WORDING", wording);
    }

    @Test
    void changedConfiguration_changesTheFindings() throws IOException {
        Path config = tmp.resolve("release-policy.yaml");
        Files.writeString(config, "rules:\n  checklist:\n    severity: warning\n");
        run(Optional.of(cache), OPEN, List.of(), Optional.of(config));
        Files.writeString(config, "rules:\n  checklist:\n    severity: error\n  release-window:\n    disabled: true\n");
        VerifyReport again = run(Optional.of(cache), OPEN, List.of(), Optional.of(config));
        assertSame(again, run(Optional.empty(), OPEN, List.of(), Optional.of(config)));
        assertThat(again.manifests()).noneMatch(ManifestResult::cached);
    }

    @Test
    void waiverExpiring_makesItsFindingsCountAgain() throws IOException {
        // A manifest whose policies read no clock (no window, no rehearsal): only the waiver depends on the day.
        keepOnly("canary-api.yaml");
        edit(work.resolve("canary-api.yaml"), "  window:", null);
        Path config = tmp.resolve("release-policy.yaml");
        Files.writeString(config, """
                waivers:
                  - policy: release-window
                    manifest: orders-api-2-7-0
                    reason: the window is agreed per release
                    owner: orders-team
                    expires: "2026-12-01"
                """);
        String lastDay = "2026-12-01T23:00:00Z";
        String dayAfter = "2026-12-02T01:00:00Z";
        VerifyReport waived = run(Optional.of(cache), lastDay, List.of(), Optional.of(config));
        assertThat(waived.waived()).isPositive();
        assertThat(run(Optional.of(cache), lastDay, List.of(), Optional.of(config))
                        .manifests())
                .allMatch(ManifestResult::cached);
        VerifyReport after = run(Optional.of(cache), dayAfter, List.of(), Optional.of(config));
        assertSame(after, run(Optional.empty(), dayAfter, List.of(), Optional.of(config)));
        assertThat(after.waived()).isZero();
        assertThat(after.findings()).anyMatch(f -> f.policyId().equals("config/waiver-expired"));
    }

    @Test
    void windowOpeningAndClosing_isNoticed_whileAnOpenWindowIsReused() throws IOException {
        // No built-in policy reads ctx.now (a closed window's finding says "closed now", not the instant), and
        // without a rehearsal date none reads ctx.today: only the window verdict's fields count.
        keepOnly("canary-api.yaml");
        edit(work.resolve("canary-api.yaml"), "    rehearsed:", null);
        record Step(String now, boolean reused) {}
        List<Step> steps = List.of(
                new Step("2026-12-01T14:00:00Z", false), // the window has just opened
                new Step("2026-12-01T14:10:00Z", true), // still open, the release still fits: same verdict
                new Step("2026-12-01T17:45:00Z", false), // open, but the release no longer fits
                new Step("2026-12-01T18:30:00Z", false), // closed
                new Step("2026-12-01T18:31:00Z", true), // still closed, same next opening: the finding holds
                new Step("2026-12-01T13:59:00Z", false), // closed, before the opening
                new Step("2026-12-01T14:00:00Z", false)); // opened again
        for (Step step : steps) {
            VerifyReport c = cached(step.now());
            assertSame(c, fresh(step.now()));
            assertThat(c.manifests()).as("at %s", step.now()).allMatch(m -> m.cached() == step.reused());
        }
    }

    @Test
    void policyReadingTheClock_isCheckedAgainAtAnotherInstant_andOnlyThen() throws IOException {
        keepOnly("canary-api.yaml");
        edit(work.resolve("canary-api.yaml"), "  window:", null);
        edit(work.resolve("canary-api.yaml"), "    rehearsed:", null);
        Path team = tmp.resolve("team");
        Files.createDirectories(team);
        Files.writeString(team.resolve("clock.js"), """
                export const meta = {id: 'team/clock', severity: 'warning', description: 'Says when.'};
                export function check(release, ctx) {
                  return release.spec.replicas > 100 ? [] : [{path: '/spec', message: 'checked at ' + ctx.now}];
                }
                """);
        String first = "2026-12-01T10:00:00Z";
        String second = "2026-12-01T10:00:01Z";
        for (String now : List.of(first, first, second)) {
            VerifyReport c = run(Optional.of(cache), now, List.of(team), Optional.empty());
            assertSame(c, run(Optional.empty(), now, List.of(team), Optional.empty()));
        }
        assertThat(run(Optional.of(cache), second, List.of(team), Optional.empty())
                        .manifests())
                .allMatch(ManifestResult::cached);
        assertThat(run(Optional.of(cache), first, List.of(team), Optional.empty())
                        .manifests())
                .noneMatch(ManifestResult::cached);
    }

    @Test
    void rehearsalAge_isReusedAllDay_andCheckedAgainTheNextDay() throws IOException {
        // rollback-plan reads ctx.today for the rehearsal age (whole days): without a window no other
        // built-in policy reads the clock, so the result holds for the whole UTC day, not one instant.
        keepOnly("canary-api.yaml");
        Path file = work.resolve("canary-api.yaml");
        edit(file, "  window:", null);
        edit(file, "    rehearsed:", "    rehearsed: {environment: staging, at: \"2026-11-01\"}");
        String morning = "2026-12-01T00:00:05Z";
        String evening = "2026-12-01T23:59:59Z";
        String nextDay = "2026-12-02T00:00:00Z";
        VerifyReport first = cached(morning);
        assertSame(first, fresh(morning));
        assertThat(first.manifests()).noneMatch(ManifestResult::cached);
        VerifyReport later = cached(evening);
        assertSame(later, fresh(evening));
        assertThat(later.manifests()).as("30 days old all day long").allMatch(ManifestResult::cached);
        assertThat(ids(later)).doesNotContain("rollback-plan");
        VerifyReport next = cached(nextDay);
        assertSame(next, fresh(nextDay));
        assertThat(next.manifests()).as("a new day: checked again").noneMatch(ManifestResult::cached);
        assertThat(ids(next)).as("31 days old").contains("rollback-plan");
    }

    private static List<String> ids(VerifyReport r) {
        return r.manifests().stream()
                .flatMap(m -> m.findings().stream())
                .map(f -> f.policyId())
                .toList();
    }

    @Test
    void corruptAndForeignEntries_areIgnoredAndRewritten() throws IOException {
        VerifyReport fresh = fresh(OPEN);
        cached(OPEN);
        List<Path> entries = entries();
        assertThat(entries).hasSizeGreaterThan(3);
        byte[] foreign = Files.readAllBytes(entries.get(0));
        for (int i = 0; i < entries.size(); i++) {
            Path e = entries.get(i);
            byte[] b = Files.readAllBytes(e);
            switch (i % 4) {
                case 0 -> Files.write(e, new byte[0]);
                case 1 -> {
                    b[b.length / 2] ^= 0x20; // one flipped bit in the body: the checksum no longer matches
                    Files.write(e, b);
                }
                case 2 -> Files.write(e, foreign); // another file's entry, intact but under the wrong key
                default -> Files.write(e, "not json\n{".getBytes(StandardCharsets.UTF_8));
            }
        }
        VerifyReport again = cached(OPEN);
        assertSame(again, fresh);
        assertThat(again.manifests().stream().filter(ManifestResult::cached)).hasSizeLessThanOrEqualTo(1);
        VerifyReport rewritten = cached(OPEN);
        assertThat(rewritten.manifests()).allMatch(ManifestResult::cached);
        assertSame(rewritten, fresh);
    }

    @Test
    void concurrentRuns_shareOneCacheFolder() throws Exception {
        VerifyReport fresh = fresh(OPEN);
        int n = 3;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<VerifyReport>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<VerifyReport> c = () -> {
                    start.await();
                    return cached(OPEN);
                };
                runs.add(pool.submit(c));
            }
            for (Future<VerifyReport> f : runs) {
                assertSame(f.get(), fresh);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> s = Files.walk(cache)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".tmp")))
                    .isEmpty();
        }
        VerifyReport warm = cached(OPEN);
        assertThat(warm.manifests()).allMatch(ManifestResult::cached);
        assertSame(warm, fresh);
    }

    /**
     * A property over the examples: after random edits (seeded; {@code -Dfuzz.seed=N} explores others) and
     * at random instants, the cached run reports what an uncached run reports.
     */
    @Test
    void randomEdits_cachedEqualsUncached() throws IOException {
        long seed = Long.getLong("fuzz.seed", 18L);
        int rounds = Integer.getInteger("fuzz.rounds", 12);
        Random random = new Random(seed);
        List<Path> files;
        try (Stream<Path> s = Files.walk(work)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> instants = List.of(OPEN, "2026-12-01T17:45:00Z", "2026-12-02T03:00:00Z", "2026-12-25T15:00:00Z");
        cached(OPEN);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k <= random.nextInt(3); k++) {
                Path f = files.get(random.nextInt(files.size()));
                mutate(f, random);
            }
            String now = instants.get(random.nextInt(instants.size()));
            VerifyReport c = cached(now);
            VerifyReport u = fresh(now);
            assertThat(comparable(c))
                    .as("seed %d round %d at %s", seed, round, now)
                    .isEqualTo(comparable(u));
        }
    }

    /** One random edit of a YAML file: a changed digit, a dropped or doubled line, a changed word. */
    private static void mutate(Path f, Random random) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        if (lines.isEmpty()) {
            return;
        }
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        switch (random.nextInt(4)) {
            case 0 -> lines.set(i, line.replaceFirst("[0-9]", String.valueOf(random.nextInt(10))));
            case 1 -> lines.remove(i);
            case 2 -> lines.add(i, line);
            default ->
                lines.set(
                        i,
                        line.replaceFirst(
                                "[a-z]+", List.of("x", "true", "no", "22:00").get(random.nextInt(4))));
        }
        Files.write(f, lines);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void keepOnly(String name) throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(work) && !p.equals(work.resolve(name))) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Replaces the line starting with {@code prefix} by {@code line} (null: drops it and its indented block). */
    private static void edit(Path file, String prefix, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(prefix)) {
                continue;
            }
            if (line != null) {
                lines.set(i, line);
            } else {
                int indent = indent(lines.remove(i));
                while (i < lines.size() && indent(lines.get(i)) > indent) {
                    lines.remove(i);
                }
            }
            Files.write(file, lines);
            return;
        }
        throw new AssertionError("no line '" + prefix + "' in " + file);
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
