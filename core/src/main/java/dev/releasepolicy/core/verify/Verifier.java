package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    private final ManifestLoader loader;
    private final List<ManifestCheck> checks;
    private final Optional<ResultCache> cache;

    public Verifier(ManifestLoader loader, List<ManifestCheck> checks) {
        this(loader, checks, Optional.empty());
    }

    /**
     * @param cache the verify cache: a file whose stored result still holds is not checked again (and the
     *              checks, such as the policy engine, may then never start)
     */
    public Verifier(ManifestLoader loader, List<ManifestCheck> checks, Optional<ResultCache> cache) {
        this.loader = loader;
        this.checks = List.copyOf(checks);
        this.cache = cache;
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
        List<Outcome> outcomes =
                candidates.parallelStream().map(c -> check(c, context)).toList();
        List<FileResult> files = new ArrayList<>();
        List<ManifestResult> manifests = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.fileFindings().isEmpty()) {
                files.add(new FileResult(o.file(), o.fileFindings()));
            }
            manifests.addAll(o.manifests());
        }
        if (manifests.isEmpty() && files.isEmpty()) {
            String where = String.join(", ", paths.stream().map(Path::toString).toList());
            files.add(new FileResult(
                    where,
                    List.of(Finding.error(
                            INPUT,
                            "no release manifest found in " + where,
                            "pass files or folders holding YAML documents with 'kind: Release'",
                            Location.ofFile(where),
                            ""))));
        }
        return new VerifyReport(files, manifests);
    }

    /** Verifies manifests that are already loaded (used by tests and the benchmark). */
    public List<Finding> verify(Manifest manifest, VerifyContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ManifestCheck check : checks) {
            findings.addAll(check.check(manifest, List.copyOf(findings), context));
        }
        findings.sort(Finding.ORDER);
        return findings;
    }

    private record Outcome(String file, List<Finding> fileFindings, List<ManifestResult> manifests) {}

    private Outcome check(ManifestFinder.Candidate c, VerifyContext context) {
        if (cache.isEmpty()) {
            return check(c, loader.load(c.path(), c.displayName()), context);
        }
        byte[] bytes;
        try {
            if (Files.size(c.path()) > CACHE_MAX_FILE_BYTES) {
                return check(c, loader.load(c.path(), c.displayName()), context);
            }
            bytes = Files.readAllBytes(c.path());
        } catch (IOException e) {
            return check(c, loader.load(c.path(), c.displayName()), context);
        }
        ResultCache rc = cache.get();
        String key = rc.key(c.displayName(), c.explicit(), bytes);
        Optional<ResultCache.Hit> hit = rc.lookup(key, context.now());
        if (hit.isPresent()) {
            return new Outcome(
                    c.displayName(), hit.get().fileFindings(), hit.get().manifests());
        }
        // The bytes that were hashed are the bytes that are checked: a file changed meanwhile cannot
        // leave a result under the key of its older content.
        CheckTrace trace = CheckTrace.recording();
        Outcome o = check(c, loader.parse(c.displayName(), bytes), context.tracing(trace));
        rc.store(key, c.displayName(), context.now(), o.fileFindings(), o.manifests(), trace);
        return o;
    }

    private Outcome check(ManifestFinder.Candidate c, LoadedFile loaded, VerifyContext context) {
        List<Manifest> releases = loaded.manifests().stream()
                .filter(m -> "Release".equals(m.kind()))
                .toList();
        List<Finding> fileFindings = new ArrayList<>();
        List<ManifestResult> results = new ArrayList<>();
        boolean hasSyntaxProblem = loaded.findings().stream().anyMatch(Finding::isBlockingError);
        if (!c.explicit() && releases.isEmpty() && !hasSyntaxProblem) {
            // A folder may hold other YAML (Kubernetes objects, CI files): only Release documents count.
            return new Outcome(c.displayName(), List.of(), List.of());
        }
        for (Manifest m : loaded.manifests()) {
            if (!"Release".equals(m.kind()) && c.explicit()) {
                String kind = m.kind().isEmpty() ? "no kind" : "kind '" + m.kind() + "'";
                fileFindings.add(Finding.error(
                        SchemaValidator.POLICY_ID,
                        "document " + (m.document() + 1) + " has " + kind + ", not a release manifest",
                        "set 'apiVersion: releasepolicy.dev/v1' and 'kind: Release', or do not pass this file",
                        m.sourceMap().locate("/kind"),
                        "/kind"));
            }
        }
        for (Manifest m : releases) {
            List<Finding> own = new ArrayList<>();
            for (Finding f : loaded.findings()) {
                if (belongsTo(f, m, loaded)) {
                    own.add(f);
                }
            }
            own.addAll(verify(m, context));
            own.sort(Finding.ORDER);
            results.add(new ManifestResult(c.displayName(), m.document(), m.name(), own));
        }
        for (Finding f : loaded.findings()) {
            if (releases.stream().noneMatch(m -> belongsTo(f, m, loaded))) {
                fileFindings.add(f);
            }
        }
        fileFindings.sort(Finding.ORDER);
        return new Outcome(c.displayName(), fileFindings, results);
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
