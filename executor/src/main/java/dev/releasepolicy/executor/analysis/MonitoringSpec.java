package dev.releasepolicy.executor.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * What a manifest says about metrics: the provider address, the metric definitions by name
 * ({@code spec.monitoring.metrics}) and the automatic rollback triggers ({@code spec.rollback.automatic}).
 * Read from a schema-valid manifest; a trigger or analysis naming an unknown metric is an
 * {@link IllegalArgumentException}.
 */
public record MonitoringSpec(
        String provider, String address, Map<String, MetricDefinition> metrics, List<RollbackTrigger> triggers) {

    public MonitoringSpec {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        triggers = List.copyOf(triggers);
        for (RollbackTrigger t : triggers) {
            if (!metrics.containsKey(t.metric())) {
                throw new IllegalArgumentException(t.describe() + " names metric '" + t.metric()
                        + "', which spec.monitoring.metrics does not define");
            }
        }
    }

    /** Reads {@code spec.monitoring} and {@code spec.rollback.automatic} of a manifest tree. */
    public static MonitoringSpec fromManifest(JsonNode manifest, AnalysisSettings settings) {
        JsonNode spec = manifest.path("spec");
        JsonNode monitoring = spec.path("monitoring");
        Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
        for (JsonNode m : monitoring.path("metrics")) {
            MetricDefinition def = MetricDefinition.fromJson(m, settings);
            metrics.put(def.name(), def);
        }
        List<RollbackTrigger> triggers = new ArrayList<>();
        int i = 0;
        for (JsonNode t : spec.path("rollback").path("automatic")) {
            triggers.add(RollbackTrigger.fromJson(i++, t));
        }
        return new MonitoringSpec(
                monitoring.path("provider").asString("prometheus"),
                monitoring.path("address").asString(""),
                metrics,
                triggers);
    }

    /**
     * Reads the plan's monitoring block and automatic-rollback triggers: the plan is self-contained,
     * the manifest is not read. The caller checks that provider and address are there.
     *
     * @throws IllegalArgumentException when a trigger names a metric the plan does not define
     */
    public static MonitoringSpec fromPlan(dev.releasepolicy.core.plan.Plan plan, AnalysisSettings settings) {
        dev.releasepolicy.core.plan.Monitoring monitoring = plan.runtime().monitoring();
        Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
        for (dev.releasepolicy.core.plan.MetricSpec m : monitoring.metrics()) {
            MetricDefinition def = new MetricDefinition(
                    m.name(),
                    m.check(),
                    decimal(m.max()),
                    decimal(m.min()),
                    decimal(m.above()),
                    decimal(m.below()),
                    m.interval().map(DurationText::parse).orElse(settings.defaultInterval()),
                    m.count().map(OptionalInt::of).orElse(OptionalInt.empty()),
                    // A webhook is a gate (Flagger's hooks): without failureLimit, its first failure fails the step.
                    m.failureLimit()
                            .orElse(
                                    m.check() instanceof dev.releasepolicy.core.spec.Check.Webhook
                                            ? 0
                                            : settings.defaultFailureLimit()),
                    m.inconclusiveLimit().map(OptionalInt::of).orElse(OptionalInt.empty()),
                    m.consecutiveErrorLimit().map(OptionalInt::of).orElse(OptionalInt.empty()),
                    m.initialDelay().map(DurationText::parse).orElse(java.time.Duration.ZERO),
                    m.dryRun());
            metrics.put(def.name(), def);
        }
        List<RollbackTrigger> triggers = new ArrayList<>();
        int i = 0;
        for (dev.releasepolicy.core.plan.RollbackTrigger t : plan.rollback().triggers()) {
            triggers.add(RollbackTrigger.of(i++, t));
        }
        return new MonitoringSpec(
                monitoring.provider().orElse(""), monitoring.address().orElse(""), metrics, triggers);
    }

    private static OptionalDouble decimal(Optional<java.math.BigDecimal> v) {
        return v.map(x -> OptionalDouble.of(x.doubleValue())).orElse(OptionalDouble.empty());
    }

    /** Shows the address without credentials. */
    @Override
    public String toString() {
        return "MonitoringSpec[" + provider + " at " + dev.releasepolicy.core.secret.Redaction.url(address)
                + ", metrics " + metrics.keySet() + ", " + triggers.size() + " automatic rollback triggers]";
    }

    static OptionalDouble number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    /** The definition of a metric by name. */
    public Optional<MetricDefinition> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /** The definitions of the named metrics, in that order; unknown names are an error. */
    public List<MetricDefinition> metrics(List<String> names) {
        List<MetricDefinition> out = new ArrayList<>();
        for (String n : names) {
            out.add(metric(n)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "analysis names metric '" + n + "', which spec.monitoring.metrics does not define")));
        }
        return out;
    }
}
