package dev.releasepolicy.core.runner;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.plan.PolicySetDigest;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyFile;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.report.ReportFormats;
import dev.releasepolicy.core.report.ReportSettings;
import dev.releasepolicy.core.report.ReportWriter;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.verify.ManifestCheck;
import dev.releasepolicy.core.verify.ResultCache;
import dev.releasepolicy.core.verify.Verifier;
import dev.releasepolicy.core.verify.VerifyContext;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The one entry point behind {@code release-policy verify} and {@code mvn release-policy:verify}:
 * runs the checks, writes the report where the options say, and answers with the exit code.
 */
public final class VerifyRunner {

    /**
     * The report, its exit code (the README's "Exit codes"), (with {@link VerifyOptions#profile()}) the time
     * spent per policy, and the rules checked (policy meta), for report files written later (Maven).
     */
    public record Outcome(
            VerifyReport report, ExitCode exitCode, List<String> profile, List<ReportSettings.Rule> rules) {
        public Outcome {
            profile = List.copyOf(profile);
            rules = List.copyOf(rules);
        }
    }

    /** The side entry of the verify cache that holds the policies' descriptions for these rules. */
    private static final String RULES = "rules";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Clock clock;
    private final WindowContext window;

    public VerifyRunner() {
        this(Clock.systemUTC());
    }

    public VerifyRunner(Clock clock) {
        this(clock, WindowContext.EVALUATED);
    }

