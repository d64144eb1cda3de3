package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.foreign.ArgoRolloutMapper;
import dev.releasepolicy.core.foreign.FlaggerCanaryMapper;
import dev.releasepolicy.core.foreign.ForeignIds;
import dev.releasepolicy.core.foreign.ForeignKind;
import dev.releasepolicy.core.foreign.ForeignSet;
import dev.releasepolicy.core.foreign.MappedRelease;
import dev.releasepolicy.core.foreign.NamedRelease;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.template.MetricTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@code verify} pipeline: find files, load them, run each check over every Release manifest,
 * and collect the findings. Every file is checked even when others are malformed.
 *
 * <p>Thread-safe; files are processed in parallel and the report is still in a stable order.
 */
public final class Verifier {

    /** Policy id of findings about the run's inputs (a path without manifests). */
    public static final String INPUT = "input";

    /** Files larger than this are checked without the cache (the loader refuses them anyway). */
    private static final long CACHE_MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** Made on first use: a run answered from the cache may parse nothing (making one loads the YAML parser). */
    private final Supplier<ManifestLoader> loader;

    private final List<ManifestCheck> checks;
    private final MetricTemplates templates;
    private final Optional<ResultCache> cache;
    private final AtomicBoolean prepared = new AtomicBoolean();

    /** A verifier without metric templates (a manifest using one gets a finding saying it is not defined). */
    public Verifier(ManifestLoader loader, List<ManifestCheck> checks) {
        this(loader, checks, MetricTemplates.NONE, Optional.empty());
    }

    /**
     * @param templates expanded into each manifest before the checks run, so the schema and the policies
     *                  judge the metrics the plan will hold; their own problems are reported on their file
     */
    public Verifier(ManifestLoader loader, List<ManifestCheck> checks, MetricTemplates templates) {
        this(loader, checks, templates, Optional.empty());
    }

    /**
     * @param templates expanded into each manifest before the checks run
     * @param cache     the verify cache: a file whose stored result still holds is not checked again (and the
     *                  checks, such as the policy engine, may then never start)
     */
    public Verifier(
            ManifestLoader loader, List<ManifestCheck> checks, MetricTemplates templates, Optional<ResultCache> cache) {
        this(() -> loader, checks, templates, cache);
    }

    private Verifier(
            Supplier<ManifestLoader> loader,
            List<ManifestCheck> checks,
            MetricTemplates templates,
            Optional<ResultCache> cache) {
        this.loader = loader;
        this.checks = List.copyOf(checks);
        this.templates = templates;
        this.cache = cache;
    }

    /**
     * A verifier for {@link #verifyFromCache} only: it has no checks, and makes its manifest loader only if
     * a file must be parsed.
     */
    public static Verifier cacheOnly(MetricTemplates templates, ResultCache cache) {
        AtomicReference<ManifestLoader> made = new AtomicReference<>();
        Supplier<ManifestLoader> loader = () -> made.updateAndGet(l -> l != null ? l : new ManifestLoader());
        return new Verifier(loader, List.of(), templates, Optional.of(cache));
    }

    /** The schema stage only. */
    public static Verifier schemaOnly() {
        SchemaValidator schema = SchemaValidator.releaseManifest();
        return new Verifier(new ManifestLoader(), List.of((m, earlier, ctx) -> schema.validate(m)));
    }

    /**
     * Verifies the manifests under {@code paths}.
     *
     * @throws NoSuchFileException when a given path does not exist
     */
    public VerifyReport verify(List<Path> paths, VerifyContext context) throws NoSuchFileException {
        List<ManifestFinder.Candidate> candidates = ManifestFinder.find(paths);
        // Files with Argo or Flagger documents (or Deployments they may name) wait until the whole set is
        // loaded, since a Rollout reads AnalysisTemplates and Deployments of other files; the others are
        // checked at once, so a set of release manifests only is held in memory no longer than before.
        List<Object> first =
                candidates.parallelStream().map(c -> firstPass(c, context)).toList();
        List<Manifest> foreign = new ArrayList<>();
        for (Object o : first) {
            if (o instanceof Deferred d) {
                foreign.addAll(d.loaded().manifests());
            }
        }
        ForeignSet set = new ForeignSet(foreign);
        List<Outcome> outcomes = first.parallelStream()
                .map(o -> o instanceof Deferred d ? check(d.candidate(), d.loaded(), context, set) : (Outcome) o)
                .toList();
        return report(paths, outcomes);
    }

