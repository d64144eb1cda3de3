package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.foreign.ArgoRolloutMapper;
import dev.releasepolicy.core.foreign.FlaggerCanaryMapper;
import dev.releasepolicy.core.foreign.ForeignKind;
import dev.releasepolicy.core.foreign.ForeignSet;
import dev.releasepolicy.core.foreign.MappedRelease;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.workload.WorkloadResolution;
import dev.releasepolicy.core.workload.WorkloadResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code release-policy test}: runs the cases that policies ship with, like {@code opa test}.
 *
 * <p>Layout (also in {@code policies/README.md}): beside the policy modules, {@code tests/<policy-id>/}
 * holds cases; a case is {@code <case>.yaml} (a release manifest) and {@code <case>.findings.txt}, the
 * findings that policy must report, one per line as {@code SEVERITY POINTER} (e.g.
 * {@code error /spec/rollback/to}); an empty file means "no findings". Lines starting with {@code #}
 * are comments; header lines set up the case: {@code now: 2026-12-01T15:00:00Z} (the clock, default
 * {@value #DEFAULT_NOW}), {@code params: {...}} (JSON, merged over the policy's defaults) and
 * {@code window: {...}} (JSON: a fixed {@code ctx.window}, to test a policy apart from the window engine)
 * and {@code workload: {...}} (JSON: a fixed {@code release.workload}, for what a file cannot give, such
 * as a live Deployment's {@code runningImage}). A case whose manifest has {@code spec.workload.manifest}
 * reads that Deployment file as {@code verify} does (relative to the case; keep such files in a subfolder,
 * e.g. {@code tests/<policy-id>/k8s/}, as every {@code .yaml} beside the cases is a case). Pointers are
 * compared as the policy returned them ({@code /workload/container/readinessProbe}), while the report
 * shows where they lead (the Deployment file's line). Only the findings of the policy under test are
 * compared, so a case's manifest can be small.
 */
public final class PolicyTestRunner {

    /** The clock of a case without {@code now:}: a Tuesday, 23:00 in Asia/Shanghai. */
    public static final String DEFAULT_NOW = "2026-12-01T15:00:00Z";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final WindowContext window;

    public PolicyTestRunner(WindowContext window) {
        this.window = window;
    }

    /** One case: where it is and what it expects. */
    public record Case(String policyId, String name, Path manifest, Path expected) {
        /** {@code policy-id/case}. */
        public String label() {
            return policyId + "/" + name;
        }
    }

    /** The outcome of one case; {@code missing} and {@code unexpected} are {@code SEVERITY POINTER} lines. */
    public record CaseResult(Case testCase, List<String> missing, List<String> unexpected, List<String> details) {
        public boolean passed() {
            return missing.isEmpty() && unexpected.isEmpty();
        }
    }

    /** The policies of one folder and their cases. */
    public record Suite(String folder, List<PolicyFile> policies, List<Case> cases) {}

    /** The built-in policies and their cases. */
    public static Suite builtinSuite() {
        Path root = PolicyCatalog.builtinRoot();
        return new Suite("policies/", PolicyCatalog.builtin(), cases(root.resolve("tests")));
    }

    /** A team folder's policies and cases. */
    public static Suite folderSuite(Path dir) throws IOException {
        return new Suite(dir.toString(), PolicyCatalog.folder(dir), cases(dir.resolve("tests")));
    }

    static List<Case> cases(Path testsRoot) {
        List<Case> out = new ArrayList<>();
        if (!Files.isDirectory(testsRoot)) {
            return out;
        }
        try (Stream<Path> policies = Files.list(testsRoot)) {
            for (Path dir : policies.filter(Files::isDirectory).sorted().toList()) {
                String id = dir.getFileName().toString().replace("/", "");
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                            String name = n.substring(0, n.lastIndexOf('.'));
                            out.add(new Case(id, name, f, f.resolveSibling(name + ".findings.txt")));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the test cases in " + testsRoot + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Runs the cases of a suite with one engine. */
    public List<CaseResult> run(Suite suite) {
        try (PolicyEngine engine = PolicyEngine.create(suite.policies())) {
            List<CaseResult> results = new ArrayList<>();
            for (Case c : suite.cases()) {
                results.add(run(engine, c));
            }
            return results;
        }
    }

    /** Runs one case on an engine that holds its policy. */
    public CaseResult run(PolicyEngine engine, Case c) {
        List<String> details = new ArrayList<>();
        if (!Files.isRegularFile(c.expected())) {
            return new CaseResult(
                    c, List.of("(no " + c.expected().getFileName() + " beside the case)"), List.of(), details);
        }
        Expected expected;
        try {
            expected = Expected.read(c.expected());
        } catch (IOException | RuntimeException e) {
            return new CaseResult(
                    c,
                    List.of("(cannot read " + c.expected().getFileName() + ": " + e.getMessage() + ")"),
                    List.of(),
                    details);
        }
        Optional<Policy> policy = engine.policies().stream()
                .filter(p -> p.id().equals(c.policyId()))
                .findFirst();
        List<Finding> actual = new ArrayList<>();
        Optional<PolicyFailure> loadFailure = engine.loadFailures().stream()
                .filter(f -> f.policyId().equals(c.policyId()))
                .findFirst();
        if (loadFailure.isPresent()) {
            actual.add(PolicyCheck.failure(loadFailure.get()));
        } else if (policy.isEmpty()) {
            return new CaseResult(
                    c, List.of("(no policy with id '" + c.policyId() + "' in this folder)"), List.of(), details);
        } else {
            Manifest m;
            try {
                LoadedFile loaded =
                        new ManifestLoader().parse(c.manifest().toString(), Files.readAllBytes(c.manifest()));
                List<Finding> broken = loaded.findings().stream()
                        .filter(Finding::isBlockingError)
                        .toList();
                if (!broken.isEmpty() || loaded.manifests().isEmpty()) {
                    broken.forEach(f -> details.add(f.location() + " " + f.message()));
                    return new CaseResult(c, List.of("(the case manifest does not load)"), List.of(), details);
                }
                m = loaded.manifests().get(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // A case may be an Argo Rollout or a Flagger Canary (with its templates and Deployment in the same
            // file): the policy sees the release verify builds from it, and pointers are the Rollout's or Canary's.
            Optional<MappedRelease> mapped = mapForeign(m, loadedDocuments(c), details);
            if (mapped.isEmpty() && ForeignKind.of(m).isPresent()) {
                return new CaseResult(c, List.of("(the case's " + m.kind() + " cannot be read)"), List.of(), details);
            }
            if (mapped.isPresent()) {
                m = mapped.get().release();
            }
            WorkloadResolution workload = new WorkloadResolver(new ManifestLoader()).resolve(m, c.manifest());
            List<Finding> broken = workload.findings().stream()
                    .filter(Finding::isBlockingError)
                    .toList();
            if (!broken.isEmpty()) {
                broken.forEach(f -> details.add(f.location() + " " + f.message()));
                return new CaseResult(c, List.of("(the case's workload does not load)"), List.of(), details);
            }
            JsonNode input = PolicyCheck.withWorkload(m.tree(), workload);
            if (expected.workload().isPresent() && input instanceof ObjectNode o) {
                ObjectNode fixed = JSON.createObjectNode();
                fixed.setAll(o);
                fixed.set("workload", expected.workload().get());
                input = fixed;
            }
            ObjectNode params = policy.get().params().deepCopy();
            params.setAll(expected.params());
            Map<String, Object> win = expected.window().isPresent()
                    ? expected.window().get()
                    : window.evaluate(m.tree().path("spec"), expected.now());
            PolicyOutcome o = engine.run(
                            input,
                            expected.now().toString(),
                            win,
                            List.of(new PolicyEngine.Call(policy.get(), params.toString())))
                    .get(0);
            if (o.failure().isPresent()) {
                actual.add(PolicyCheck.failure(o.failure().get()));
            } else {
                for (RawFinding r : o.findings()) {
                    // The pointer stays the policy's own path; the location is where verify shows it.
                    Manifest at = m;
                    Finding f = new Finding(
                            c.policyId(),
                            r.severity().orElse(policy.get().severity()),
                            r.message(),
                            r.hint(),
                            workload.locate(r.path(), m)
                                    .map(WorkloadResolution.Target::location)
                                    .orElseGet(() -> at.sourceMap().locate(r.path())),
                            r.path());
                    // For a Rollout or Canary, the pointer of the field the value was read from.
                    actual.add(mapped.flatMap(x -> x.translate(f)).orElse(f));
                }
            }
        }
        List<String> missing = new ArrayList<>(expected.findings());
        List<String> unexpected = new ArrayList<>();
        for (Finding f : actual) {
            String key = f.severity().label() + " " + f.pointer();
            if (!missing.remove(key)) {
                unexpected.add(key);
            }
            details.add(f.severity().label() + " " + (f.pointer().isEmpty() ? "\"\"" : f.pointer()) + "  "
                    + f.location() + "  " + f.message() + (f.hint().isEmpty() ? "" : " — " + f.hint()));
        }
        return new CaseResult(c, missing, unexpected, details);
    }

    private static List<Manifest> loadedDocuments(Case c) {
        try {
            return new ManifestLoader()
                    .parse(c.manifest().toString(), Files.readAllBytes(c.manifest()))
                    .manifests();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The release built from a Rollout or Canary case; empty for a release manifest or an unreadable one. */
    private static Optional<MappedRelease> mapForeign(Manifest m, List<Manifest> documents, List<String> details) {
        Optional<ForeignKind> kind = ForeignKind.of(m);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        if (!kind.get().isRelease() || !kind.get().knownVersion(m)) {
            details.add("a case is a release manifest, or an Argo Rollout (" + ForeignKind.ROLLOUT.apiVersion()
                    + ") or a Flagger Canary (" + ForeignKind.CANARY.apiVersion() + ") as its first document");
            return Optional.empty();
        }
        ForeignSet set = new ForeignSet(documents);
        return Optional.of(
                kind.get() == ForeignKind.ROLLOUT
                        ? new ArgoRolloutMapper().map(m, set)
                        : new FlaggerCanaryMapper().map(m, set));
    }

    /**
     * Runs suites and prints {@code PASS}/{@code FAIL} per case, the differences of each failure and
     * a closing {@code N passed, M failed} line.
     *
     * @return the number of failed cases
     */
    public int runAndPrint(List<Suite> suites, Appendable out) {
        int passed = 0;
        int failed = 0;
        try {
            for (Suite s : suites) {
                List<CaseResult> results = run(s);
                for (String id : policyIdsWithoutCases(s)) {
                    out.append("WARN ")
                            .append(id)
                            .append(": no test cases in ")
                            .append(s.folder())
                            .append("tests/")
                            .append(id)
                            .append("/\n");
                }
                for (CaseResult r : results) {
                    if (r.passed()) {
                        passed++;
                        out.append("PASS ").append(r.testCase().label()).append('\n');
                        continue;
                    }
                    failed++;
                    out.append("FAIL ")
                            .append(r.testCase().label())
                            .append("  (")
                            .append(r.testCase().manifest().toString())
                            .append(")\n");
                    for (String m : r.missing()) {
                        out.append("  missing:    ").append(m).append('\n');
                    }
                    for (String u : r.unexpected()) {
                        out.append("  unexpected: ").append(u).append('\n');
                    }
                    if (!r.details().isEmpty()) {
                        out.append("  the policy reported:\n");
                        for (String d : r.details()) {
                            out.append("    ").append(d).append('\n');
                        }
                    } else {
                        out.append("  the policy reported no findings\n");
                    }
                }
            }
            out.append(String.valueOf(passed))
                    .append(" passed, ")
                    .append(String.valueOf(failed))
                    .append(" failed\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return failed;
    }

    private static List<String> policyIdsWithoutCases(Suite s) {
        List<String> withCases =
                s.cases().stream().map(Case::policyId).distinct().toList();
        return s.policies().stream()
                .map(PolicyFile::baseName)
                .filter(id -> !withCases.contains(id))
                .toList();
    }

    /** A parsed {@code .findings.txt}. */
    record Expected(
            Instant now,
            ObjectNode params,
            Optional<Map<String, Object>> window,
            Optional<JsonNode> workload,
            List<String> findings) {

        static Expected read(Path file) throws IOException {
            Instant now = Instants.parse(DEFAULT_NOW);
            ObjectNode params = JSON.createObjectNode();
            Optional<Map<String, Object>> window = Optional.empty();
            Optional<JsonNode> workload = Optional.empty();
            List<String> findings = new ArrayList<>();
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("now:")) {
                    now = Instants.parse(line.substring(4).strip());
                } else if (line.startsWith("params:")) {
                    params = (ObjectNode) JSON.readTree(line.substring(7).strip());
                } else if (line.startsWith("window:")) {
                    JsonNode w = JSON.readTree(line.substring(7).strip());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = JSON.convertValue(w, LinkedHashMap.class);
                    window = Optional.of(map);
                } else if (line.startsWith("workload:")) {
                    JsonNode w = JSON.readTree(line.substring(9).strip());
                    if (!w.isObject()) {
                        throw new IllegalArgumentException("'" + line + "': workload: takes a JSON object");
                    }
                    workload = Optional.of(w);
                } else {
                    String[] parts = line.split("\\s+", 2);
                    String severity = parts[0];
                    if (!severity.equals("error") && !severity.equals("warning")) {
                        throw new IllegalArgumentException("'" + line + "': a finding line is 'error|warning POINTER'");
                    }
                    String pointer = parts.length > 1 ? parts[1].strip() : "";
                    findings.add(severity + " " + (pointer.equals("\"\"") ? "" : pointer));
                }
            }
            return new Expected(now, params, window, workload, findings);
        }
    }
}
