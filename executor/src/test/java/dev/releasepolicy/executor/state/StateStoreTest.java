package dev.releasepolicy.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.kube.RetryPolicy;
import dev.releasepolicy.executor.testing.MockApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The state ConfigMap: its format round-trips, and writes are guarded by resourceVersion. */
class StateStoreTest {

    private static final Instant T = Instant.parse("2026-12-01T15:00:00Z");

    @AutoClose
    private static final MockApi api = new MockApi();

    private StateStore store;

    @BeforeEach
    void reset() {
        api.reset();
        store = new StateStore(
                api.cluster(),
                new Retrier(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)), d -> {}, s -> {}));
    }

    private static ReleaseState state(String holder) {
        ObjectRef ref = new ObjectRef("apps/v1", "Deployment", "prod", "web-1");
        return new ReleaseState(
                "web",
                "prod",
                Optional.empty(),
                holder,
                Optional.of(T.plusSeconds(120)),
                "web-1",
                "1",
                "sha256:abc",
                ReleaseStatus.Running,
                3,
                List.of(1, 2),
                List.of(),
                Optional.of(T.plusSeconds(600)),
                0,
                List.of("alice", "bob"),
                "",
                T,
                T,
                "{\"kind\":\"Plan\"}",
                Map.of(
                        2,
                        List.of(
                                new Snapshot(ref, Optional.empty()),
                                new Snapshot(
                                        ref,
                                        Optional.of(
                                                JsonMapper.builder().build().readTree("{\"kind\":\"Deployment\"}"))))));
    }

    @Test
    void createAndRead_roundTrip_everyField() {
        ReleaseState created = store.create(state("alice")).orElseThrow();
        ReleaseState read = store.read("prod", "web").orElseThrow();

        assertThat(read)
                .usingRecursiveComparison()
                .ignoringFields("resourceVersion")
                .isEqualTo(state("alice"));
        assertThat(read.resourceVersion()).isEqualTo(created.resourceVersion()).isPresent();
        assertThat(api.cluster()
                        .get(StateStore.ref("prod", "web"))
                        .orElseThrow()
                        .path("data")
                        .path("completedSteps")
                        .asString())
                .isEqualTo("1,2");
    }

    @Test
    void create_exists_empty() {
        store.create(state("alice"));
        assertThat(store.create(state("bob"))).isEmpty();
    }

    @Test
    void update_staleVersionSameHolder_reappliedOnFreshState() {
        ReleaseState a = store.create(state("alice")).orElseThrow();
        store.update(a, s -> s.withApproved(3, T));
        ReleaseState after = store.update(a, s -> s.withCompleted(3, T));
        assertThat(after.approvedStep()).as("the other write survives").isEqualTo(3);
        assertThat(after.completedSteps()).containsExactly(1, 2, 3);
    }

    @Test
    void update_staleVersionOtherHolderTookOver_lockLost() {
        ReleaseState a = store.create(state("alice")).orElseThrow();
        store.update(a, s -> s.withLease("bob", Optional.of(T.plusSeconds(300)), T));
        assertThatThrownBy(() -> store.update(a, s -> s.withCompleted(3, T)))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("bob holds it now")
                .satisfies(
                        e -> assertThat(((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.LOCK_LOST));
    }
}
