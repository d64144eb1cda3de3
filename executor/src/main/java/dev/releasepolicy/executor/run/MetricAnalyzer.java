package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.MetricSpec;
import dev.releasepolicy.core.plan.Monitoring;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.RollbackTrigger;
import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.HttpChecks;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MetricsProvider;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.analysis.QueryResult;
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

    /** Analyses from the plan's monitoring block against the real Prometheus it names and real HTTP checks. */
    public static MetricAnalyzer fromPlans(Clock clock) {
        return fromPlans(clock, Sleeper.SYSTEM, (provider, address) -> PrometheusProvider.of(address));
    }

    /** Analyses from the plan's monitoring block, with the providers {@code providers} makes. */
    public static MetricAnalyzer fromPlans(Clock clock, Sleeper sleeper, Providers providers) {
        return fromPlans(clock, sleeper, providers, HttpChecks.system());
    }

    /**
     * Analyses from the plan's monitoring block, with the providers {@code providers} makes for
     * {@code query} metrics and {@code http} for {@code web} and {@code webhook} checks. A plan without a
     * provider can still run its HTTP checks; its queries are refused before they are asked.
     */
    public static MetricAnalyzer fromPlans(Clock clock, Sleeper sleeper, Providers providers, HttpChecks http) {
        return new MetricAnalyzer(plan -> {
            Monitoring m = plan.runtime().monitoring();
            MonitoringSpec spec = MonitoringSpec.fromPlan(plan, AnalysisSettings.DEFAULTS);
            Optional<String> missing = missingProvider(m);
            MetricsProvider provider = missing.isPresent()
                    ? new NoProvider(missing.get())
                    : providers.at(m.provider().orElseThrow(), m.address().orElseThrow());
            return Optional.of(new MetricAnalysis(spec, provider, http, clock, sleeper, AnalysisSettings.DEFAULTS));
        });
    }

    /** Stands in for the metrics provider of a plan that has none: every query is unavailable, saying why. */
    private record NoProvider(String why) implements MetricsProvider {
        @Override
        public QueryResult query(String query) {
            return new QueryResult.Unavailable(why);
        }

        @Override
        public String describe() {
            return "no metrics provider";
        }
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

    /**
     * What the plan lacks to judge the named metrics (and watch its triggers), if anything: a definition
     * for each, and for {@code query} metrics a query and a reachable provider ({@code web} and
     * {@code webhook} checks need no provider).
     */
    static Optional<String> missingMetrics(Plan plan, List<String> names) {
        Monitoring m = plan.runtime().monitoring();
        List<String> all = new ArrayList<>(names);
        plan.rollback().triggers().stream().map(RollbackTrigger::metric).forEach(all::add);
        if (all.isEmpty()) {
            // Nothing to measure: only the provider decides whether the plan is usable, as before.
            return missingProvider(m);
        }
        for (String name : all) {
            Optional<MetricSpec> def = m.metric(name);
            if (def.isEmpty()) {
                return Optional.of("metric " + name + " has no definition in the plan");
            }
            if (def.get().check() instanceof Check.Query) {
                Optional<String> provider = missingProvider(m);
                if (provider.isPresent()) {
                    return provider;
                }
                if (def.get().query().isEmpty()) {
                    return Optional.of("metric " + name + " has no query in the plan");
                }
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

    /** The step's metrics the analyzer measures: all but {@code job} checks, which the step's Jobs run. */
    static List<String> stepMetrics(PlanStep step) {
        List<String> names = new ArrayList<>();
        step.parameters().path("metrics").forEach(m -> {
            if (!m.path("kind").asString("").equals("job")) {
                names.add(m.path("name").asString());
            }
        });
        return names;
    }

    /**
     * What is checked after a rollback: {@code spec.rollback.afterRollback} when the plan has it (its
     * {@code job} checks are run by the executor's Jobs), else the query and web metrics the release
     * analysed or watched.
     */
    static List<String> afterRollbackMetrics(Plan plan) {
        if (plan.rollback().afterRollback().isEmpty()) {
            // Without afterRollback: the release's values (query and web metrics), not its gates. A webhook
            // or job check judged the new version once (a smoke or load test, a confirm hook): asking it
            // again after the rollback would repeat its side effect against the previous version, and its
            // answer about the new version says nothing about the recovery.
            return releaseMetrics(plan).stream()
                    .filter(n -> noneOf(plan, n, Check.Job.class, Check.Webhook.class))
                    .toList();
        }
        return plan.rollback().afterRollback().stream()
                .filter(n -> noneOf(plan, n, Check.Job.class))
                .toList();
    }

    /** Whether metric {@code name} is none of {@code kinds}; an undefined one is kept (reported missing later). */
    @SafeVarargs
    private static boolean noneOf(Plan plan, String name, Class<? extends Check>... kinds) {
        return plan.runtime()
                .monitoring()
                .metric(name)
                .map(d -> java.util.Arrays.stream(kinds).noneMatch(k -> k.isInstance(d.check())))
                .orElse(true);
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
        List<String> names = afterRollbackMetrics(plan);
        if (names.isEmpty() && !plan.rollback().afterRollback().isEmpty()) {
            // Only job checks after the rollback: the executor runs their Jobs.
            return Optional.empty();
        }
        if (names.isEmpty() && !releaseMetrics(plan).isEmpty()) {
            // Only gates, which are not asked again: nothing measures the recovery, so it is not verified.
            return Optional.of(Verdict.inconclusive("recovery not checked: the release's checks are webhook or job"
                    + " gates, which judged the new version once; name checks to run after a rollback in"
                    + " spec.rollback.afterRollback"));
        }
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
