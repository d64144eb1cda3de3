package dev.releasepolicy.executor.testing;

import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Fabric8Cluster;
import dev.releasepolicy.executor.kube.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The fabric8 CRUD mock API server, wrapped so tests can see every request (method, path, body) and
 * make chosen requests fail with an HTTP status, a given number of times.
 */
public final class MockApi implements AutoCloseable {

    /** One request the server received. */
    public record Request(String method, String path, String body) {
        public boolean isMutating() {
            return !method.equals("GET");
        }

        public boolean isDryRun() {
            return path.contains("dryRun=All");
        }
    }

    /** A fault: requests matching {@code when} answer {@code code}, {@code times} times. */
    private static final class Fault {
        final Predicate<Request> when;
        final int code;
        int times;

        Fault(Predicate<Request> when, int code, int times) {
            this.when = when;
            this.code = code;
            this.times = times;
        }
    }

    /** Held so the setting sticks: the mock server logs every request at INFO otherwise. */
    private static final java.util.logging.Logger QUIET =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;
    private final Cluster cluster;

    private final KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(new HashMap<>());

    public MockApi() {
        Dispatcher recording = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                Request req = new Request(
                        r.getMethod(),
                        r.getPath(),
                        r.getBody() == null
                                ? ""
                                : new String(r.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
                requests.add(req);
                for (Fault f : faults) {
                    synchronized (f) {
                        if (f.times > 0 && f.when.test(req)) {
                            f.times--;
                            return new MockResponse()
                                    .setResponseCode(f.code)
                                    .setHeader("Content-Type", "application/json")
                                    .setBody(
                                            "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":"
                                                    + f.code + ",\"message\":\"injected failure " + f.code
                                                    + "\",\"reason\":\"Injected\"}");
                        }
                    }
                }
                return crud.dispatch(r);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), recording, false);
        server.init();
        try (NamespacedKubernetesClient base = server.createClient()) {
            client = KubeClients.create(base.getConfiguration());
        }
        cluster = new Fabric8Cluster(client);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The executor's view of this server. */
    public Cluster cluster() {
        return cluster;
    }

    /** Every request so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Empties the server (all objects gone), forgets requests and faults: a fresh cluster. */
    public void reset() {
        crud.reset();
        requests.clear();
        faults.clear();
    }

    /** Forgets the requests seen so far. */
    public void clearRequests() {
        requests.clear();
    }

    /** Makes the next {@code times} requests matching {@code when} fail with {@code code}. */
    public void fail(Predicate<Request> when, int code, int times) {
        faults.add(new Fault(when, code, times));
    }

    /** Removes all faults. */
    public void clearFaults() {
        faults.clear();
    }

    /** Requests with a method and a path containing {@code pathPart}. */
    public static Predicate<Request> matching(String method, String pathPart) {
        return r -> r.method().equals(method) && r.path().contains(pathPart);
    }

    /** The mutating requests (anything but GET) whose path contains {@code pathPart}. */
    public List<Request> mutations(String pathPart) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.isMutating() && r.path().contains(pathPart)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
