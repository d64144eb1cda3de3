package dev.releasepolicy.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.kube.RetryPolicy;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail's cluster copy: ConfigMap segments, order kept, no line lost to a concurrent writer. */
class ClusterAuditSinkTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    private final Retrier retrier =
            new Retrier(new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(5)), d -> {}, s -> {});
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T15:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void clean() {
        Harness.empty(api.cluster());
    }

    private static ObjectRef segment(int n) {
        return new ObjectRef("v1", "ConfigMap", "prod", ClusterAuditSink.configMapName("web", n));
    }

    @Test
    void aFullSegment_continuesInTheNextConfigMap_andTheTrailReadsBackInOrder() {
        ClusterAuditSink sink = new ClusterAuditSink(api.cluster(), retrier, "prod", "web", 2_000);
        AuditLog log = new AuditLog(sink, clock, Redactor.none());
        AuditContext ctx = new AuditContext("alice", "web", "sha256:abc");
        for (int i = 1; i <= 20; i++) {
            log.append(ctx.entry("step", i + "/20", "completed", "step number " + i));
        }
        assertThat(api.cluster().get(segment(2))).isPresent();
        assertThat(api.cluster()
                        .get(segment(2))
                        .orElseThrow()
                        .path("metadata")
                        .path("labels")
                        .path(StateStore.APPLICATION_LABEL)
                        .asString())
                .isEqualTo("web");
        List<String> lines = sink.lines();
        assertThat(lines).hasSize(20);
        assertThat(lines.get(19)).contains("\"step\":\"20/20\"");
        assertThat(AuditLog.verify(lines).intact()).isTrue();
        // a second process continues the chain where the cluster copy ends
        AuditLog later = new AuditLog(
                new ClusterAuditSink(api.cluster(), retrier, "prod", "web", 2_000), clock, Redactor.none());
        later.append(ctx.entry("release", "", "succeeded", ""));
        assertThat(AuditLog.verify(sink.lines()).intact()).isTrue();
        assertThat(sink.lines()).hasSize(21);
    }

    @Test
    void conflictsBeyondTheRetriersAttempts_stillLandTheLine_andEndlessConflictsFail() {
        TestCluster cluster = new TestCluster(api.cluster());
        Retrier threeTries =
                new Retrier(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), d -> {}, s -> {});
        ClusterAuditSink sink = new ClusterAuditSink(cluster, threeTries, "prod", "web");
        sink.append("{\"n\":1}");
        // another writer wins 7 times in a row: more than one retrier call allows
        cluster.fail(c -> c.operation().equals("update"), 409, 7);
        sink.append("{\"n\":2}");
        assertThat(sink.lines()).containsExactly("{\"n\":1}", "{\"n\":2}");

        cluster.fail(c -> c.operation().equals("update"), 409, 1_000);
        assertThatThrownBy(() -> sink.append("{\"n\":3}"))
                .isInstanceOf(ClusterException.class)
                .satisfies(e -> assertThat(((ClusterException) e).isConflict()).isTrue());
        assertThat(cluster.calls().stream().filter(c -> c.failed()).count())
                .isEqualTo(7 + 3L * ClusterAuditSink.CONFLICT_ROUNDS);
    }

    @Test
    void concurrentWriters_loseNoLine() throws Exception {
        int writers = 4;
        int each = 10;
        // A write that meets a conflict lost to another writer's successful write made after it read,
        // so a writer meets at most (writers - 1) * each conflicts in a row: with that many attempts no
        // writer can give up, and a missing line can only be a lost update.
        Retrier patient = new Retrier(
                new RetryPolicy((writers - 1) * each + 2, Duration.ofMillis(1), Duration.ofMillis(5)),
                d -> {},
                s -> {});
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                ClusterAuditSink sink = new ClusterAuditSink(api.cluster(), patient, "prod", "web");
                go.await();
                for (int i = 0; i < each; i++) {
                    sink.append("{\"writer\":" + id + ",\"i\":" + i + "}");
                }
                return null;
            }));
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<Object> f : done) {
            f.get(); // a writer that failed fails the test with its own error
        }
        List<String> lines = new ClusterAuditSink(api.cluster(), retrier, "prod", "web").lines();
        assertThat(lines).hasSize(writers * each).doesNotHaveDuplicates();
    }
}