    /**
     * Verifies the manifests under {@code paths} from the verify cache alone: the report {@link #verify}
     * would give when the stored result of every file still holds, else empty. It reads and hashes the
     * files and reads the cache, and nothing more: no manifest is parsed and no check (the schema, the
     * policy engine) runs, so it is cheap enough to try before starting a JVM that would check. Empty
     * without a cache, and when a file cannot be cached (too large, unreadable, or holding objects that
     * depend on the other files, whose results are never stored).
     *
     * @throws NoSuchFileException when a given path does not exist
     */
    public Optional<VerifyReport> verifyFromCache(List<Path> paths, VerifyContext context) throws NoSuchFileException {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        ResultCache rc = cache.get();
        List<ManifestFinder.Candidate> candidates = ManifestFinder.find(paths);
        List<Optional<Outcome>> hits =
                candidates.parallelStream().map(c -> fromCache(c, rc, context)).toList();
        if (hits.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(report(paths, hits.stream().map(Optional::get).toList()));
    }

    /**
     * A file's outcome without checking it: its stored result when that still holds, or, for a file found
     * in a folder that holds no release, no Argo or Flagger object and no syntax error (Deployments a
     * workload names: their files are never stored, since a Rollout may read them), the empty outcome
     * {@link #check} gives such a file whatever the set.
     */
    private Optional<Outcome> fromCache(ManifestFinder.Candidate c, ResultCache rc, VerifyContext context) {
        Optional<byte[]> bytes = cacheableBytes(c);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Optional<ResultCache.Hit> hit = rc.lookup(rc.key(c.displayName(), c.explicit(), bytes.get()), context.now());
        if (hit.isPresent()) {
            return Optional.of(new Outcome(
                    c.displayName(), hit.get().fileFindings(), hit.get().manifests()));
        }
        if (c.explicit()) {
            return Optional.empty();
        }
        LoadedFile loaded = loader.get().parse(c.displayName(), bytes.get());
        boolean checked = loaded.manifests().stream()
                        .anyMatch(m ->
                                "Release".equals(m.kind()) || ForeignKind.of(m).isPresent())
                || loaded.findings().stream().anyMatch(Finding::isBlockingError);
        return checked ? Optional.empty() : Optional.of(new Outcome(c.displayName(), List.of(), List.of()));
    }

    /** The report of the files' outcomes, in their order, with the templates' problems. */
    private VerifyReport report(List<Path> paths, List<Outcome> outcomes) {
        List<FileResult> files = new ArrayList<>();
        List<ManifestResult> manifests = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.fileFindings().isEmpty()) {
                files.add(new FileResult(o.file(), o.fileFindings()));
            }
            manifests.addAll(o.manifests());
        }
        // on the file that has them: the configuration, or a file it includes
        templates.problemsByFile().forEach((file, found) -> files.add(new FileResult(file, found)));
        if (manifests.isEmpty() && files.isEmpty()) {
            String where = String.join(", ", paths.stream().map(Path::toString).toList());
            files.add(new FileResult(
                    where,
                    List.of(Finding.error(
                            INPUT,
                            "no release manifest found in " + where,
                            "pass files or folders holding YAML documents with 'kind: Release', or Argo Rollouts"
                                    + " (kind: Rollout) or Flagger (kind: Canary) objects",
                            Location.ofFile(where),
                            ""))));
        }
        return new VerifyReport(files, manifests);
    }

    /** Verifies manifests that are already loaded (used by tests and the benchmark). */
    public List<Finding> verify(Manifest manifest, VerifyContext context) {
        MetricTemplates.Expansion expansion = templates.expand(manifest);
        List<Finding> findings = new ArrayList<>(expansion.findings());
        for (ManifestCheck check : checks) {
            findings.addAll(check.check(expansion.manifest(), List.copyOf(findings), context));
        }
        findings.sort(Finding.ORDER);
        return findings;
    }

    private record Outcome(String file, List<Finding> fileFindings, List<ManifestResult> manifests) {}

    /** A loaded file checked once the whole set is known. */
    private record Deferred(ManifestFinder.Candidate candidate, LoadedFile loaded) {}

    /**
     * Checks a file at once, from the cache when its stored result still holds, or defers it: a file with
     * Argo or Flagger documents, Deployments, or a release naming a Rollout or Canary depends on the other
     * files of the set, so it is checked in the second pass and never cached.
     */
    private Object firstPass(ManifestFinder.Candidate c, VerifyContext context) {
        Optional<byte[]> bytes = cache.isEmpty() ? Optional.empty() : cacheableBytes(c);
        if (bytes.isEmpty()) {
            LoadedFile loaded = loader.get().load(c.path(), c.displayName());
            if (dependsOnTheSet(loaded)) {
                return new Deferred(c, loaded);
            }
            prepare(loaded);
            return check(c, loaded, context, ForeignSet.EMPTY);
        }
        ResultCache rc = cache.get();
        String key = rc.key(c.displayName(), c.explicit(), bytes.get());
        Optional<ResultCache.Hit> hit = rc.lookup(key, context.now());
        if (hit.isPresent()) {
            return new Outcome(
                    c.displayName(), hit.get().fileFindings(), hit.get().manifests());
        }
        // The bytes that were hashed are the bytes that are checked: a file changed meanwhile cannot
        // leave a result under the key of its older content.
        LoadedFile loaded = loader.get().parse(c.displayName(), bytes.get());
        if (dependsOnTheSet(loaded)) {
            return new Deferred(c, loaded);
        }
        prepare(loaded);
        CheckTrace trace = CheckTrace.recording();
        Outcome o = check(c, loaded, context.tracing(trace), ForeignSet.EMPTY);
        rc.store(key, c.displayName(), context.now(), o.fileFindings(), o.manifests(), trace);
        return o;
    }

    /**
     * Lets each stage start in the background once the first release has to be checked (not from the
     * cache), while this thread goes on with it: a file with no release document starts nothing.
     */
    private void prepare(LoadedFile loaded) {
        if (loaded.manifests().stream().anyMatch(m -> "Release".equals(m.kind())) && !prepared.getAndSet(true)) {
            checks.forEach(ManifestCheck::prepare);
        }
    }

    /** The file's bytes when it may be cached: not too large, and readable. */
    private static Optional<byte[]> cacheableBytes(ManifestFinder.Candidate c) {
        try {
            if (Files.size(c.path()) > CACHE_MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(c.path()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean dependsOnTheSet(LoadedFile loaded) {
        return loaded.manifests().stream()
                .anyMatch(m -> ForeignKind.of(m).isPresent()
                        || "Deployment".equals(m.kind())
                        || "Release".equals(m.kind()) && ForeignSet.named(m).isPresent());
    }

    private Outcome check(ManifestFinder.Candidate c, LoadedFile loaded, VerifyContext context, ForeignSet set) {
        List<Manifest> releases = loaded.manifests().stream()
                .filter(m -> "Release".equals(m.kind()))
                .toList();
        List<Finding> fileFindings = new ArrayList<>();
        List<ManifestResult> results = new ArrayList<>();
        List<Manifest> checked = new ArrayList<>();
        boolean hasSyntaxProblem = loaded.findings().stream().anyMatch(Finding::isBlockingError);
        boolean hasForeign =
                loaded.manifests().stream().anyMatch(m -> ForeignKind.of(m).isPresent());
        if (!c.explicit() && releases.isEmpty() && !hasForeign && !hasSyntaxProblem) {
            // A folder may hold other YAML (Kubernetes objects, CI files): only Release documents count.
            return new Outcome(c.displayName(), List.of(), List.of());
        }
        for (Manifest m : loaded.manifests()) {
            Optional<ForeignKind> foreign = ForeignKind.of(m);
            if ("Release".equals(m.kind())) {
                checked.add(m);
            } else if (foreign.isPresent()) {
                foreignDocument(m, foreign.get(), set, fileFindings).ifPresent(checked::add);
            } else if (c.explicit() && !set.isReferencedDeployment(m)) {
                String kind = m.kind().isEmpty() ? "no kind" : "kind '" + m.kind() + "'";
                fileFindings.add(Finding.error(
                        SchemaValidator.POLICY_ID,
                        "document " + (m.document() + 1) + " has " + kind + ", not a release manifest",
                        "set 'apiVersion: releasepolicy.dev/v1' and 'kind: Release', or do not pass this file",
                        m.sourceMap().locate("/kind"),
                        "/kind"));
            }
        }
        for (Manifest m : checked) {
            List<Finding> own = new ArrayList<>();
            for (Finding f : loaded.findings()) {
                if (belongsTo(f, m, loaded)) {
                    own.add(f);
                }
            }
            Optional<ForeignKind> foreign = ForeignKind.of(m);
            Optional<MappedRelease> mapped =
                    foreign.isPresent() ? Optional.of(map(m, foreign.get(), set)) : named(m, set, own);
            if (mapped.isPresent()) {
                own.addAll(mapped.get().findings());
                for (Finding f : verify(mapped.get().release(), context)) {
                    mapped.get().translate(f).ifPresent(own::add);
                }
            } else {
                own.addAll(verify(m, context));
            }
            own.sort(Finding.ORDER);
            results.add(new ManifestResult(c.displayName(), m.document(), m.name(), own));
        }
        for (Finding f : loaded.findings()) {
            if (checked.stream().noneMatch(m -> belongsTo(f, m, loaded))) {
                fileFindings.add(f);
            }
        }
        fileFindings.sort(Finding.ORDER);
        return new Outcome(c.displayName(), fileFindings, results);
    }

    private static MappedRelease map(Manifest m, ForeignKind kind, ForeignSet set) {
        return kind == ForeignKind.ROLLOUT
                ? new ArgoRolloutMapper().map(m, set)
                : new FlaggerCanaryMapper().map(m, set);
    }

    /**
     * A release manifest that names its Rollout or Canary ({@code spec.workload.rollout}/{@code canary}), merged
     * with it; empty for other manifests, and when the object is not in the set (an error added to {@code own}).
     */
    private static Optional<MappedRelease> named(Manifest release, ForeignSet set, List<Finding> own) {
        Optional<String> name = ForeignSet.named(release);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Manifest> object = set.namedBy(release);
        boolean rollout = name.get().startsWith("rollout:");
        if (object.isEmpty()) {
            String pointer = "/spec/workload/" + (rollout ? "rollout" : "canary");
            String kind = rollout ? "Rollout" : "Canary";
            own.add(Finding.error(
                    ForeignIds.REFERENCE,
                    "spec.workload names the " + kind + " '"
                            + name.get().substring(name.get().indexOf(':') + 1)
                            + "', which is not in the files verified",
                    "verify the folder holding the " + kind + " too (its steps are this release's strategy)",
                    release.sourceMap().locate(pointer),
                    pointer));
            return Optional.empty();
        }
        ForeignKind kind = rollout ? ForeignKind.ROLLOUT : ForeignKind.CANARY;
        return Optional.of(NamedRelease.merge(release, map(object.get(), kind, set)));
    }

    /**
     * An Argo or Flagger document: a Rollout or Canary is checked as a release (returned); a template is
     * only reported when no Rollout or Canary uses it; an unknown API version is an error.
     */
    private static Optional<Manifest> foreignDocument(
            Manifest m, ForeignKind kind, ForeignSet set, List<Finding> fileFindings) {
        if (!kind.knownVersion(m)) {
            fileFindings.add(Finding.error(
                    ForeignIds.API_VERSION,
                    "document " + (m.document() + 1) + " is a " + kind.kind() + " of apiVersion '"
                            + m.tree().path("apiVersion").asString("") + "', which release-policy does not read",
                    "release-policy reads " + kind.kind() + " of " + kind.apiVersion() + "; convert it, or do not"
                            + " pass this file",
                    m.sourceMap().locate("/apiVersion"),
                    "/apiVersion"));
            return Optional.empty();
        }
        if (kind.isRelease()) {
            // A Rollout or Canary that a release manifest names is checked through that manifest.
            return set.isNamedByRelease(m) ? Optional.empty() : Optional.of(m);
        }
        if (!set.isUsed(m)) {
            String usedBy = kind == ForeignKind.METRIC_TEMPLATE ? "Canary" : "Rollout";
            fileFindings.add(Finding.warning(
                    ForeignIds.UNUSED,
                    kind.kind() + " '" + m.name() + "' is used by no " + usedBy + " in the files verified, so its"
                            + " metrics are not checked",
                    "pass the " + usedBy + " that uses it too, or remove the template if nothing uses it",
                    m.sourceMap().locate("/metadata/name"),
                    "/metadata/name"));
        }
        return Optional.empty();
    }

    /** A loader finding belongs to the manifest whose lines contain it. */
    private static boolean belongsTo(Finding f, Manifest m, LoadedFile file) {
        int line = f.location().line();
        if (line <= 0 || f.pointer().isEmpty() && f.policyId().equals(ManifestLoader.YAML)) {
            return false;
        }
        int start = m.sourceMap().locate("").line();
        int end = Integer.MAX_VALUE;
        for (Manifest other : file.manifests()) {
            int s = other.sourceMap().locate("").line();
            if (s > start && s < end) {
                end = s;
            }
        }
        return line >= start && line < end;
    }
}
