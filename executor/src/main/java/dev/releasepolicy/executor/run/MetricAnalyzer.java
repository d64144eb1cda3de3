package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.MetricSpec;
import dev.releasepolicy.core.plan.Monitoring;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.RollbackTrigger;
import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MetricsProvider;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the plan's {@code analysis} steps with the metric analysis ({@link MetricAnalysis}: Prometheus
 * queries judged against the plan's thresholds, automatic-rollback triggers watched for the step's
 * duration). Only {@code SUCCESSFUL} lets the release go on: {@code FAILED} fails the step, which
 * rolls the release back; {@code INCONCLUSIVE} (no data, Prometheus unreachable) pauses the release
 * for a person by default ({@link AnalysisSettings#onInconclusive()} {@code PAUSE}), or rolls it back
 * with {@code ROLLBACK}.
 *
 * <p>Everything comes from the plan (its {@code monitoring} block and {@code rollback.triggers}); the
 * manifest file is never read. It fails closed: when the plan lacks what an analysis needs (no
 * provider or address, a metric with no definition or query, an address whose credential was masked),
 * the verdict is inconclusive with a message naming the missing piece — the release pauses for a
 * person, as with an inconclusive analysis — and triggers that cannot be watched roll the release back.
 */
public final class MetricAnalyzer implements Analyzer {

    /** Makes the provider that serves a plan's address (Prometheus for real; scripted in tests). */
    @FunctionalInterface
    public interface Providers {
        MetricsProvider at(String provider, String address);
    }

    /** What a plan allows: an analysis, or why there is none. */
    private record Prepared(Optional<MetricAnalysis> analysis, String missing) {}

    private final Function<Plan, Optional<MetricAnalysis>> analyses;
    private final AnalysisSettings.OnInconclusive onInconclusive;
    private final Map<String, Optional<MetricAnalysis>> cache = new HashMap<>();
    /** The trigger watch of each waiting step (plan fingerprint # step index): breaches last across polls. */
    private final Map<String, MetricAnalysis.TriggerWatch> watches = new HashMap<>();

    /** Inconclusive analyses pause for a person (the default). */
    public MetricAnalyzer(Function<Plan, Optional<MetricAnalysis>> analyses) {
        this(analyses, AnalysisSettings.DEFAULTS.onInconclusive());
    }

    public MetricAnalyzer(
            Function<Plan, Optional<MetricAnalysis>> analyses, AnalysisSettings.OnInconclusive onInconclusive) {
        this.analyses = analyses;
        this.onInconclusive = onInconclusive;
    }

    /** Analyses from the plan's monitoring block against the real Prometheus it names. */
    public static MetricAnalyzer fromPlans(Clock clock) {
        return fromPlans(clock, Sleeper.SYSTEM, (provider, address) -> PrometheusProvider.of(address));
    }

    /** Analyses from the plan's monitoring block, with the providers {@code providers} makes. */
    public static MetricAnalyzer fromPlans(Clock clock, Sleeper sleeper, Providers providers) {
        return new MetricAnalyzer(plan -> {
            Monitoring m = plan.runtime().monitoring();
            if (missingProvider(m).isPresent()) {
                return Optional.empty();
            }
            MonitoringSpec spec = MonitoringSpec.fromPlan(plan, AnalysisSettings.DEFAULTS);
            MetricsProvider provider =
                    providers.at(m.provider().orElseThrow(), m.address().orElseThrow());
            return Optional.of(new MetricAnalysis(spec, provider, clock, sleeper, AnalysisSettings.DEFAULTS));
        });
    }

    /** What the plan's monitoring block lacks to reach a provider, if anything. */
    static Optional<String> missingProvider(Monitoring m) {
        if (m.provider().isEmpty()) {
            return Optional.of("the plan names no metrics provider (spec.monitoring.provider)");
        }
        if (!m.provider().get().equals("prometheus")) {
            return Optional.of(
                    "the plan's metrics provider '" + m.provider().get() + "' is not one this executor knows");
        }
        if (m.address().isEmpty()) {
            return Optional.of("the plan has no metrics provider address (spec.monitoring.address)");
        }
        if (m.address().get().contains(Redaction.MASK)) {
            return Optional.of("the metrics provider address " + m.address().get() + " held a literal credential in the"
                    + " manifest, which the plan does not keep");
        }
        return Optional.empty();
    }

    /** What the plan lacks to judge the named metrics (and watch its triggers), if anything. */
    static Optional<String> missingMetrics(Plan plan, List<String> names) {
        Monitoring m = plan.runtime().monitoring();
        Optional<String> provider = missingProvider(m);
        if (provider.isPresent()) {
            return provider;
        }
        List<String> all = new ArrayList<>(names);
        plan.rollback().triggers().stream().map(RollbackTrigger::metric).forEach(all::add);
        for (String name : all) {
            Optional<MetricSpec> def = m.metric(name);
            if (def.isEmpty()) {
                return Optional.of("metric " + name + " has no definition in the plan");
            }
            if (def.get().query().isEmpty()) {
                return Optional.of("metric " + name + " has no query in the plan");
            }
        }
        return Optional.empty();
    }

    private Prepared prepare(Plan plan, List<String> names) {
        Optional<String> missing = missingMetrics(plan, names);
        if (missing.isPresent()) {
            return new Prepared(Optional.empty(), missing.get());
        }
        Optional<MetricAnalysis> analysis;
        try {
            analysis = cache.computeIfAbsent(plan.fingerprint().value(), k -> analyses.apply(plan));
        } catch (IllegalArgumentException e) {
            return new Prepared(Optional.empty(), e.getMessage());
        }
        return new Prepared(analysis, analysis.isPresent() ? "" : "the plan's monitoring cannot be used");
    }

    /** An analysis result as a verdict; an inconclusive one stays inconclusive only when asked to. */
    private static Verdict verdict(AnalysisResult r, boolean keepInconclusive) {
        if (r.successful()) {
            return Verdict.healthy(r.summary());
        }
        return r.inconclusive() && keepInconclusive
                ? Verdict.inconclusive(r.summary())
                : Verdict.unhealthy(r.summary());
    }

    /** The metrics of every analysis step and every watched trigger of the plan, each once. */
    static List<String> releaseMetrics(Plan plan) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (PlanStep s : plan.steps()) {
            s.parameters().path("metrics").forEach(m -> names.add(m.path("name").asString()));
            s.watches().forEach(w -> names.add(w.metric()));
        }
        names.remove("");
        return List.copyOf(names);
    }

    private static List<String> stepMetrics(PlanStep step) {
        List<String> names = new ArrayList<>();
        step.parameters().path("metrics").forEach(m -> names.add(m.path("name").asString()));
        return names;
    }

    /**
     * The step's automatic-rollback triggers ({@link PlanStep#watches()}) checked now; unhealthy once one
     * has been breached for its {@code for}. Called on every poll of a waiting step, so a breach is
     * remembered from one call to the next. Triggers that cannot be watched (the plan lacks a provider
     * or a trigger's metric) never count as passing: the release is rolled back.
     */
    @Override
    public Optional<Verdict> watch(Plan plan, PlanStep step) {
        if (step.watches().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> missing = missingMetrics(plan, List.of());
        if (missing.isPresent()) {
            return Optional.of(Verdict.unhealthy(
                    "automatic-rollback triggers cannot be watched at step " + step.id() + ": " + missing.get()));
        }
        Prepared p = prepare(plan, List.of());
        if (p.analysis().isEmpty()) {
            return Optional.of(Verdict.unhealthy(
                    "automatic-rollback triggers cannot be watched at step " + step.id() + ": " + p.missing()));
        }
        MetricAnalysis.TriggerWatch watch =
                watches.computeIfAbsent(plan.fingerprint().value() + "#" + step.index(), k -> {
                    List<dev.releasepolicy.executor.analysis.RollbackTrigger> triggers = new ArrayList<>();
                    for (int i = 0; i < step.watches().size(); i++) {
                        triggers.add(dev.releasepolicy.executor.analysis.RollbackTrigger.of(
                                i, step.watches().get(i)));
                    }
                    return p.analysis().get().watchTriggers(triggers);
                });
        try {
            return Optional.of(watch.check()
                    .map(r -> r.inconclusive()
                            ? Verdict.inconclusive("automatic-rollback triggers cannot be evaluated at step "
                                    + step.id() + ": " + r.summary())
                            : Verdict.unhealthy(r.summary()))
                    .orElseGet(() -> Verdict.healthy("no rollback trigger fired")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.unhealthy("trigger watch interrupted"));
        }
    }

    @Override
    public Optional<Verdict> verifyRecovery(Plan plan) {
        List<String> names = releaseMetrics(plan);
        Prepared p = prepare(plan, names);
        if (p.analysis().isEmpty()) {
            return Optional.of(Verdict.inconclusive("recovery cannot be checked: " + p.missing()));
        }
        try {
            return Optional.of(verdict(p.analysis().get().verifyRecovery(names), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.inconclusive("recovery check interrupted"));
        }
    }

    @Override
    public Optional<Verdict> analyze(Plan plan, PlanStep step) {
        List<String> names = stepMetrics(step);
        Prepared p = prepare(plan, names);
        if (p.analysis().isEmpty()) {
            // Fail closed: a gate that cannot be evaluated never passes; a person decides.
            return Optional.of(Verdict.inconclusive("analysis at step " + step.id() + ": " + p.missing()));
        }
        try {
            AnalysisResult r = p.analysis().get().analyze(names, step.minimumDuration());
            return Optional.of(verdict(r, onInconclusive == AnalysisSettings.OnInconclusive.PAUSE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.unhealthy("analysis interrupted"));
        }
    }
}
