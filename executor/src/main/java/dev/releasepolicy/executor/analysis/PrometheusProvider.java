package dev.releasepolicy.executor.analysis;

import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.secret.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link MetricsProvider} over Prometheus' HTTP API: {@code GET /api/v1/query?query=...} (an
 * instant query at the current time). A vector with exactly one sample or a scalar is a value; an
 * empty vector or NaN is no data; several series, errors, timeouts and refused connections are
 * unavailable. Error texts never contain the address' credentials or the headers' values.
 */
public final class PrometheusProvider implements MetricsProvider {

    /** How long one query may take before it counts as unavailable. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient client;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final Redactor redactor;

    public PrometheusProvider(
            String address, HttpClient client, Duration timeout, Map<String, String> headers, Redactor redactor) {
        this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.client = client;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.redactor = redactor.withUrl(address).withHeaders(headers);
    }

    /** A provider for the address with a default client, the default timeout and no extra headers. */
    public static PrometheusProvider of(String address) {
        return new PrometheusProvider(
                address,
                HttpClient.newBuilder().connectTimeout(DEFAULT_TIMEOUT).build(),
                DEFAULT_TIMEOUT,
                Map.of(),
                Redactor.none());
    }

    @Override
    public QueryResult query(String query) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new QueryResult.Unavailable("the Prometheus address " + describe() + " is not a valid URL");
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new QueryResult.Unavailable(
                    "Prometheus at " + describe() + " did not answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            String what = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new QueryResult.Unavailable(
                    "Prometheus at " + describe() + " is unreachable (" + redactor.scrub(what) + ")");
        }
        return parse(response.statusCode(), response.body());
    }

    QueryResult parse(int status, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return new QueryResult.Unavailable(
                    "Prometheus at " + describe() + " answered HTTP " + status + " without JSON");
        }
        if (!"success".equals(root.path("status").asString(""))) {
            return new QueryResult.Unavailable(
                    "Prometheus at " + describe() + " refused the query (HTTP " + status + ", "
                            + redactor.scrub(root.path("errorType").asString("error")) + ": "
                            + redactor.scrub(root.path("error").asString("no error message")) + ")");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        JsonNode sample;
        switch (type) {
            case "vector" -> {
                if (result.isEmpty()) {
                    return new QueryResult.NoData("the query returned an empty result (no matching series)");
                }
                if (result.size() > 1) {
                    return new QueryResult.Unavailable("the query returned " + result.size()
                            + " series; it must return one number (aggregate it, e.g. with sum(...))");
                }
                sample = result.get(0).path("value");
            }
            case "scalar" -> sample = result;
            default -> {
                return new QueryResult.Unavailable("the query returned a " + (type.isEmpty() ? "missing" : type)
                        + " result; it must return one number (an instant vector with one series, or a scalar)");
            }
        }
        String text = sample.path(1).asString("");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return new QueryResult.Unavailable("Prometheus returned a sample that is not a number");
        }
        if (Double.isNaN(value)) {
            return new QueryResult.NoData("the query returned NaN (no traffic to divide by?)");
        }
        return new QueryResult.Value(value);
    }

    @Override
    public String describe() {
        return Redaction.url(base);
    }

    @Override
    public String toString() {
        return "PrometheusProvider[" + describe() + "]";
    }
}
