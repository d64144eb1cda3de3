package dev.releasepolicy.executor.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.releasepolicy.core.secret.Redactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusProviderTest {

    HttpServer server;
    volatile int status = 200;
    volatile String body = "";
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestURI().getRawPath() + "?" + ex.getRequestURI().getQuery() + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1764255600.1,\"0.0123\"]}]}} | Value[value=0.0123]",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1764255600.1,\"2\"]}} | Value[value=2.0]",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}} | NoData[why=the query returned an empty result (no matching series)]",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"NaN\"]}]}} | NoData[why=the query returned NaN (no traffic to divide by?)]",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":\"1\"},\"value\":[1,\"1\"]},{\"metric\":{\"a\":\"2\"},\"value\":[1,\"1\"]}]}} | Unavailable[why=the query returned 2 series; it must return one number (aggregate it, e.g. with sum(...))]",
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}} | Unavailable[why=the query returned a matrix result; it must return one number (an instant vector with one series, or a scalar)]",
            })
    void query_parsesInstantResults(String json, String expected) throws Exception {
        body = json;
        assertThat(PrometheusProvider.of(address()).query("up").toString()).isEqualTo(expected);
    }

    @Test
    void query_sendsTheEncodedQueryToApiV1Query() throws Exception {
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}";
        PrometheusProvider.of(address() + "/").query("sum(rate(x{code=~\"5..\"}[1m]))");
        assertThat(seen).containsExactly("/api/v1/query?query=sum(rate(x{code=~\"5..\"}[1m])) auth=null");
    }

    @Test
    void query_badQuery_isUnavailableWithPrometheusError() throws Exception {
        status = 400;
        body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}";
        assertThat(PrometheusProvider.of(address()).query("sum(").toString())
                .contains("refused the query (HTTP 400, bad_data: parse error at char 5)");
    }

    @Test
    void query_unreachable_isUnavailable_withoutSecrets() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String address = "http://admin:PLANTED-PW-1@127.0.0.1:" + port + "/prom?token=PLANTED-TOKEN-2";
        PrometheusProvider p = new PrometheusProvider(
                address,
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2),
                Map.of("Authorization", "Bearer PLANTED-TOKEN-3"),
                Redactor.none());
        QueryResult r = p.query("up");
        assertThat(r).isInstanceOf(QueryResult.Unavailable.class);
        assertThat(r.toString()).contains("is unreachable").doesNotContain("PLANTED");
        assertThat(p.toString() + p.describe()).doesNotContain("PLANTED");
    }

    @Test
    void query_sendsConfiguredHeaders() throws Exception {
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}";
        new PrometheusProvider(
                        address(),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(2),
                        Map.of("Authorization", "Bearer t"),
                        Redactor.none())
                .query("up");
        assertThat(seen).singleElement().asString().endsWith("auth=Bearer t");
    }
}
