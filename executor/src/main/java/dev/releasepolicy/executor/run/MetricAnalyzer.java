package dev.releasepolicy.executor.run;

import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.analysis.RollbackTrigger;
import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ExecutionStep;
import dev.releasepolicy.executor.model.PlanAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs the plan's {@code analysis} steps with the metric analysis ({@link MetricAnalysis}: Prometheus
 * queries judged against the manifest's thresholds, automatic-rollback triggers watched for the
 * step's duration). Only {@code SUCCESSFUL} lets the release go on: {@code FAILED} fails the step,
 * which rolls the release back; {@code INCONCLUSIVE} (no data, Prometheus unreachable) pauses the
 * release for a person by default ({@link AnalysisSettings#onInconclusive()} {@code PAUSE}), or rolls
 * it back with {@code ROLLBACK}.
 *
 * <p>The analysis is made per plan by {@code analyses}; {@link #fromManifests} reads the manifest the
 * plan was made from ({@code metadata.source}) for the Prometheus address and metric definitions.
 * Without one (no file, no {@code spec.monitoring}) analyses are reported as not performed.
 */
public final class MetricAnalyzer implements Analyzer {

    private final Function<ExecutionPlan, Optional<MetricAnalysis>> analyses;
    private final AnalysisSettings.OnInconclusive onInconclusive;
    private final Map<String, Optional<MetricAnalysis>> cache = new HashMap<>();
    /** The trigger watch of each waiting step (plan fingerprint # step index): breaches last across polls. */
    private final Map<String, MetricAnalysis.TriggerWatch> watches = new HashMap<>();

    /** Inconclusive analyses pause for a person (the default). */
    public MetricAnalyzer(Function<ExecutionPlan, Optional<MetricAnalysis>> analyses) {
        this(analyses, AnalysisSettings.DEFAULTS.onInconclusive());
    }

    public MetricAnalyzer(Function<ExecutionPlan, Optional<MetricAnalysis>> analyses,
            AnalysisSettings.OnInconclusive onInconclusive) {
        this.analyses = analyses;
        this.onInconclusive = onInconclusive;
    }

    /** Analyses from the plan's manifest file and its Prometheus, with the given clock and defaults. */
    public static MetricAnalyzer fromManifests(java.time.Clock clock) {
        return new MetricAnalyzer(plan -> PlanAdapter.sourceManifest(plan).flatMap(tree -> {
            String address = tree.path("spec").path("monitoring").path("address").asString("");
            if (address.isEmpty()) {
                return Optional.empty();
            }
            MonitoringSpec spec = MonitoringSpec.fromManifest(tree, AnalysisSettings.DEFAULTS);
            return Optional.of(new MetricAnalysis(spec, PrometheusProvider.of(address), clock,
                    dev.releasepolicy.executor.wait.Sleeper.SYSTEM, AnalysisSettings.DEFAULTS));
        }));
    }

    /** The plan's analysis, made once per plan. */
    private Optional<MetricAnalysis> analysisOf(ExecutionPlan plan) {
        return cache.computeIfAbsent(plan.fingerprint(), k -> analyses.apply(plan));
    }

    /** An analysis result as a verdict; an inconclusive one stays inconclusive only when asked to. */
    private static Verdict verdict(AnalysisResult r, boolean keepInconclusive) {
        if (r.successful()) {
            return Verdict.healthy(r.summary());
        }
        return r.inconclusive() && keepInconclusive ? Verdict.inconclusive(r.summary()) : Verdict.unhealthy(r.summary());
    }

    /** The metrics of every analysis step and every watched trigger of the plan, each once. */
    static List<String> releaseMetrics(ExecutionPlan plan) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (ExecutionStep s : plan.steps()) {
            s.parameters().path("metrics").forEach(m -> names.add(m.path("name").asString()));
            s.watches().forEach(w -> names.add(w.path("metric").asString()));
        }
        names.remove("");
        return List.copyOf(names);
    }

    /**
     * The step's triggers ({@link ExecutionStep#watches()}, as the plan states them) checked now;
     * unhealthy once one has been breached for its {@code for}. Called on every poll of a waiting
     * step, so the breach is remembered from one call to the next.
     */
    @Override
    public Optional<Verdict> watch(ExecutionPlan plan, ExecutionStep step) {
        Optional<MetricAnalysis> analysis = analysisOf(plan);
        if (analysis.isEmpty() || step.watches().isEmpty()) {
            return Optional.empty();
        }
        MetricAnalysis.TriggerWatch watch = watches.computeIfAbsent(plan.fingerprint() + "#" + step.index(), k -> {
            List<RollbackTrigger> triggers = new ArrayList<>();
            for (int i = 0; i < step.watches().size(); i++) {
                triggers.add(RollbackTrigger.fromJson(i, step.watches().get(i)));
            }
            return analysis.get().watchTriggers(triggers);
        });
        try {
            return Optional.of(watch.check().map(r -> Verdict.unhealthy(r.summary()))
                    .orElseGet(() -> Verdict.healthy("no rollback trigger fired")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.unhealthy("trigger watch interrupted"));
        }
    }

    @Override
    public Optional<Verdict> verifyRecovery(ExecutionPlan plan) {
        Optional<MetricAnalysis> analysis = analysisOf(plan);
        if (analysis.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(verdict(analysis.get().verifyRecovery(releaseMetrics(plan)), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.inconclusive("recovery check interrupted"));
        }
    }

    @Override
    public Optional<Verdict> analyze(ExecutionPlan plan, ExecutionStep step) {
        Optional<MetricAnalysis> analysis = analysisOf(plan);
        if (analysis.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        step.parameters().path("metrics").forEach(m -> names.add(m.path("name").asString()));
        try {
            AnalysisResult r = analysis.get().analyze(names, step.minimumDuration());
            return Optional.of(verdict(r, onInconclusive == AnalysisSettings.OnInconclusive.PAUSE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Verdict.unhealthy("analysis interrupted"));
        }
    }
}
