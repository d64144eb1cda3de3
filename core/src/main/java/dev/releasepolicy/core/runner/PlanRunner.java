package dev.releasepolicy.core.runner;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanGate;
import dev.releasepolicy.core.plan.PlanInputs;
import dev.releasepolicy.core.plan.Planner;
import dev.releasepolicy.core.plan.Timeline;
import dev.releasepolicy.core.plan.render.ArgoRollouts;
import dev.releasepolicy.core.plan.render.PlanFormats;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import dev.releasepolicy.core.report.JsonReport;
import dev.releasepolicy.core.report.MarkdownReport;
import dev.releasepolicy.core.report.ReportWriter;
import dev.releasepolicy.core.report.TextReport;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestFinder;
import dev.releasepolicy.core.verify.VerifyReport;
import dev.releasepolicy.core.window.Durations;
import dev.releasepolicy.core.window.WindowEvaluator;
import dev.releasepolicy.core.window.WindowVerdict;
import dev.releasepolicy.core.workload.WorkloadResolution;
import dev.releasepolicy.core.workload.WorkloadResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one entry point behind {@code release-policy plan} and {@code mvn release-policy:plan}: verifies
 * the manifest, refuses it with its findings when it has errors ({@link ExitCode#FINDINGS}), otherwise
 * plans it and writes the plan in the chosen format ({@link ExitCode#OK}).
 */
public final class PlanRunner {

    /**
     * The plan (when the manifest was accepted), the verify report and the exit code: {@link ExitCode#OK}
     * planned, {@link ExitCode#FINDINGS} the manifest has error findings, printed instead of a plan. With
     * {@code --format argo-rollouts}, {@code notes} says what to do before applying the objects and what Argo
     * Rollouts cannot express, for the front end's message (the output lists them too).
     */
    public record Outcome(Optional<Plan> plan, VerifyReport report, ExitCode exitCode, List<String> notes) {

        public Outcome {
            notes = List.copyOf(notes);
        }

        public Outcome(Optional<Plan> plan, VerifyReport report, ExitCode exitCode) {
            this(plan, report, exitCode, List.of());
        }
    }

    private final PlanGate gate;
    private final Planner planner;
    private final Clock clock;

    /**
     * The default set-up: the release windows of the manifest, and the full verify gate
     * {@link PlanGate#full()} (schema, policies, configuration).
     */
    public PlanRunner() {
        this(PlanGate.full(), new Planner(), Clock.systemUTC());
    }

    /**
     * @param gate    verifies the manifest and names the rule set (policies, config) for the fingerprint
     * @param planner the planner, with its window schedule
     * @param clock   read once when the options give no {@code now}
     */
    public PlanRunner(PlanGate gate, Planner planner, Clock clock) {
        this.gate = gate;
        this.planner = planner;
        this.clock = clock;
    }

    /**
     * Runs {@code plan}.
     *
     * @param stdout where the plan (or the refusal) goes when no output file is set
     * @throws UsageException for a missing file, an unknown format or a file without exactly one release
     */
    public Outcome run(PlanOptions options, Appendable stdout) {
        boolean argo = ArgoRollouts.FORMAT.equals(options.format());
        // Argo Rollouts objects are not a plan: a refused manifest's findings are written as text.
        PlanRenderer renderer = PlanFormats.byName(argo ? "text" : options.format())
                .orElseThrow(() -> new UsageException("unknown format '" + options.format() + "': use one of "
                        + String.join(", ", PlanFormats.allNames())));
        // Instants are shown to the second: a clock's nanoseconds are noise in a plan and its fingerprint.
        Instant now = options.now().orElseGet(clock::instant).truncatedTo(ChronoUnit.SECONDS);
        Path file = releaseFile(options.manifest());
        PlanGate.Verdict verdict;
        try {
            verdict = gate.verify(options, now);
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory");
        }
        VerifyReport report = verdict.report();
        try {
            if (report.errors() > 0) {
                writeRefusal(report, renderer, stdout);
                return new Outcome(Optional.empty(), report, ExitCode.FINDINGS);
            }
            // planned as verify saw it: the configuration's metric templates expanded (verify found no error in them)
            Manifest written = single(file);
            Manifest manifest = verdict.metricTemplates().expand(written).manifest();
            WorkloadResolution workload = new WorkloadResolver(new ManifestLoader()).resolve(manifest, file);
            Optional<PlanInputs.Running> running = workload.runningVersion()
                    .map(v ->
                            new PlanInputs.Running(v, "the version label of the pod template in " + workload.source()));
            JsonNode rollback = manifest.tree().path("spec").path("rollback");
            if (!rollback.path("to").isString() && running.isEmpty()) {
                // The same rule as the rollback-plan policy, kept here too: a waived or disabled policy must not
                // let through a plan whose undo has no version to scale back to.
                String at = rollback.isObject() ? "/spec/rollback" : "/spec";
                Finding why = Finding.error(
                        "plan",
                        "no rollback target: spec.rollback.to is not set and the running version cannot be known"
                                + (workload.kind().isPresent()
                                        ? " (" + workload.source() + " has no version label in its pod template"
                                                + " that could be read before apply)"
                                        : " (no spec.workload.manifest to read it from)"),
                        "set spec.rollback.to to the running version, or name the team's Deployment file in"
                                + " spec.workload.manifest with a version label in its pod template",
                        manifest.sourceMap().locate(at),
                        at);
                return refuse(report, manifest, why, renderer, stdout);
            }
            List<Finding> findings = report.findings();
            Plan plan = planner.plan(
                    written,
                    manifest,
                    new PlanInputs(now, verdict.policySetDigest(), ToolVersion.get(), findings, running));
            if (!plan.timeline().fitsWindow()) {
                // Verify judges the window at --now; a release-window finding that is waived, disabled or a
                // warning lets the manifest through, but a plan that cannot finish in its window is not a plan.
                return refuse(report, manifest, doesNotFit(manifest, plan), renderer, stdout);
            }
            if (argo) {
                ArgoRollouts.Rendering objects = ArgoRollouts.render(
                        ReleaseSpec.of(manifest),
                        manifest.name(),
                        plan.fingerprint().value(),
                        ArgoRollouts.TeamDeployment.of(workload, plan.application(), workloadContainer(manifest)));
                writeArgo(plan, objects, options, stdout);
                List<String> notes = new ArrayList<>(objects.beforeApply());
                notes.addAll(objects.notExpressed());
                return new Outcome(Optional.of(plan), report, ExitCode.OK, notes);
            }
            write(plan, renderer, options, stdout);
            return new Outcome(Optional.of(plan), report, ExitCode.OK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the findings of a refused manifest to standard output in the plan's format, so that a script
     * reading {@code plan --format json} gets JSON (the verify report's), a pull-request comment Markdown,
     * and only a person reading text gets the closing advice.
     */
    private static void writeRefusal(VerifyReport report, PlanRenderer format, Appendable stdout) throws IOException {
        ReportWriter writer = switch (format.name()) {
            case "text" -> new TextReport();
            case "json" -> new JsonReport();
            case "markdown" -> new MarkdownReport();
            default -> throw new IllegalStateException("no report format for the plan format " + format.name());
        };
        writer.write(report, stdout);
        if (writer instanceof TextReport) {
            stdout.append("plan refused: fix the errors above, then run plan again\n");
        }
    }

    /** The manifest refused for the finding {@code why} (added to its file's findings), written as above. */
    private static Outcome refuse(
            VerifyReport report, Manifest manifest, Finding why, PlanRenderer format, Appendable stdout)
            throws IOException {
        List<FileResult> files = new ArrayList<>(report.files());
        files.add(new FileResult(manifest.file(), List.of(why)));
        VerifyReport refused = new VerifyReport(files, report.manifests());
        writeRefusal(refused, format, stdout);
        return new Outcome(Optional.empty(), refused, ExitCode.FINDINGS);
    }

    /** The finding for a plan whose in-window part ends after the window closes, with a start that works. */
    private static Finding doesNotFit(Manifest manifest, Plan plan) {
        Timeline t = plan.timeline();
        Instant start = t.earliestStart();
        Instant closes = t.windowClosesAt().orElseThrow();
        JsonNode window = manifest.tree().path("spec").path("window");
        WindowVerdict verdict = WindowEvaluator.evaluate(window, start, t.inWindowDuration());
        String at = window.has("allow") ? "/spec/window/allow" : "/spec/window";
        String hint = verdict.fitsFrom()
                .map(f -> "start at or after "
                        + verdict.fitsFromLocal().map(l -> l + ", that is ").orElse("") + "--now " + f
                        + ", shorten the pauses and analyses, or widen spec.window.allow")
                .orElse("shorten the pauses and analyses, or widen spec.window.allow: no opening in the coming"
                        + " year is long enough");
        return Finding.error(
                "plan",
                "the release needs at least " + Durations.format(t.inWindowDuration()) + " from its earliest start "
                        + start + " but the release window closes at " + closes + " ("
                        + Durations.format(Duration.between(start, closes)) + " later): it cannot finish inside"
                        + " the window",
                hint,
                manifest.sourceMap().locate(at),
                at);
    }

    /**
     * The manifest file to plan: {@code path} itself, or the one file of a folder that holds exactly one
     * release manifest (a release beside the team's {@code k8s/} files).
     *
     * @throws UsageException for a folder with no release manifest or several, naming them
     */
    private static Path releaseFile(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        List<Path> releases = new ArrayList<>();
        try {
            for (ManifestFinder.Candidate c : ManifestFinder.find(List.of(path))) {
                LoadedFile loaded = new ManifestLoader().load(c.path(), c.displayName());
                if (loaded.manifests().stream().anyMatch(m -> "Release".equals(m.kind()))) {
                    releases.add(c.path());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory");
        }
        if (releases.size() == 1) {
            return releases.get(0);
        }
        throw new UsageException(path + " is a folder with " + releases.size() + " release manifest"
                + (releases.size() == 1 ? "" : "s")
                + (releases.isEmpty()
                        ? ""
                        : " ("
                                + String.join(
                                        ", ",
                                        releases.stream().map(Path::toString).toList()) + ")")
                + ": plan takes one release manifest; run plan once for each file");
    }

    private static Manifest single(Path file) {
        LoadedFile loaded = new ManifestLoader().load(file, file.toString());
        List<Manifest> releases = loaded.manifests().stream()
                .filter(m -> "Release".equals(m.kind()))
                .toList();
        if (releases.size() != 1) {
            throw new UsageException(
                    file + " holds " + releases.size() + " release manifests; plan takes a file with exactly one");
        }
        return releases.get(0);
    }

    private static Optional<String> workloadContainer(Manifest manifest) {
        JsonNode c = manifest.tree().path("spec").path("workload").path("container");
        return c.isString() ? Optional.of(c.asString()) : Optional.empty();
    }

    private static void writeArgo(Plan plan, ArgoRollouts.Rendering objects, PlanOptions options, Appendable stdout)
            throws IOException {
        String headline = "Argo Rollouts objects for release " + plan.release() + " (" + plan.application() + " "
                + plan.version() + " in namespace " + plan.namespace() + ", plan fingerprint "
                + plan.shortFingerprint() + "), written by release-policy plan --format argo-rollouts for the Argo"
                + " Rollouts 1.9 controller: kubectl apply -f this file.";
        if (options.output().isPresent()) {
            Path out = options.output().get();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                objects.write(headline, w);
            }
            stdout.append(plan.summary())
                    .append(" (Argo Rollouts objects written to ")
                    .append(out.toString())
                    .append(")\n");
        } else {
            objects.write(headline, stdout);
        }
    }

    private static void write(Plan plan, PlanRenderer renderer, PlanOptions options, Appendable stdout)
            throws IOException {
        if (options.output().isPresent()) {
            Path out = options.output().get();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                renderer.render(plan, w);
            }
            stdout.append(plan.summary())
                    .append(" (plan written to ")
                    .append(out.toString())
                    .append(")\n");
        } else {
            renderer.render(plan, stdout);
        }
    }
}
