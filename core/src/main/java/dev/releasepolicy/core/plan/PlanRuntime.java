package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.secret.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What the executor needs at run time besides the steps: the monitoring (provider, address, metric
 * definitions) and the notification targets. Kept in the plan so that a plan file is self-contained:
 * apply, resume, approve and rollback never read the manifest for it. Built from a manifest's
 * {@code spec} by {@link #of(JsonNode)}, in one place, so the planner only calls it.
 */
public record PlanRuntime(Monitoring monitoring, List<NotificationTarget> notifications) {

    /** How a literal secret is shown in a plan. */
    public static final String MASK = Redaction.MASK;
    /** Nothing to analyse with, nobody to notify. */
    public static final PlanRuntime NONE = new PlanRuntime(Monitoring.NONE, List.of());

    private static final Pattern ENV = Pattern.compile("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}");

    public PlanRuntime {
        notifications = List.copyOf(notifications);
    }

    /** The runtime blocks of a manifest's {@code spec}. */
    public static PlanRuntime of(JsonNode spec) {
        JsonNode m = spec.path("monitoring");
        List<MetricSpec> metrics = new ArrayList<>();
        for (JsonNode d : m.path("metrics")) {
            metrics.add(new MetricSpec(
                    d.path("name").asString(),
                    text(d.path("query")),
                    d.path("max").isNumber() ? Optional.of(d.path("max").decimalValue()) : Optional.empty(),
                    d.path("min").isNumber() ? Optional.of(d.path("min").decimalValue()) : Optional.empty(),
                    text(d.path("interval")),
                    d.path("failureLimit").isInt()
                            ? Optional.of(d.path("failureLimit").asInt())
                            : Optional.empty()));
        }
        Monitoring monitoring =
                new Monitoring(text(m.path("provider")), text(m.path("address")).map(PlanRuntime::url), metrics);
        List<NotificationTarget> targets = new ArrayList<>();
        for (JsonNode n : spec.path("notifications")) {
            List<String> events = new ArrayList<>();
            n.path("events").forEach(e -> events.add(e.asString()));
            Map<String, String> headers = new LinkedHashMap<>();
            n.path("headers")
                    .properties()
                    .forEach(h -> headers.put(
                            h.getKey(), header(h.getKey(), h.getValue().asString())));
            targets.add(new NotificationTarget(url(n.path("webhook").asString()), events, headers));
        }
        return new PlanRuntime(monitoring, targets);
    }

    /**
     * A URL as the plan keeps it: {@code ${env:NAME}} references as written, literal secrets masked.
     * A reference is not a secret even where a secret is expected (a Slack hook's path).
     */
    static String url(String url) {
        List<String> refs = new ArrayList<>();
        Matcher matcher = ENV.matcher(url);
        StringBuilder placeholders = new StringBuilder();
        while (matcher.find()) {
            refs.add(matcher.group());
            matcher.appendReplacement(placeholders, "envref" + (refs.size() - 1));
        }
        matcher.appendTail(placeholders);
        boolean onlyReferences =
                Redaction.secretsOf(placeholders.toString()).stream().allMatch(s -> s.matches("envref[0-9]+"));
        return onlyReferences ? url : Redaction.url(url);
    }

    private static String header(String name, String value) {
        return ENV.matcher(value).replaceAll("").isBlank() ? value : Redaction.header(name, value);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() && !n.asString().isEmpty() ? Optional.of(n.asString()) : Optional.empty();
    }
}
