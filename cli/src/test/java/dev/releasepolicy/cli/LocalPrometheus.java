package dev.releasepolicy.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus of our own for tests: the Debian binary ({@code .ci/prometheus.sh} installs it)
 * started on a free loopback port with a temporary config and data folder, scraping one target.
 * Stopped (or killed, to play a crash) by the test that started it.
 */
final class LocalPrometheus implements AutoCloseable {

    private final Process process;
    private final String url;
    private final Path log;

    private LocalPrometheus(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The binary: $PROMETHEUS_BIN, or {@code prometheus} on the PATH. */
    static Optional<Path> binary() {
        String env = System.getenv("PROMETHEUS_BIN");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts it scraping {@code 127.0.0.1:targetPort} every {@code scrapeInterval}. */
    static LocalPrometheus start(Path binary, Path dir, Duration scrapeInterval, int targetPort) throws IOException {
        int port = freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        long ms = scrapeInterval.toMillis();
        Files.writeString(config, """
                global:
                  scrape_interval: %dms
                  evaluation_interval: %dms
                scrape_configs:
                  - job_name: simulated-app
                    scrape_interval: %dms
                    scrape_timeout: %dms
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(ms, ms, ms, Math.min(ms * 9 / 10, 10_000), targetPort));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new LocalPrometheus(p, "http://127.0.0.1:" + port, log);
    }

    /**
     * Waits until an instant query returns a sample (the first result takes ~5 s after start: the
     * service-discovery throttle); false after the timeout.
     */
    boolean awaitValue(String query, Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200
                        && r.body().contains("\"value\":[")
                        && !r.body().contains("\"NaN\"")) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    String url() {
        return url;
    }

    Path log() {
        return log;
    }

    /** Kills it at once (a crash, as far as the release is concerned). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops it; never throws InterruptedException (javac warns on such a resource), keeps the interrupt. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
