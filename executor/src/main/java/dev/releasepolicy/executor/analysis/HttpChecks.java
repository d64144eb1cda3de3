package dev.releasepolicy.executor.analysis;

import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.WrittenDuration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the HTTP checks of a plan: a {@code web} check (a number read at a JSON path of an HTTP JSON
 * API's answer) and a {@code webhook} gate (a POST whose 2xx answer passes; its value is the status).
 *
 * <p>{@code ${env:NAME}} in the URL and header values is resolved here, when the check runs, from the
 * environment; the resolved values count as secrets: no message shows them (nor a literal credential
 * of a URL). A check whose URL or header the plan masked (a literal secret in the manifest) is not called.
 * No answer, a refused connection, a timeout and (for {@code web}) a non-2xx status are
 * {@link QueryResult.Unavailable} (provider errors); an answer without a number at the path is
 * {@link QueryResult.NoData}.
 */
public final class HttpChecks {

    /** How long one request may take when the check gives no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern PATH_PART = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[([0-9]+)]|\\['([^']+)']");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final UnaryOperator<String> env;

    public HttpChecks(HttpClient client, UnaryOperator<String> env) {
        this.client = client;
        this.env = env;
    }

    /** Checks with a default client, resolving {@code ${env:NAME}} from the process environment. */
    public static HttpChecks system() {
        return new HttpChecks(
                HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build(), System::getenv);
    }

    /** Reads the number of a {@code web} check. */
    public QueryResult web(Check.Web w) throws InterruptedException {
        Optional<Call> call;
        try {
            call = call(w.url(), w.headers(), w.timeout(), "web check");
        } catch (IllegalArgumentException e) {
            return new QueryResult.Unavailable(e.getMessage());
        }
        if (call.isEmpty()) {
            return masked("web check");
        }
        HttpRequest.BodyPublisher body = w.body()
                .map(b -> HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(b)))
                .orElse(HttpRequest.BodyPublishers.noBody());
        Answer a = send(call.get(), w.method(), body, w.body().isPresent());
        if (a.failure().isPresent()) {
            return new QueryResult.Unavailable(a.failure().get());
        }
        if (a.status() < 200 || a.status() >= 300) {
            return new QueryResult.Unavailable(call.get().shown() + " answered HTTP " + a.status());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(a.body());
        } catch (JacksonException e) {
            return new QueryResult.NoData(call.get().shown() + " did not answer JSON");
        }
        Optional<JsonNode> at = at(tree, w.jsonPath());
        if (at.isEmpty()) {
            return new QueryResult.NoData("nothing at " + w.jsonPath() + " in the answer of "
                    + call.get().shown());
        }
        JsonNode v = at.get();
        if (v.isNumber()) {
            return number(v.asDouble(), w);
        }
        if (v.isString()) {
            try {
                return number(Double.parseDouble(v.asString().strip()), w);
            } catch (NumberFormatException e) {
                // falls through to no data
            }
        }
        return new QueryResult.NoData(
                w.jsonPath() + " is not a number in the answer of " + call.get().shown());
    }

    /** Calls a {@code webhook} gate: its value is the HTTP status. */
    public QueryResult webhook(Check.Webhook h) throws InterruptedException {
        Optional<Call> call;
        try {
            call = call(h.url(), h.headers(), h.timeout(), "webhook");
        } catch (IllegalArgumentException e) {
            return new QueryResult.Unavailable(e.getMessage());
        }
        if (call.isEmpty()) {
            return masked("webhook");
        }
        String json = h.body().map(JSON::writeValueAsString).orElse("{}");
        Answer a = send(call.get(), "POST", HttpRequest.BodyPublishers.ofString(json), true);
        if (a.failure().isPresent()) {
            return new QueryResult.Unavailable(a.failure().get());
        }
        return new QueryResult.Value(a.status());
    }

    /** Where a check's request goes: the resolved URL and headers, the secrets, the URL as it may be shown. */
    private record Call(URI uri, Map<String, String> headers, Duration timeout, Redactor redactor, String shown) {}

    private record Answer(int status, String body, Optional<String> failure) {}

    private Optional<Call> call(
            String url, Map<String, String> headers, Optional<WrittenDuration> timeout, String what) {
        if (url.contains(Redaction.MASK) || headers.values().stream().anyMatch(v -> v.contains(Redaction.MASK))) {
            return Optional.empty();
        }
        List<String> secrets = new ArrayList<>();
        String resolved = resolve(url, secrets, what);
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, resolve(v, secrets, what)));
        Redactor redactor = Redactor.none().with(secrets).withUrl(resolved).withHeaders(h);
        return Optional.of(new Call(
                URI.create(resolved),
                h,
                timeout.map(WrittenDuration::value).orElse(DEFAULT_TIMEOUT),
                redactor,
                redactor.scrub(Redaction.url(resolved))));
    }

    private Answer send(Call call, String method, HttpRequest.BodyPublisher body, boolean json)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(call.timeout())
                .method(method, body)
                .header("Accept", "application/json");
        if (json) {
            request.header("Content-Type", "application/json");
        }
        call.headers().forEach(request::header);
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), Optional.empty());
        } catch (HttpTimeoutException e) {
            return new Answer(
                    0, "", Optional.of(call.shown() + " did not answer within " + DurationText.format(call.timeout())));
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Answer(
                    0,
                    "",
                    Optional.of(
                            call.shown() + " is unreachable (" + call.redactor().scrub(why) + ")"));
        }
    }

    private String resolve(String text, List<String> secrets, String what) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(what + ": the environment variable " + m.group(1) + " is not set");
            }
            secrets.add(value);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static QueryResult masked(String what) {
        return new QueryResult.Unavailable("the " + what + "'s URL or a header held a literal secret in the manifest,"
                + " which the plan does not keep: write it as ${env:NAME}");
    }

    private static QueryResult number(double v, Check.Web w) {
        return Double.isNaN(v) ? new QueryResult.NoData(w.jsonPath() + " is NaN") : new QueryResult.Value(v);
    }

    /** The node at a JSON path of the form {@code $.a.b[0]['c d']}; empty when there is none. */
    static Optional<JsonNode> at(JsonNode root, String path) {
        if (!path.startsWith("$")) {
            return Optional.empty();
        }
        Matcher m = PATH_PART.matcher(path);
        int pos = 1;
        JsonNode n = root;
        while (pos < path.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return Optional.empty();
            }
            if (m.group(2) != null) {
                n = n.path(Integer.parseInt(m.group(2)));
            } else {
                n = n.path(m.group(1) != null ? m.group(1) : m.group(3));
            }
            pos = m.end();
        }
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n);
    }
}
