package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** A canary without a traffic router: the plan's pod counts and the shares it states. */
class ReplicaRatioPlanTest {

    static String manifest(int replicas, String steps) {
        return """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  namespace: web
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  replicas: %d
                  strategy:
                    type: Canary
                    canary:
                      steps: %s
                  rollback:
                    to: "1.9.0"
                    image: registry.example.com/shop:1.9.0
                    automatic: [{metric: errorRate, above: 0.01}]
                """.formatted(replicas, steps);
    }

    static Plan plan(int replicas, String steps) {
        return new Planner().plan(Plans.load(manifest(replicas, steps)), Plans.INPUTS);
    }

    static PlanStep step(Plan plan, Action action) {
        return plan.steps().stream()
                .filter(s -> s.action() == action)
                .findFirst()
                .orElseThrow();
    }

    /** The replicas each object of a step sets, by Deployment name. */
    static List<String> scaled(PlanStep step) {
        return step.objects().stream()
                .map(o -> o.name() + "="
                        + o.body().orElseThrow().at("/spec/replicas").asInt())
                .toList();
    }

    @DisplayName("each weight step sets the pod counts whose real share it states; the deploy step starts at that size")
    @ParameterizedTest(name = "{0} replicas, {1}%")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 | 5   | 1 | 1 | 1 of 2 pods, 50%; 1 stays on shop 1.9.0",
                "1 | 20  | 1 | 1 | 1 of 2 pods, 50%; 1 stays on shop 1.9.0",
                "1 | 50  | 1 | 1 | 1 of 2 pods, 50%; 1 stays on shop 1.9.0",
                "1 | 100 | 1 | 0 | 1 of 1 pods, 100%; 0 stay on shop 1.9.0",
                "3 | 5   | 1 | 2 | 1 of 3 pods, 33.3%; 2 stay on shop 1.9.0",
                "3 | 20  | 1 | 2 | 1 of 3 pods, 33.3%; 2 stay on shop 1.9.0",
                "3 | 50  | 2 | 1 | 2 of 3 pods, 66.7%; 1 stays on shop 1.9.0",
                "3 | 100 | 3 | 0 | 3 of 3 pods, 100%; 0 stay on shop 1.9.0",
                "5 | 5   | 1 | 4 | 1 of 5 pods, 20%; 4 stay on shop 1.9.0",
                "5 | 20  | 1 | 4 | 1 of 5 pods, 20%; 4 stay on shop 1.9.0",
                "5 | 50  | 3 | 2 | 3 of 5 pods, 60%; 2 stay on shop 1.9.0",
                "5 | 100 | 5 | 0 | 5 of 5 pods, 100%; 0 stay on shop 1.9.0",
            })
    void firstWeightStep_statesTheRealShare(int replicas, int weight, int fresh, int stable, String share) {
        Plan plan = plan(replicas, "[{setWeight: " + weight + "}, {pause: {duration: 5m}}, {setWeight: 100}]");

        PlanStep first = step(plan, Action.SET_WEIGHT);
        assertThat(first.description())
                .isEqualTo("Send " + weight + "% of the traffic to 2.0.0 by pod count: " + share);
        assertThat(scaled(first)).containsExactly("shop-2-0-0=" + fresh, "shop-1-9-0=" + stable);

        PlanStep deploy = step(plan, Action.DEPLOY);
        JsonNode body = deploy.objects().get(0).body().orElseThrow();
        assertThat(body.at("/spec/replicas").asInt()).isEqualTo(fresh);
        assertThat(deploy.description()).contains("(" + fresh + " replica" + (fresh == 1 ? " " : "s "));
        assertThat(step(plan, Action.WAIT_READY).parameters().path("replicas").asInt())
                .isEqualTo(fresh);
    }

    @DisplayName("the last step of 100% scales the new version to the full count before the old one goes to zero")
    @ParameterizedTest(name = "{0} replicas")
    @CsvSource({"1", "3", "5"})
    void lastStepAt100_scalesNewFirstThenOld(int replicas) {
        Plan plan = plan(replicas, "[{setWeight: 20}, {pause: {duration: 5m}}, {setWeight: 100}]");
        List<PlanStep> weights = plan.steps().stream()
                .filter(s -> s.action() == Action.SET_WEIGHT)
                .toList();
        assertThat(scaled(weights.get(1))).containsExactly("shop-2-0-0=" + replicas, "shop-1-9-0=0");
        assertThat(plan.steps()).noneMatch(s -> s.action() == Action.PROMOTE);
    }

    @DisplayName(
            "steps that end below 100% are promoted fully: the new version grows to the full count before clean-up")
    @Test
    void stepsEndingBelow100_promoteToFullSizeBeforeTheOldOneIsDeleted() {
        Plan plan = plan(5, "[{setWeight: 20}, {pause: {duration: 5m}}, {setWeight: 60}, {pause: {duration: 5m}}]");
        List<Action> actions = plan.steps().stream().map(PlanStep::action).toList();
        assertThat(actions).containsSubsequence(Action.SET_WEIGHT, Action.SET_WEIGHT, Action.PROMOTE, Action.CLEAN_UP);
        PlanStep promote = step(plan, Action.PROMOTE);
        assertThat(scaled(promote)).containsExactly("shop-2-0-0=5");
        assertThat(promote.description()).contains("to all 5 replicas before shop 1.9.0 is removed");
        assertThat(step(plan, Action.CLEAN_UP).objects().get(0).name()).isEqualTo("shop-1-9-0");
    }

    @DisplayName("the deploy step says what share the new pods get before the first step scales the old version down")
    @Test
    void deploy_statesTheShareBeforeTheFirstStep() {
        Plan plan = plan(5, "[{setWeight: 20}, {pause: {duration: 5m}}, {setWeight: 100}]");
        assertThat(step(plan, Action.DEPLOY).description())
                .isEqualTo("Create the canary Deployment shop-2-0-0 (1 replica of registry.example.com/shop:2.0.0)"
                        + " next to the running version, the size of its first step; until that step scales"
                        + " shop 1.9.0 down, 1 of 6 pods (16.7%) serve 2.0.0");
    }

    @DisplayName("the automatic rollback path scales the running version back to the full count")
    @Test
    void automaticRollback_scalesTheRunningVersionBackToFullSize() {
        Plan plan = plan(5, "[{setWeight: 20}, {pause: {duration: 5m}}, {setWeight: 100}]");
        assertThat(plan.rollback().automaticPath().get(0).objects())
                .extracting(o -> o.name() + "="
                        + o.body().orElseThrow().at("/spec/replicas").asInt())
                .containsExactly("shop-1-9-0=5");
    }
}
