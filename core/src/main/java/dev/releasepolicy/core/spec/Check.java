package dev.releasepolicy.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a metric of {@code spec.monitoring.metrics} measures to reach a verdict: exactly one kind per metric.
 * Maps keep the order written, so plans are byte-identical from one run to the next.
 * A {@link Query} or a {@link Web} check yields a number judged by the metric's bounds; a {@link Job}
 * passes when its Kubernetes Job completes and fails when it fails; a {@link Webhook} passes on a 2xx
 * answer. {@code ${env:NAME}} references in URLs and header values are kept as written and resolved only
 * when the check runs.
 */
public sealed interface Check {

    /** The manifest's key of this kind: {@code query}, {@code web}, {@code job} or {@code webhook}. */
    String kind();

    /** Whether this kind measures a number (judged by bounds) rather than a pass or fail. */
    default boolean numeric() {
        return this instanceof Query || this instanceof Web;
    }

    /**
     * A query of the monitoring provider ({@code spec.monitoring.provider}, Prometheus).
     *
     * @param query the PromQL query; it must return one number
     */
    record Query(String query) implements Check {
        public Query {
            Objects.requireNonNull(query, "query");
        }

        @Override
        public String kind() {
            return "query";
        }
    }

    /**
     * A number read from any HTTP JSON API.
     *
     * @param url      the URL, {@code ${env:NAME}} references as written
     * @param method   {@code GET} or {@code POST}
     * @param headers  request headers, {@code ${env:NAME}} references as written
     * @param body     the request body (JSON), when written
     * @param jsonPath where the number is in the answer, such as {@code $.series[0].value}
     * @param timeout  how long one request may take, when written
     */
    record Web(
            String url,
            String method,
            Map<String, String> headers,
            Optional<JsonNode> body,
            String jsonPath,
            Optional<WrittenDuration> timeout)
            implements Check {
        public Web {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(jsonPath, "jsonPath");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.map(JsonNode::deepCopy);
        }

        @Override
        public String kind() {
            return "web";
        }
    }

    /**
     * A Kubernetes Job in the release's namespace (a smoke or load test): Complete passes, Failed fails.
     *
     * @param image   the container image
     * @param command the container's command, when written
     * @param args    its arguments
     * @param env     its environment variables
     * @param timeout how long the Job may run, when written
     */
    record Job(
            String image,
            List<String> command,
            List<String> args,
            Map<String, String> env,
            Optional<WrittenDuration> timeout)
            implements Check {
        public Job {
            Objects.requireNonNull(image, "image");
            command = List.copyOf(command);
            args = List.copyOf(args);
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }

        @Override
        public String kind() {
            return "job";
        }
    }

    /**
     * An HTTP POST whose 2xx answer passes (Flagger's acceptance, load-test and confirm hooks).
     *
     * @param url     the URL, {@code ${env:NAME}} references as written
     * @param headers request headers, {@code ${env:NAME}} references as written
     * @param body    the request body (JSON), when written
     * @param timeout how long the request may take, when written
     */
    record Webhook(String url, Map<String, String> headers, Optional<JsonNode> body, Optional<WrittenDuration> timeout)
            implements Check {
        public Webhook {
            Objects.requireNonNull(url, "url");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            body = body.map(JsonNode::deepCopy);
        }

        @Override
        public String kind() {
            return "webhook";
        }
    }
}
