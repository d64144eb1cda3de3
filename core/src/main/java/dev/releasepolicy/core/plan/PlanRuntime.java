package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.MonitoringSpec;
import dev.releasepolicy.core.spec.Notification;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.WrittenDuration;
import dev.releasepolicy.core.spec.WrittenNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the executor needs at run time besides the steps: the monitoring (provider, address, metric
 * definitions) and the notification targets. Kept in the plan so that a plan file is self-contained:
 * apply, resume, approve and rollback never read the manifest for it. Built from the release's typed
 * spec by {@link #of(ReleaseSpec)}, in one place, so the planner only calls it.
 */
public record PlanRuntime(Monitoring monitoring, List<NotificationTarget> notifications) {

    /** How a literal secret is shown in a plan. */
    public static final String MASK = Redaction.MASK;
    /** Nothing to analyse with, nobody to notify. */
    public static final PlanRuntime NONE = new PlanRuntime(Monitoring.NONE, List.of());

    private static final Pattern ENV = Pattern.compile("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(bearer|basic|token|bot|digest|apikey)");

    public PlanRuntime {
        notifications = List.copyOf(notifications);
    }

    /** The runtime blocks of a release's typed spec. */
    public static PlanRuntime of(ReleaseSpec spec) {
        MonitoringSpec m = spec.monitoring();
        List<MetricSpec> metrics = new ArrayList<>();
        for (MonitoringSpec.Metric d : m.metrics()) {
            metrics.add(metric(d));
        }
        Monitoring monitoring = new Monitoring(
                m.provider(),
                m.address().map(PlanRuntime::url),
                metrics,
                m.dashboards().stream().map(PlanRuntime::url).toList());
        List<NotificationTarget> targets = new ArrayList<>();
        for (Notification n : spec.notifications()) {
            Map<String, String> headers = new LinkedHashMap<>();
            n.headers().forEach((name, value) -> headers.put(name, header(name, value)));
            targets.add(new NotificationTarget(
                    url(n.webhook()),
                    n.events(),
                    headers,
                    n.format(),
                    n.secret().map(PlanRuntime::secret)));
        }
        return new PlanRuntime(monitoring, targets);
    }

    /** A metric as the plan keeps it: its check's URLs and headers without literal secrets. */
    static MetricSpec metric(MonitoringSpec.Metric d) {
        return new MetricSpec(
                d.name(),
                check(d.check()),
                d.max().map(WrittenNumber::value),
                d.min().map(WrittenNumber::value),
                d.above().map(WrittenNumber::value),
                d.below().map(WrittenNumber::value),
                d.interval().map(WrittenDuration::text),
                d.count(),
                d.failureLimit(),
                d.inconclusiveLimit(),
                d.consecutiveErrorLimit(),
                d.initialDelay().map(WrittenDuration::text),
                d.dryRun());
    }

    private static Check check(Check c) {
        return switch (c) {
            case Check.Query q -> q;
            case Check.Web w ->
                new Check.Web(url(w.url()), w.method(), headers(w.headers()), w.body(), w.jsonPath(), w.timeout());
            case Check.Job j -> j;
            case Check.Webhook h -> new Check.Webhook(url(h.url()), headers(h.headers()), h.body(), h.timeout());
        };
    }

    private static Map<String, String> headers(Map<String, String> written) {
        Map<String, String> headers = new LinkedHashMap<>();
        written.forEach((name, value) -> headers.put(name, header(name, value)));
        return headers;
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

    /**
     * A signing secret as the plan keeps it: a lone {@code ${env:NAME}} reference as written, anything else
     * masked (a literal secret never reaches a plan file).
     */
    static String secret(String value) {
        return ENV.matcher(value).matches() ? value : MASK;
    }

    /**
     * A header value as the plan keeps it: as written when its secret parts are {@code ${env:NAME}}
     * references (around them only an authorization scheme such as {@code Bearer} may be written),
     * masked when a sensitive header holds a literal value.
     */
    static String header(String name, String value) {
        boolean hasReference = ENV.matcher(value).find();
        String literal = ENV.matcher(value).replaceAll("").strip();
        boolean onlyReferences = hasReference
                && (literal.isEmpty() || AUTH_SCHEME.matcher(literal).matches());
        return onlyReferences ? value : Redaction.header(name, value);
    }
}
