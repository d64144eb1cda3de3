package dev.releasepolicy.executor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.WrittenDuration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code web} and {@code webhook} checks against a real HTTP server in the test. */
class HttpChecksTest {

    static final String SECRET = "s3cr3t-PLANTED-KEY";

    HttpServer server;
    String base;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final HttpChecks checks = new HttpChecks(
            HttpClient.newHttpClient(), name -> Map.of("DD_KEY", SECRET).get(name));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " key="
                    + ex.getRequestHeaders().getFirst("DD-API-KEY") + " type="
                    + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            String path = ex.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
            String answer = switch (path) {
                case "/series" -> "{\"series\":[{\"value\":0.25}],\"text\":\"0.5\",\"odd key\":{\"v\":3}}";
                case "/notjson" -> "<html>";
                default -> "{}";
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Check.Web web(String url, String jsonPath) {
        return new Check.Web(
                url, "GET", Map.of("DD-API-KEY", "${env:DD_KEY}"), Optional.empty(), jsonPath, Optional.empty());
    }

    @Test
    void web_readsTheNumberAtTheJsonPath_sendingTheResolvedHeader() throws Exception {
        assertThat(checks.web(web(base + "/series?x=1", "$.series[0].value"))).isEqualTo(new QueryResult.Value(0.25));
        assertThat(checks.web(web(base + "/series", "$.text"))).isEqualTo(new QueryResult.Value(0.5));
        assertThat(checks.web(web(base + "/series", "$['odd key'].v"))).isEqualTo(new QueryResult.Value(3));
        assertThat(seen.get(0)).startsWith("GET /series?x=1 key=" + SECRET);
    }

    @Test
    void web_postsItsBodyAsJson() throws Exception {
        Check.Web post = new Check.Web(
                base + "/series",
                "POST",
                Map.of(),
                Optional.of(JsonMapper.builder().build().readTree("{\"q\":\"p99\"}")),
                "$.series[0].value",
                Optional.empty());
        assertThat(checks.web(post)).isEqualTo(new QueryResult.Value(0.25));
        assertThat(seen.get(0)).startsWith("POST /series").contains("type=application/json", "{\"q\":\"p99\"}");
    }

    @Test
    void web_nothingAtThePath_orNoJson_isNoData() throws Exception {
        assertThat(checks.web(web(base + "/series", "$.series[3].value"))).isInstanceOf(QueryResult.NoData.class);
        assertThat(checks.web(web(base + "/notjson", "$.v"))).isInstanceOf(QueryResult.NoData.class);
    }

    @Test
    void web_non2xx_andUnreachable_areProviderErrors_thatNeverShowTheSecret() throws Exception {
        QueryResult refused = checks.web(web(base + "/status/503", "$.v"));
        assertThat(refused).isInstanceOf(QueryResult.Unavailable.class);
        assertThat(((QueryResult.Unavailable) refused).why()).contains("answered HTTP 503");
        server.stop(0);
        QueryResult gone = checks.web(web(base + "/q?api_key=${env:DD_KEY}", "$.v"));
        assertThat(gone).isInstanceOf(QueryResult.Unavailable.class);
        assertThat(gone.toString()).contains("unreachable").doesNotContain(SECRET);
    }

    @Test
    void web_missingEnvironmentVariable_orMaskedSecret_isNotCalled() throws Exception {
        Check.Web unset = new Check.Web(
                base + "/series", "GET", Map.of("K", "${env:NOPE}"), Optional.empty(), "$.v", Optional.empty());
        assertThat(checks.web(unset).toString()).contains("environment variable NOPE is not set");
        Check.Web masked =
                new Check.Web(base + "/series", "GET", Map.of("K", "***"), Optional.empty(), "$.v", Optional.empty());
        assertThat(checks.web(masked).toString()).contains("literal secret");
        assertThat(seen).isEmpty();
    }

    @Test
    void webhook_valueIsTheStatus_2xxPasses() throws Exception {
        Check.Webhook ok = new Check.Webhook(
                base + "/start",
                Map.of(),
                Optional.of(JsonMapper.builder().build().readTree("{\"cmd\":\"hey -z 1m\"}")),
                Optional.of(WrittenDuration.parse("5s")));
        QueryResult r = checks.webhook(ok);
        assertThat(r).isEqualTo(new QueryResult.Value(200));
        assertThat(seen.get(0)).startsWith("POST /start").contains("{\"cmd\":\"hey -z 1m\"}");
        QueryResult failing =
                checks.webhook(new Check.Webhook(base + "/status/500", Map.of(), Optional.empty(), Optional.empty()));
        assertThat(failing).isEqualTo(new QueryResult.Value(500));
        MetricDefinition gate = new MetricDefinition(
                "load-test",
                new Check.Webhook(base, Map.of(), Optional.empty(), Optional.empty()),
                java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty(),
                java.util.OptionalDouble.empty(),
                java.time.Duration.ofSeconds(10),
                java.util.OptionalInt.empty(),
                0,
                java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(),
                java.time.Duration.ZERO,
                false);
        assertThat(gate.violation(200)).isEmpty();
        assertThat(gate.violation(204)).isEmpty();
        assertThat(gate.violation(500)).contains("answered HTTP 500, not 2xx");
    }
}
