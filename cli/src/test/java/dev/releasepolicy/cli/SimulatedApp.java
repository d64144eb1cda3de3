package dev.releasepolicy.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application under release, as Prometheus sees it: {@code /metrics} serves
 * {@code http_requests_total{app, version, code}} counters and a p99 latency gauge. A ticker adds 400
 * requests a second, split between the versions by {@link #canaryWeight} (which the test keeps equal
 * to the live VirtualService's canary weight, as the mesh would); while {@link #canaryErrors} is on,
 * every request of the new version answers 500.
 */
final class SimulatedApp implements AutoCloseable {

    volatile int canaryWeight;
    volatile boolean canaryErrors;
    private final String app;
    private final String stable;
    private final String canary;
    private double stableOk;
    private double canaryOk;
    private double canaryFailed;
    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    SimulatedApp(String app, String stable, String canary) throws IOException {
        this.app = app;
        this.stable = stable;
        this.canary = canary;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] b = exposition().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        ticker.scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS);
    }

    private synchronized String exposition() {
        return String.format(Locale.ROOT, """
                # TYPE http_requests_total counter
                http_requests_total{app="%1$s",version="%2$s",code="200"} %4$.3f
                http_requests_total{app="%1$s",version="%3$s",code="200"} %5$.3f
                http_requests_total{app="%1$s",version="%3$s",code="500"} %6$.3f
                # TYPE test_latency_p99_seconds gauge
                test_latency_p99_seconds{app="%1$s"} 0.21
                """, app, stable, canary, stableOk, canaryOk, canaryFailed);
    }

    private synchronized void tick() {
        double n = 20;
        double toCanary = n * canaryWeight / 100.0;
        stableOk += n - toCanary;
        if (canaryErrors) {
            canaryFailed += toCanary;
        } else {
            canaryOk += toCanary;
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }
}
