package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.routing.ReplicaRatio;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code strategy} policy keeps its own copy of {@link ReplicaRatio}'s arithmetic (policies see
 * no Java): both run on one table, so the plan's pod counts and the policy's verdict cannot drift.
 */
class ReplicaRatioParityTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static PolicyEngine engine;
    static Policy strategy;

    @BeforeAll
    static void load() {
        engine = PolicyEngine.create(PolicyTestRunner.builtinSuite().policies());
        strategy = engine.policies().stream()
                .filter(p -> p.id().equals("strategy"))
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** The strategy policy's findings for a canary without a router: one weight step, then 100%. */
    static List<RawFinding> policy(int replicas, int weight) {
        JsonNode release = JSON.readTree("""
                {"apiVersion": "releasepolicy.dev/v1", "kind": "Release", "metadata": {"name": "shop"},
                 "spec": {"application": "shop", "version": "2.0.0", "image": "shop:2.0.0", "replicas": %d,
                  "strategy": {"type": "Canary", "canary": {"steps": [
                    {"setWeight": %d}, {"pause": {}}, {"setWeight": 100}]}}}}
                """.formatted(replicas, weight));
        List<PolicyOutcome> out = engine.run(
                release,
                "2026-12-01T15:00:00Z",
                Map.of(),
                List.of(new PolicyEngine.Call(strategy, strategy.params().toString())));
        assertThat(out.get(0).failure()).isEqualTo(Optional.empty());
        return out.get(0).findings().stream()
                .filter(f -> f.path().equals("/spec/strategy/canary/steps/0/setWeight"))
                .filter(f -> f.message().contains("without traffic routing"))
                .toList();
    }

    @ParameterizedTest(name = "{0} replicas at {1}%")
    @CsvFileSource(resources = "/routing/replica-ratio-table.csv", delimiter = '|')
    void javaAndPolicy_agreeOnTheTable(int replicas, int weight, int fresh, int stable, boolean within) {
        ReplicaRatio java = ReplicaRatio.of(replicas, weight);
        assertThat(List.of(java.canary(), java.stable(), java.withinTolerance()))
                .isEqualTo(List.of(fresh, stable, within));

        List<RawFinding> findings = policy(replicas, weight);
        if (within) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                // The policy states the same pod counts and share that the plan states.
                assertThat(f.message()).contains("give " + java.render() + ":");
                assertThat(f.hint())
                        .startsWith("raise spec.replicas to " + ReplicaRatio.smallestTotal(List.of(weight, 100))
                                + ", or add");
            });
        }
    }
}
