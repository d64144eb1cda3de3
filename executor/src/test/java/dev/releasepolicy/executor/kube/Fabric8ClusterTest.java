package dev.releasepolicy.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Operation;
import dev.releasepolicy.executor.testing.MockApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of faults: statuses answered by the mock API server become classified
 * {@link ClusterException}s, and the writer retries conflicts and transient errors with backoff.
 */
class Fabric8ClusterTest {

    private static final JsonMapper M = JsonMapper.builder().build();
    private static final ObjectRef VS = new ObjectRef("networking.istio.io/v1", "VirtualService", "prod", "web");

    @AutoClose
    private static final MockApi api = new MockApi();

    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void reset() {
        api.reset();
    }

    private ObjectWriter writer(int attempts) {
        Retrier r = new Retrier(
                new RetryPolicy(attempts, Duration.ofMillis(100), Duration.ofMillis(300)), sleeps::add, log::add);
        return new ObjectWriter(api.cluster(), r);
    }

    private static JsonNode vs(int weight) {
        return M.readTree("""
                {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"web","namespace":"prod"},
                 "spec":{"hosts":["web"],"http":[{"name":"primary","route":[
                   {"destination":{"host":"web","subset":"blue"},"weight":%d},
                   {"destination":{"host":"web","subset":"green"},"weight":%d}]}]}}""".formatted(100 - weight, weight));
    }

    @Test
    void send_serverAnswers500Twice_retriedWithBackoffThenWritten() {
        api.fail(MockApi.matching("POST", "/virtualservices"), 500, 2);
        ObjectWriter.Effect e = writer(3).send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(5))), false);

        assertThat(e).isEqualTo(ObjectWriter.Effect.CREATED);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(log).hasSize(2).allMatch(l -> l.contains("HTTP 500") && l.contains("VirtualService prod/web"));
        assertThat(api.cluster()
                        .get(VS)
                        .orElseThrow()
                        .path("spec")
                        .path("http")
                        .path(0)
                        .path("route")
                        .path(1)
                        .path("weight")
                        .asInt())
                .isEqualTo(5);
    }

    @Test
    void send_429And503_retried() {
        api.cluster().create(vs(5));
        api.fail(MockApi.matching("PUT", "/virtualservices/web"), 429, 1);
        api.fail(MockApi.matching("PUT", "/virtualservices/web"), 503, 1);
        assertThat(writer(3).send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(20))), true))
                .isEqualTo(ObjectWriter.Effect.UPDATED);
        assertThat(log).hasSize(2);
    }

    @Test
    void send_conflictOnUpdate_rereadsAndWritesOverTheNewVersion() {
        api.cluster().create(vs(5));
        api.fail(MockApi.matching("PUT", "/virtualservices/web"), 409, 1);
        assertThat(writer(3).send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(20))), true))
                .isEqualTo(ObjectWriter.Effect.UPDATED);
        long gets = api.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().contains("/virtualservices/web"))
                .count();
        assertThat(gets).as("read again after the conflict").isEqualTo(2);
    }

    @Test
    void send_permanent500_givesUpNamingResourceAndAttempts() {
        api.fail(MockApi.matching("POST", "/virtualservices"), 500, 10);
        assertThatThrownBy(() -> writer(3).send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(5))), false))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("create VirtualService prod/web failed: HTTP 500")
                .hasMessageContaining("gave up after 3 attempts");
    }

    @Test
    void send_forbidden_notRetried() {
        api.fail(MockApi.matching("POST", "/virtualservices"), 403, 1);
        assertThatThrownBy(() -> writer(3).send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(5))), false))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("HTTP 403");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void update_staleResourceVersion_conflictFromServer() {
        JsonNode created = api.cluster().create(vs(5));
        tools.jackson.databind.node.ObjectNode changed = (tools.jackson.databind.node.ObjectNode) created.deepCopy();
        changed.putObject("metadata").setAll((tools.jackson.databind.node.ObjectNode) created.get("metadata"));
        ((tools.jackson.databind.node.ObjectNode) changed.get("metadata"))
                .putObject("labels")
                .put("touched", "yes");
        api.cluster().update(changed);
        assertThatThrownBy(() -> api.cluster().update(created))
                .isInstanceOf(ClusterException.class)
                .satisfies(e -> assertThat(((ClusterException) e).isConflict()).isTrue());
    }

    @Test
    void send_sameObjectAgain_noWrite() {
        ObjectWriter w = writer(3);
        w.send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(50))), false);
        api.clearRequests();
        assertThat(w.send(new ObjectChange(Operation.APPLY, VS, Optional.of(vs(50))), false))
                .isEqualTo(ObjectWriter.Effect.UNCHANGED);
        assertThat(api.requests()).allMatch(r -> r.method().equals("GET"));
    }

    @Test
    void send_mergePatchOfArray_replacesItAsOnARealServer() {
        api.cluster().create(vs(50));
        JsonNode patch = M.readTree("""
                {"spec":{"http":[{"name":"primary","route":[{"destination":{"host":"web","subset":"green"},"weight":100}]}]}}""");
        writer(3).send(new ObjectChange(Operation.PATCH, VS, Optional.of(patch)), true);
        assertThat(api.cluster()
                        .get(VS)
                        .orElseThrow()
                        .path("spec")
                        .path("http")
                        .path(0)
                        .path("route"))
                .hasSize(1);
    }

    @Test
    void create_ofObjectThatExistedBeforeTheRelease_refused() {
        api.cluster().create(vs(50));
        assertThatThrownBy(() -> writer(3).send(new ObjectChange(Operation.CREATE, VS, Optional.of(vs(5))), true))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("exists already");
    }

    /**
     * The request carries {@code dryRun=All}; the CRUD mock ignores it and stores the object (a gap of
     * the mock, asserted so it is noticed when fixed), which is why the dry-run tests never use
     * {@code --server-dry-run} against it.
     */
    @Test
    void dryRun_sendsDryRunAllQuery_mockStoresAnyway() {
        try {
            api.cluster().dryRun(vs(5), false);
        } catch (ClusterException e) {
            // what the mock answers does not matter here; the request does
        }
        assertThat(api.requests())
                .anyMatch(r -> r.method().equals("POST") && r.path().contains("dryRun=All"));
        assertThat(api.cluster().get(VS)).as("the CRUD mock ignores dryRun=All").isPresent();
    }

    @Test
    void noAnswerAtAll_isTransient_retried_andSaysWhatHappened() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closedPort)
                .withNamespace("prod")
                .build();
        try (var client = KubeClients.create(config)) {
            Fabric8Cluster nowhere = new Fabric8Cluster(client);
            Retrier r = new Retrier(
                    new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(300)), sleeps::add, log::add);
            assertThatThrownBy(() -> r.call(() -> nowhere.get(VS)))
                    .isInstanceOfSatisfying(ClusterException.class, e -> {
                        assertThat(e.code()).isZero();
                        assertThat(e.isTransient()).isTrue();
                    })
                    .hasMessageContaining("get VirtualService prod/web failed")
                    .hasMessageContaining("refused or closed the connection")
                    .hasMessageContaining("gave up after 3 attempts");
            assertThat(sleeps).hasSize(2);
        }
    }
}
