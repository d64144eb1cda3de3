package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.verify.CheckTrace;
import dev.releasepolicy.core.verify.ManifestCheck;
import dev.releasepolicy.core.verify.TimedInput;
import dev.releasepolicy.core.verify.VerifyContext;
import dev.releasepolicy.core.workload.WorkloadResolution;
import dev.releasepolicy.core.workload.WorkloadResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The policy stage of {@code verify}: runs every enabled policy over a manifest, applies the
 * configuration (severity overrides, parameters) and the waivers, and maps each finding's JSON
 * Pointer to {@code file:line:column}.
 *
 * <p><b>Schema-invalid manifests are not given to policies.</b> When an earlier stage reported an
 * error ({@code schema} or {@code yaml}), the policies are skipped for that manifest: policies are
 * written against the schema's types, and their results on ill-typed data would be noise (or
 * crashes) on top of the real problem. Warnings of earlier stages do not stop them.
 *
 * <p><b>The workload.</b> Before the policies run, {@code spec.workload} is resolved
 * ({@link WorkloadResolver}); its findings are reported here and policies see the result as
 * {@code release.workload}. A policy path under {@code /workload/...} that names the Deployment is
 * located in the Deployment file ({@link WorkloadResolution#locate}).
 *
 * <p>A policy that failed to load, crashed, looped or returned garbage is one error finding named
 * after the policy, located in the policy file; the other policies still run. Thread-safe.
 */
public final class PolicyCheck implements ManifestCheck, AutoCloseable {

    /** The name of the window verdict among the time-dependent inputs the verify cache checks. */
    public static final String WINDOW = "window";

    /** Policy id of findings about the configuration itself. */
    public static final String WAIVER_EXPIRED = "config/waiver-expired";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final PolicyEngine engine;
    private final PolicyConfig config;
    private final WindowContext window;
    private final List<PolicyEngine.Call> calls;
    private final PolicyProfile profile = new PolicyProfile();
    private final boolean profiling;
    private final WorkloadResolver workloads = new WorkloadResolver(new ManifestLoader());

    public PolicyCheck(PolicyEngine engine, PolicyConfig config, WindowContext window) {
        this(engine, config, window, false);
    }

    /**
     * @param profiling call each policy separately so that its time is measured (slower: normally all
     *                  policies of a manifest run in one call into the sandbox)
     */
    public PolicyCheck(PolicyEngine engine, PolicyConfig config, WindowContext window, boolean profiling) {
        this.profiling = profiling;
        this.engine = engine;
        this.config = config;
        this.window = window;
        List<PolicyEngine.Call> cs = new ArrayList<>();
        for (Policy p : engine.policies()) {
            Optional<PolicyConfig.Rule> rule = config.rule(p.id());
            if (rule.map(PolicyConfig.Rule::disabled).orElse(false)) {
                continue;
            }
            ObjectNode params = p.params().deepCopy();
            rule.ifPresent(r -> params.setAll(r.params()));
            cs.add(new PolicyEngine.Call(p, params.toString()));
        }
        this.calls = List.copyOf(cs);
    }

    /** The configuration these policies run with (its metric templates are expanded before they run). */
    public PolicyConfig config() {
        return config;
    }

    /**
     * The built-in policies plus those of {@code extraDirs} and of the configuration.
     *
     * @throws UncheckedIOException when a policy folder cannot be read
     */
    public static PolicyCheck create(List<Path> extraDirs, PolicyConfig config, WindowContext window) {
        return create(extraDirs, config, window, false);
    }

    /** As {@link #create(List, PolicyConfig, WindowContext)}, measuring each policy when {@code profiling}. */
    public static PolicyCheck create(
            List<Path> extraDirs, PolicyConfig config, WindowContext window, boolean profiling) {
        return ofFiles(files(extraDirs, config), config, window, profiling);
    }

    /** The policies of {@code files} (as {@link #files} lists them) with the configuration. */
    public static PolicyCheck ofFiles(
            List<PolicyFile> files, PolicyConfig config, WindowContext window, boolean profiling) {
        PolicyEngine engine = PolicyEngine.create(files);
        List<String> ids =
                new ArrayList<>(engine.policies().stream().map(Policy::id).toList());
        engine.loadFailures().forEach(f -> ids.add(f.policyId()));
        try {
            config.requireKnown(ids);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new PolicyCheck(engine, config, window, profiling);
    }

    /** The policy files: built-in first, then the folders of the options, then those of the configuration. */
    public static List<PolicyFile> files(List<Path> extraDirs, PolicyConfig config) {
        List<PolicyFile> files = new ArrayList<>(PolicyCatalog.builtin());
        Set<Path> dirs = new LinkedHashSet<>(extraDirs);
        dirs.addAll(config.policyDirs());
        for (Path d : dirs) {
            try {
                files.addAll(PolicyCatalog.folder(d));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the policy folder " + d + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    /** The engine (for listing policies). */
    public PolicyEngine engine() {
        return engine;
    }

    /** Time spent per policy so far. */
    public PolicyProfile profile() {
        return profile;
    }

    @Override
    public List<Finding> check(Manifest manifest, List<Finding> earlier, VerifyContext context) {
        for (Finding f : earlier) {
            if (f.isBlockingError()
                    && (f.policyId().equals(SchemaValidator.POLICY_ID)
                            || f.policyId().startsWith(ManifestLoader.YAML))) {
                return List.of();
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (PolicyFailure f : engine.loadFailures()) {
            findings.add(failure(f));
        }
        WorkloadResolution workload = workloads.resolve(manifest, context.trace()::reading);
        findings.addAll(workload.findings());
        JsonNode spec = manifest.tree().path("spec");
        Map<String, Object> win = window.evaluate(spec, context.now());
        Set<String> ctxReads = ConcurrentHashMap.newKeySet();
        List<PolicyOutcome> outcomes = engine.run(
                withWorkload(manifest.tree(), workload), context.now().toString(), win, calls, profiling, ctxReads);
        if (context.trace().isRecording()) {
            trace(context, spec, win, ctxReads);
        }
        Set<WaiverRule> expiredUsed = new HashSet<>();
        for (PolicyOutcome o : outcomes) {
            profile.add(o.policy().id(), o.nanos());
            if (o.failure().isPresent()) {
                findings.add(waive(failure(o.failure().get()), manifest, context, expiredUsed));
                continue;
            }
            Optional<Severity> override = config.rule(o.policy().id()).flatMap(PolicyConfig.Rule::severity);
            for (RawFinding r : o.findings()) {
                Severity s = override.orElse(r.severity().orElse(o.policy().severity()));
                WorkloadResolution.Target t = workload.locate(r.path(), manifest)
                        .orElseGet(() -> new WorkloadResolution.Target(
                                manifest.sourceMap().locate(r.path()), r.path()));
                Finding f = new Finding(o.policy().id(), s, r.message(), r.hint(), t.location(), t.pointer());
                findings.add(waive(f, manifest, context, expiredUsed));
            }
        }
        for (WaiverRule w : expiredUsed) {
            findings.add(Finding.warning(
                    WAIVER_EXPIRED,
                    "the waiver of '" + w.policy() + "' for '" + w.manifest() + "' expired on " + w.expires()
                            + " (owner: " + w.owner() + "; reason: " + w.reason() + "), so its findings count again",
                    "fix the findings, or renew the waiver with a later 'expires' in " + config.file()
                            + " if the reason still holds",
                    w.location(),
                    ""));
        }
        return findings;
    }

    /**
     * Tells the trace which time-dependent parts of {@code ctx} the policies read: the instant itself, its
     * date, or
     * fields of the window verdict (with the {@code spec} it was computed from, so that the cache can
     * compute it again at another instant: {@link #windowInput}).
     */
    private static void trace(VerifyContext context, JsonNode spec, Map<String, Object> win, Set<String> reads) {
        // the instant, or its date: the cache reuses the result at that instant, or all that day
        for (String name : List.of("now", "today")) {
            if (reads.contains(name)) {
                String value = name.equals("now") ? context.now().toString() : VerifyContext.today(context.now());
                context.trace()
                        .clock(new CheckTrace.Clock(
                                name, null, JSON.getNodeFactory().stringNode(value), false));
            }
        }
        if (!reads.contains("window")) {
            return;
        }
        JsonNode all = JSON.valueToTree(win);
        boolean listed = reads.contains("window/*");
        ObjectNode read = JSON.createObjectNode();
        for (String r : reads) {
            if (r.startsWith("window/") && !listed) {
                String field = r.substring("window/".length());
                if (all.has(field)) {
                    read.set(field, all.get(field));
                } else {
                    // A field read but absent must stay absent: compare it as null rather than drop it.
                    read.putNull(field);
                }
            }
        }
        context.trace().clock(new CheckTrace.Clock(WINDOW, spec, listed ? all : read, listed));
    }

    /**
     * The window verdict computed again for the verify cache: {@code ctx.window} of a manifest whose
     * {@code spec} is {@code input}, at {@code now}, as JSON (the same map the policies saw).
     */
    public static TimedInput windowInput(WindowContext window) {
        return (input, now) -> JSON.valueToTree(window.evaluate(input, now));
    }

    /**
     * The policy input: the manifest plus {@code workload} when one is declared. A shallow copy: the
     * manifest's own values are shared, not copied.
     */
    static JsonNode withWorkload(JsonNode release, WorkloadResolution workload) {
        Optional<ObjectNode> w = workload.policyInput();
        if (w.isEmpty() || !(release instanceof ObjectNode o)) {
            return release;
        }
        ObjectNode input = JSON.createObjectNode();
        input.setAll(o);
        input.set("workload", w.get());
        return input;
    }

    private Finding waive(Finding f, Manifest manifest, VerifyContext context, Set<WaiverRule> expiredUsed) {
        for (WaiverRule w : config.waivers()) {
            if (w.policy().equals(f.policyId()) && w.matches(manifest.file(), manifest.name())) {
                if (w.expiredAt(context.now())) {
                    expiredUsed.add(w);
                    continue;
                }
                return f.waivedBy(w.waiver());
            }
        }
        return f;
    }

    /** A failed policy as an error finding located in the policy file. */
    static Finding failure(PolicyFailure f) {
        String message = f.message();
        if (!f.console().isEmpty()) {
            message += " [console: " + f.console().replace('\n', ' ') + "]";
        }
        Location where =
                f.line() > 0 ? new Location(f.file(), f.line(), Math.max(1, f.column())) : Location.ofFile(f.file());
        return Finding.error(f.policyId(), message, f.hint(), where, "");
    }

    @Override
    public void close() {
        engine.close();
    }
}