    /**
     * @param clock  the clock when the options do not fix {@code now}
     * @param window evaluates release windows for the {@code release-window} policy
     */
    public VerifyRunner(Clock clock, WindowContext window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * Runs {@code verify}.
     *
     * @param options what to check and how to report
     * @param stdout  where the report goes when no output file is set
     * @throws UsageException for a missing path or unknown format
     */
    public Outcome run(VerifyOptions options, Appendable stdout) {
        return run(options, stdout, false).orElseThrow();
    }

    /**
     * Runs {@code verify} from the verify cache alone: when the stored result of every manifest file still
     * holds (and the policies' descriptions for these rules are stored), writes the report and answers
     * exactly as {@link #run} would; else empty, having written nothing. Neither the policy engine nor the
     * schema is started, so a caller can try this cheaply before checking somewhere that costs more (the
     * Maven goal tries it in Maven's JVM before it forks one). Empty too without a cache, and with
     * {@link VerifyOptions#profile()} (which runs every policy).
     *
     * @throws UsageException as {@link #run}
     */
    public Optional<Outcome> runFromCache(VerifyOptions options, Appendable stdout) {
        return run(options, stdout, true);
    }

    private Optional<Outcome> run(VerifyOptions options, Appendable stdout, boolean cacheOnly) {
        ReportFormats.byName(options.format())
                .orElseThrow(() -> new UsageException("unknown format '" + options.format() + "': use one of "
                        + String.join(", ", ReportFormats.names())));
        if (options.paths().isEmpty()) {
            throw new UsageException("no manifest given: pass files or folders, e.g. verify release/");
        }
        // Instants are shown to the second: a clock's nanoseconds are noise in findings and reports.
        Instant now = options.now().orElseGet(clock::instant).truncatedTo(ChronoUnit.SECONDS);
        PolicyConfig config = PolicyConfig.loadDefault(options.configFile(), options.configFromWorkingDirectory());
        List<PolicyFile> files;
        try {
            files = PolicyCheck.files(options.policyDirs(), config);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
        // Profiling measures the policies, so it runs them all: no cache then.
        Optional<ResultCache> cache =
                options.profile() ? Optional.empty() : options.cacheDirectory().map(d -> cache(d, files, config, now));
        Optional<List<ReportSettings.Rule>> knownRules =
                cache.flatMap(c -> c.side(RULES)).flatMap(VerifyRunner::rules);
        if (cacheOnly) {
            if (cache.isEmpty() || knownRules.isEmpty()) {
                return Optional.empty();
            }
            Optional<VerifyReport> cached;
            try {
                cached = Verifier.cacheOnly(config.metricTemplates(), cache.get())
                        .verifyFromCache(options.paths(), new VerifyContext(now));
            } catch (NoSuchFileException e) {
                throw new UsageException(e.getFile() + ": no such file or directory");
            }
            return cached.map(r -> answer(r, knownRules.get(), options, stdout, List.of()));
        }
        VerifyReport report;
        List<String> profile;
        List<ReportSettings.Rule> rules;
        try (LazyPolicies policies = new LazyPolicies(() -> policyStage(files, config, options))) {
            if (knownRules.isEmpty()) {
                // Start the engine now (in the background): it checks that the configuration names known
                // policies, and the reports need the policies' descriptions. With both in the cache for
                // these very rules, the engine starts only when a manifest has to be checked.
                policies.prepare();
            }
            LazySchema schema = new LazySchema();
            Verifier verifier =
                    new Verifier(new ManifestLoader(), List.of(schema, policies), config.metricTemplates(), cache);
            try {
                report = verifier.verify(options.paths(), new VerifyContext(now));
            } catch (RuntimeException e) {
                // The engine's start failed while manifests were read (it runs in the background): report
                // that failure as it was thrown, not as re-thrown by a worker thread of the parallel check.
                throw policies.startFailure().orElse(e);
            }
            rules = knownRules.orElseGet(() -> rules(policies.get()));
            if (knownRules.isEmpty()) {
                cache.ifPresent(c -> c.storeSide(RULES, rulesJson(rules)));
            }
            profile = options.profile() ? policies.get().profile().lines() : List.of();
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory");
        }
        cache.ifPresent(ResultCache::prune);
        return Optional.of(answer(report, rules, options, stdout, profile));
    }

    /** Writes the report where the options say and makes the outcome: the same for both ways of running. */
    private static Outcome answer(
            VerifyReport report,
            List<ReportSettings.Rule> rules,
            VerifyOptions options,
            Appendable stdout,
            List<String> profile) {
        ReportSettings settings = ReportSettings.of(Path.of("").toAbsolutePath(), options.sarifRoot(), rules);
        ReportWriter writer = ReportFormats.byName(options.format(), settings).orElseThrow();
        write(report, writer, options, stdout);
        return new Outcome(report, exitCode(report, options.failOnWarn()), profile, settings.rules());
    }

    /**
     * The verify cache for this run. Its run key holds what every result depends on: the tool's build, the
     * rules (schema, policy files, configuration: {@link PolicySetDigest}), which window engine evaluates
     * {@code ctx.window}, and whether each waiver has expired at {@code now} (a waiver that expires
     * changes the findings of the manifests it covered).
     */
    private ResultCache cache(Path dir, List<PolicyFile> files, PolicyConfig config, Instant now) {
        StringBuilder key = new StringBuilder();
        key.append("tool ")
                .append(ToolVersion.get())
                .append(' ')
                .append(buildStamp())
                .append('\n');
        key.append("rules ").append(PolicySetDigest.of(files, config)).append('\n');
        key.append("window ")
                .append(window == WindowContext.EVALUATED ? "evaluated" : "custom@" + System.identityHashCode(window))
                .append('\n');
        key.append("waivers ");
        config.waivers().forEach(w -> key.append(w.expiredAt(now) ? '1' : '0'));
        return new ResultCache(
                dir,
                key.toString(),
                Map.of(PolicyCheck.WINDOW, PolicyCheck.windowInput(window)),
                ResultCache.Limits.DEFAULT);
    }

    /**
     * What tells two builds of one version apart: a development build ({@code -SNAPSHOT}) changes without
     * a new version, so its jar's size and time count too.
     */
    private static String buildStamp() {
        String v = ToolVersion.get();
        if (!v.endsWith("-SNAPSHOT") && !v.equals("unknown")) {
            return "";
        }
        try {
            Path jar = Path.of(ToolVersion.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return Files.isRegularFile(jar) ? Files.size(jar) + "@" + Files.getLastModifiedTime(jar) : "classes";
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static List<ReportSettings.Rule> rules(PolicyCheck policies) {
        return policies.engine().policies().stream()
                .map(p -> new ReportSettings.Rule(p.id(), p.severity(), p.description(), p.file()))
                .toList();
    }

    private static JsonNode rulesJson(List<ReportSettings.Rule> rules) {
        ArrayNode a = JSON.createArrayNode();
        for (ReportSettings.Rule r : rules) {
            a.addObject()
                    .put("id", r.id())
                    .put("severity", r.severity().name())
                    .put("description", r.description())
                    .put("source", r.source());
        }
        return a;
    }

    private static Optional<List<ReportSettings.Rule>> rules(JsonNode a) {
        if (!a.isArray()) {
            return Optional.empty();
        }
        try {
            List<ReportSettings.Rule> out = new ArrayList<>();
            for (JsonNode r : a) {
                out.add(new ReportSettings.Rule(
                        r.path("id").asString(),
                        Severity.valueOf(r.path("severity").asString()),
                        r.path("description").asString(),
                        r.path("source").asString()));
            }
            return Optional.of(out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The policy stage, started on first use: a run answered wholly from the cache never starts it. */
    private static final class LazyPolicies implements ManifestCheck, AutoCloseable {
        private final FutureTask<PolicyCheck> start;
        private final AtomicBoolean started = new AtomicBoolean();

        LazyPolicies(Supplier<PolicyCheck> start) {
            this.start = new FutureTask<>(start::get);
        }

        /**
         * Starts the engine on a background thread, so that it loads the policies while this thread reads
         * and parses the manifests and compiles the schema (on two cores a cold run over one manifest
         * finishes that much sooner).
         */
        @Override
        public void prepare() {
            if (!started.getAndSet(true)) {
                Thread t = new Thread(start, "release-policy-engine-start");
                t.setDaemon(true);
                t.start();
            }
        }

        PolicyCheck get() {
            if (!started.getAndSet(true)) {
                start.run();
            }
            try {
                return start.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the policy engine started", e);
            } catch (ExecutionException e) {
                // The start's own failure (e.g. a configuration naming an unknown policy), as if thrown here.
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The exception the engine's start ended with, once it has ended so. */
        Optional<RuntimeException> startFailure() {
            if (!start.isDone()) {
                return Optional.empty();
            }
            try {
                start.get();
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                return e.getCause() instanceof RuntimeException r ? Optional.of(r) : Optional.empty();
            }
        }

        @Override
        public List<Finding> check(Manifest manifest, List<Finding> earlier, VerifyContext context) {
            return get().check(manifest, earlier, context);
        }

        @Override
        public void close() {
            if (!started.get()) {
                return;
            }
            try {
                // A start still running is waited for, so that its engine is closed too.
                start.get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // It failed to start: nothing to close, and the failure was reported by get().
            }
        }
    }

    /** The schema stage, compiled on first use. */
    private static final class LazySchema implements ManifestCheck {
        private volatile SchemaValidator schema;

        @Override
        public List<Finding> check(Manifest manifest, List<Finding> earlier, VerifyContext context) {
            SchemaValidator s = schema;
            if (s == null) {
                s = SchemaValidator.releaseManifest();
                schema = s;
            }
            return s.validate(manifest);
        }
    }

    /** {@link ExitCode#FINDINGS} when an unwaived error exists, or a warning and {@code failOnWarn}; else OK. */
    public static ExitCode exitCode(VerifyReport report, boolean failOnWarn) {
        return report.errors() > 0 || (failOnWarn && report.warnings() > 0) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /** The policy stage: the given policy files with the configuration. */
    private PolicyCheck policyStage(List<PolicyFile> files, PolicyConfig config, VerifyOptions options) {
        return PolicyCheck.ofFiles(files, config, window, options.profile());
    }

    private static void write(VerifyReport report, ReportWriter writer, VerifyOptions options, Appendable stdout) {
        try {
            if (options.output().isPresent()) {
                Path out = options.output().get();
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    writer.write(report, w);
                }
                stdout.append(report.summary())
                        .append(" (report written to ")
                        .append(out.toString())
                        .append(")\n");
            } else {
                writer.write(report, stdout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
