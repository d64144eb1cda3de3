package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.plan.render.PlanFormats;
import dev.releasepolicy.core.plan.render.PlanRenderer;
import dev.releasepolicy.core.spec.WindowSpec;
import dev.releasepolicy.core.window.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlannerTest {

    static final Path CANARY = Plans.EXAMPLES.resolve("canary-api.yaml");
    static final Path BLUE_GREEN = Plans.EXAMPLES.resolve("blue-green-web.yaml");
    static final Path AUTO = Plans.EXAMPLES.resolve("auto-rollback.yaml");

    static List<Action> actions(Plan plan) {
        return plan.steps().stream().map(PlanStep::action).toList();
    }

    static List<String> ids(Plan plan) {
        return plan.steps().stream().map(PlanStep::id).toList();
    }

    @Test
    @DisplayName("planning the same manifest twice gives byte-identical output in every format")
    void plan_twice_isByteIdentical() {
        for (Path file : Plans.manifests()) {
            for (String format : PlanFormats.names()) {
                PlanRenderer r = PlanFormats.byName(format).orElseThrow();
                String first = Plans.render(r, new Planner().plan(Plans.load(file), Plans.INPUTS));
                String second = Plans.render(r, new Planner().plan(Plans.load(file), Plans.INPUTS));
                assertThat(second).as(file + " " + format).isEqualTo(first);
            }
        }
    }

    @Test
    void fingerprint_changesWhenOneFieldChanges() throws Exception {
        String yaml = Files.readString(CANARY);
        Plan before = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        Plan after = new Planner().plan(Plans.load(yaml.replace("replicas: 6", "replicas: 7")), Plans.INPUTS);
        assertThat(after.fingerprint().value())
                .isNotEqualTo(before.fingerprint().value());
        assertThat(after.fingerprint().manifestDigest())
                .isNotEqualTo(before.fingerprint().manifestDigest());
        Plan quoted = new Planner().plan(Plans.load(yaml.replace("max: 0.3", "max: 0.31")), Plans.INPUTS);
        assertThat(quoted.fingerprint().value())
                .isNotEqualTo(before.fingerprint().value());
    }

    @Test
    void fingerprint_ignoresCommentsKeyOrderAndFileName() throws Exception {
        String yaml = Files.readString(CANARY);
        Plan before = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        String reordered = "# another comment\n"
                + yaml.replace("  namespace: prod\n  version: \"2.7.0\"\n", "  version: '2.7.0'\n  namespace: prod\n");
        assertThat(reordered).isNotEqualTo("# another comment\n" + yaml);
        Plan after = new Planner().plan(Plans.load(reordered), Plans.INPUTS);
        assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
    }

    @Test
    void fingerprint_coversPolicySetAndToolVersion() {
        Plan base = Plans.plan(CANARY);
        PlanInputs otherPolicies = new PlanInputs(Plans.NOW, "sha256:" + "1".repeat(64), "0.0.0-test", List.of());
        PlanInputs otherTool = new PlanInputs(Plans.NOW, Plans.INPUTS.policySetDigest(), "0.0.1-test", List.of());
        assertThat(new Planner()
                        .plan(Plans.load(CANARY), otherPolicies)
                        .fingerprint()
                        .value())
                .isNotEqualTo(base.fingerprint().value());
        assertThat(new Planner()
                        .plan(Plans.load(CANARY), otherTool)
                        .fingerprint()
                        .value())
                .isNotEqualTo(base.fingerprint().value());
        String expected = Fingerprint.sha256(
                base.fingerprint().manifestDigest() + "\n" + Plans.INPUTS.policySetDigest() + "\n0.0.0-test");
        assertThat(base.fingerprint().value()).isEqualTo(expected);
    }

    @Test
    @DisplayName(
            "blue-green example: deploy green, health check, 50%, monitor 10 min, 100%, switch, keep blue 24 h, clean up")
    void blueGreenExample_followsDesignSteps() {
        Plan plan = Plans.plan(BLUE_GREEN);
        assertThat(actions(plan))
                .containsSubsequence(
                        Action.MIGRATE_DATA,
                        Action.DEPLOY,
                        Action.WAIT_READY,
                        Action.SET_WEIGHT,
                        Action.PAUSE,
                        Action.ANALYSIS,
                        Action.SET_WEIGHT,
                        Action.SWITCH_SERVICE,
                        Action.RETAIN_PREVIOUS,
                        Action.CLEAN_UP,
                        Action.RECORD);
        assertThat(ids(plan))
                .contains("10-set-weight-50", "11-pause-10m", "13-set-weight-100", "16-retain-previous-24h");
        assertThat(plan.step("11-pause-10m").orElseThrow().minimumDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(plan.step("16-retain-previous-24h").orElseThrow().minimumDuration())
                .isEqualTo(Duration.ofHours(24));
        PlanStep sw = plan.step("14-switch-service").orElseThrow();
        // The Service switch, then the stepwise split ends: the stable subset selects green, the routes send it
        // everything, the green subset goes.
        assertThat(sw.objects()).first().satisfies(o -> {
            assertThat(o.operation()).isEqualTo(Operation.PATCH);
            assertThat(o.body().orElseThrow().at("/spec/selector/version").asString())
                    .isEqualTo("3.2.0");
        });
        assertThat(sw.objects().subList(1, 4))
                .extracting(o -> o.ref().kind() + " "
                        + o.body().orElseThrow().path("edit").asString())
                .containsExactly(
                        "DestinationRule destination-rule-subsets",
                        "VirtualService split-end",
                        "DestinationRule destination-rule-restore");
        assertThat(sw.compensation().kind()).isEqualTo(Kind.SWITCH_SERVICE_BACK);
        assertThat(sw.compensation()
                        .objects()
                        .get(0)
                        .body()
                        .orElseThrow()
                        .at("/spec/selector/version")
                        .asString())
                .isEqualTo("3.1.4");
        PlanStep cleanUp = plan.step("17-clean-up").orElseThrow();
        assertThat(cleanUp.objects())
                .singleElement()
                .extracting(ObjectChange::headline)
                .isEqualTo("- apps/v1 Deployment prod/web-frontend-3-1-4");
        assertThat(cleanUp.compensation().kind()).isEqualTo(Kind.REDEPLOY_PREVIOUS);
        assertThat(cleanUp.compensation()
                        .objects()
                        .get(0)
                        .body()
                        .orElseThrow()
                        .at("/spec/template/spec/containers/0/image")
                        .asString())
                .isEqualTo("registry.example.com/storefront/web-frontend:3.1.4");
        assertThat(plan.timeline().inWindowDuration())
                .isEqualTo(Duration.ofMinutes(10).plusSeconds(10));
    }

    @Test
    @DisplayName("canary example: 5% → 30 min → 20% → 30 min → 50% → 30 min → 100%, clean up old")
    void canaryExample_followsDesignSteps() {
        Plan plan = Plans.plan(CANARY);
        List<String> traffic = plan.steps().stream()
                .filter(s -> s.action() == Action.SET_WEIGHT || s.action() == Action.PAUSE)
                .map(s -> s.id().substring(3))
                .toList();
        assertThat(traffic)
                .containsExactly(
                        "set-weight-5",
                        "pause-30m",
                        "set-weight-20",
                        "pause-30m",
                        "set-weight-50",
                        "pause-30m",
                        "set-weight-100");
        assertThat(actions(plan))
                .containsSubsequence(
                        Action.DEPLOY,
                        Action.WAIT_READY,
                        Action.PREPARE_TRAFFIC,
                        Action.SET_WEIGHT,
                        Action.PAUSE,
                        Action.ANALYSIS,
                        Action.SET_WEIGHT,
                        Action.PROMOTE,
                        Action.CLEAN_UP);
        PlanStep five = plan.steps().stream()
                .filter(s -> s.id().endsWith("set-weight-5"))
                .findFirst()
                .orElseThrow();
        // The team's VirtualService is edited, never replaced: only the managed routes' weights.
        ObjectChange vs = five.objects().get(0);
        assertThat(vs.operation()).isEqualTo(Operation.EDIT);
        assertThat(vs.headline())
                .isEqualTo(
                        "~ networking.istio.io/v1 VirtualService prod/orders-api: routes to orders-api → stable 95, canary 5");
        JsonNode edit = vs.body().orElseThrow();
        assertThat(edit.path("edit").asString()).isEqualTo("istio-weights");
        assertThat(edit.path("weight").asInt()).isEqualTo(5);
        assertThat(five.compensation().kind()).isEqualTo(Kind.RESTORE_TRAFFIC);
        assertThat(five.compensation().objects().get(0).headline()).endsWith("→ stable 100, canary 0");
        assertThat(plan.timeline().minimumDuration())
                .isEqualTo(Duration.ofMinutes(90).plusSeconds(20));
        assertThat(plan.steps().get(plan.steps().size() - 1).rollbackFrom())
                .first()
                .asString()
                .endsWith("clean-up");
    }

    @Test
    @DisplayName(
            "auto-rollback example: watch steps carry errorRate > 0.01 for 2m, and the path restores, scales down, verifies, notifies, records")
    void autoRollbackExample_showsTriggerAndPath() {
        Plan plan = Plans.plan(AUTO);
        List<PlanStep> analyses =
                plan.steps().stream().filter(s -> s.action() == Action.ANALYSIS).toList();
        assertThat(analyses)
                .hasSize(3)
                .allSatisfy(s -> assertThat(s.watches())
                        .extracting(RollbackTrigger::describe)
                        .contains("errorRate > 0.01 for 2m → rollback", "latencyP99 > 0.8 for 5m → rollback"));
        assertThat(plan.rollback().automaticPath())
                .extracting(Compensation::kind)
                .containsExactly(
                        Kind.RESTORE_TRAFFIC, Kind.SCALE_DOWN_NEW, Kind.VERIFY_RECOVERY, Kind.NOTIFY, Kind.RECORD);
        assertThat(plan.rollback().automaticPath().get(3).description())
                .contains("https://oncall.example.com/hooks/payments");
        assertThat(plan.rollback().toVersion()).contains("5.4.0");
        assertThat(plan.timeline().minimumDuration())
                .isEqualTo(Duration.ofMinutes(20).plusSeconds(5));
    }

    @Test
    void migrations_runBeforeTrafficMoves_andIrreversibleOnesStopForAPerson() {
        for (Path file : Plans.manifests()) {
            Plan plan = Plans.plan(file);
            int lastMigration = plan.steps().stream()
                    .filter(s -> s.action() == Action.MIGRATE_DATA)
                    .mapToInt(PlanStep::index)
                    .max()
                    .orElse(0);
            int firstTraffic = plan.steps().stream()
                    .filter(s -> s.action() == Action.SET_WEIGHT
                            || s.action() == Action.SWITCH_SERVICE
                            || s.action() == Action.DEPLOY)
                    .mapToInt(PlanStep::index)
                    .min()
                    .orElseThrow();
            assertThat(lastMigration).as(file.toString()).isLessThan(firstTraffic);
        }
        PlanStep reversible = Plans.plan(BLUE_GREEN).steps().stream()
                .filter(s -> s.action() == Action.MIGRATE_DATA)
                .findFirst()
                .orElseThrow();
        assertThat(reversible.compensation().kind()).isEqualTo(Kind.DOWN_MIGRATION);
        assertThat(reversible.compensation().description()).contains("U42__drop_preferred_locale");
        PlanStep irreversible = Plans.plan(Plans.FIXTURES.resolve("rolling-worker.yaml")).steps().stream()
                .filter(s -> s.action() == Action.MIGRATE_DATA)
                .findFirst()
                .orElseThrow();
        assertThat(irreversible.compensation().kind()).isEqualTo(Kind.MANUAL);
        assertThat(irreversible.compensation().description()).contains("restore the pre-release snapshot");
    }

    @Test
    void rolling_updatesOneDeploymentInPlace_andUndoesWithRolloutUndo() {
        Plan plan = Plans.plan(Plans.FIXTURES.resolve("rolling-worker.yaml"));
        PlanStep deploy = plan.steps().stream()
                .filter(s -> s.action() == Action.DEPLOY)
                .findFirst()
                .orElseThrow();
        JsonNode body = deploy.objects().get(0).body().orElseThrow();
        assertThat(deploy.objects().get(0).operation()).isEqualTo(Operation.APPLY);
        assertThat(body.at("/metadata/name").asString()).isEqualTo("billing-worker");
        assertThat(body.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(1);
        assertThat(body.at("/spec/strategy/rollingUpdate/maxUnavailable").asString())
                .isEqualTo("20%");
        assertThat(body.at("/spec/selector/matchLabels").has("version")).isFalse();
        assertThat(body.at("/spec/template/spec/containers/0/readinessProbe/httpGet/path")
                        .asString())
                .isEqualTo("/ready");
        assertThat(deploy.compensation().kind()).isEqualTo(Kind.ROLLOUT_UNDO);
        assertThat(actions(plan)).doesNotContain(Action.SET_WEIGHT, Action.CLEAN_UP, Action.SWITCH_SERVICE);
    }

    @Test
    void blueGreenWithoutSteps_switchesAtOnceAndCleansUpRightAway() {
        Plan plan = Plans.plan(Plans.FIXTURES.resolve("blue-green-at-once.yaml"));
        assertThat(actions(plan))
                .containsSubsequence(Action.DEPLOY, Action.WAIT_READY, Action.SWITCH_SERVICE, Action.CLEAN_UP)
                .doesNotContain(Action.SET_WEIGHT, Action.RETAIN_PREVIOUS, Action.PREPARE_TRAFFIC);
        assertThat(plan.rollback().triggers())
                .singleElement()
                .extracting(RollbackTrigger::describe)
                .isEqualTo("successRate < 0.99 → rollback");
    }

    @Test
    void previewService_pointsAtGreenBeforeTheSwitch_patchingTheVersionKeyAlone() {
        Plan plan = Plans.plan(Plans.FIXTURES.resolve("blue-green-at-once.yaml"));
        assertThat(ids(plan)).containsSubsequence("02-deploy", "04-switch-service-preview", "05-switch-service");
        PlanStep preview = plan.steps().get(3);
        assertThat(preview.objects()).singleElement().satisfies(o -> {
            assertThat(o.operation()).isEqualTo(Operation.PATCH);
            assertThat(o.name()).isEqualTo("search-ui-preview");
            assertThat(o.body().orElseThrow().at("/spec").toString())
                    .isEqualTo("{\"selector\":{\"version\":\"4.0.0\"}}");
        });
        assertThat(preview.compensation().kind()).isEqualTo(Kind.SWITCH_SERVICE_BACK);
        assertThat(preview.rollbackFrom()).contains("04-switch-service-preview");
    }

    @Test
    void manualPause_becomesAnApprovalStep_andRoutesNameEachHttpRoute() {
        Plan plan = Plans.plan(Plans.FIXTURES.resolve("canary-approval.yaml"));
        assertThat(plan.timeline().waitsForApproval()).isTrue();
        assertThat(actions(plan))
                .containsSubsequence(Action.SET_WEIGHT, Action.ANALYSIS, Action.APPROVAL, Action.SET_WEIGHT);
        assertThat(plan.metadata().namespace()).isEqualTo("default");
        ObjectChange vs = plan.steps().stream()
                .filter(s -> s.action() == Action.SET_WEIGHT)
                .findFirst()
                .orElseThrow()
                .objects()
                .get(0);
        assertThat(vs.name()).isEqualTo("cart-vs");
        assertThat(vs.operation()).isEqualTo(Operation.EDIT);
        assertThat(vs.body().orElseThrow().path("routes").toString()).isEqualTo("[\"main\",\"api\"]");
    }

    @Test
    @DisplayName("postPromotionAnalysis: an analysis step after promote, before the Succeeded notice and clean-up")
    void postPromotionAnalysis_runsAfterPromotion_beforeCleanUp() throws Exception {
        String yaml = Files.readString(CANARY)
                .replace(
                        "        - setWeight: 100\n",
                        "        - setWeight: 100\n      postPromotionAnalysis: {metrics: [errorRate], duration: 10m}\n");
        assertThat(yaml).contains("postPromotionAnalysis");
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        List<Action> actions = plan.steps().stream().map(PlanStep::action).toList();
        int promote = actions.indexOf(Action.PROMOTE);
        assertThat(actions.subList(promote, actions.size()))
                .startsWith(Action.PROMOTE, Action.ANALYSIS, Action.NOTIFY)
                .contains(Action.CLEAN_UP);
        PlanStep post = plan.steps().get(promote + 1);
        assertThat(post.description())
                .isEqualTo("Check errorRate against its threshold for 10m after promotion: 2.7.0 takes all the"
                        + " traffic, orders-api 2.6.3 still runs until clean-up");
        assertThat(post.minimumDuration()).isEqualTo(Duration.ofMinutes(10));
        // without the field the plan is as before: nothing between promote and the Succeeded notice
        List<Action> without = new Planner()
                .plan(Plans.load(CANARY), Plans.INPUTS).steps().stream()
                        .map(PlanStep::action)
                        .toList();
        assertThat(without.get(without.indexOf(Action.PROMOTE) + 1)).isEqualTo(Action.NOTIFY);
    }

    @Test
    @DisplayName("blueGreen.postPromotionAnalysis: an analysis step after the switch whose failure switches back first")
    void blueGreenPostPromotionAnalysis_runsAfterTheSwitch_rollsTheServiceBack() throws Exception {
        String yaml = Files.readString(BLUE_GREEN)
                .replace(
                        "      keepPrevious: 24h\n",
                        "      keepPrevious: 24h\n      postPromotionAnalysis: {metrics: [errorRate], duration: 10m}\n");
        assertThat(yaml).contains("postPromotionAnalysis");
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        List<Action> actions = actions(plan);
        int switched = actions.lastIndexOf(Action.SWITCH_SERVICE);
        assertThat(actions.subList(switched, actions.size()))
                .containsExactly(
                        Action.SWITCH_SERVICE,
                        Action.ANALYSIS,
                        Action.NOTIFY,
                        Action.RETAIN_PREVIOUS,
                        Action.CLEAN_UP,
                        Action.RECORD);
        PlanStep post = plan.steps().get(switched + 1);
        assertThat(post.description())
                .isEqualTo("Check errorRate against its threshold for 10m after the switch: 3.2.0 takes all the"
                        + " traffic, web-frontend 3.1.4 still runs until clean-up");
        assertThat(post.minimumDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(post.parameters().path("metrics").path(0).path("name").asString())
                .isEqualTo("errorRate");
        // the automatic-rollback triggers are watched while the checks run
        assertThat(post.watches()).isNotEmpty();
        // a failure undoes the switch first: the Service selects blue again
        PlanStep switchStep = plan.steps().get(switched);
        assertThat(post.rollbackFrom()).first().isEqualTo(switchStep.id());
        assertThat(switchStep.compensation().kind()).isEqualTo(Kind.SWITCH_SERVICE_BACK);
        // without the field the plan is as before: the Succeeded notice follows the switch
        List<Action> without = actions(new Planner().plan(Plans.load(BLUE_GREEN), Plans.INPUTS));
        assertThat(without.get(without.lastIndexOf(Action.SWITCH_SERVICE) + 1)).isEqualTo(Action.NOTIFY);
    }

    @Test
    @DisplayName("blueGreen.postPromotionAnalysis at once: a job check gets its Job, the switch back selects blue")
    void blueGreenPostPromotionAnalysis_atOnce_jobCheck() throws Exception {
        String yaml = Files.readString(BLUE_GREEN)
                .replaceAll("(?s)      trafficRouting:.*?      keepPrevious: 24h\n", "      keepPrevious: 24h\n")
                .replace(
                        "      keepPrevious: 24h\n",
                        "      keepPrevious: 24h\n      postPromotionAnalysis: {metrics: [smoke]}\n")
                .replace(
                        "    dashboards:",
                        "      - {name: smoke, job: {image: registry.example.com/smoke:1}}\n    dashboards:");
        assertThat(yaml).doesNotContain("trafficRouting").contains("name: smoke");
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        List<Action> actions = actions(plan);
        int switched = actions.indexOf(Action.SWITCH_SERVICE);
        assertThat(actions.get(switched + 1)).isEqualTo(Action.ANALYSIS);
        PlanStep post = plan.steps().get(switched + 1);
        assertThat(post.description())
                .startsWith("Check Job smoke (registry.example.com/smoke:1) once after the switch");
        assertThat(post.objects())
                .extracting(o -> o.ref().toString())
                .containsExactly(new ObjectRef("batch/v1", "Job", "prod", "web-frontend-3-2-0-smoke-1").toString());
        PlanStep switchStep = plan.steps().get(switched);
        assertThat(post.rollbackFrom()).first().isEqualTo(switchStep.id());
        assertThat(switchStep.compensation().objects())
                .singleElement()
                .satisfies(o -> assertThat(o.body()
                                .orElseThrow()
                                .at("/spec/selector/version")
                                .asString())
                        .isEqualTo("3.1.4"));
    }

    @Test
    void everyStep_hasACompensationAndARollbackOrderOfExistingSteps() {
        for (Path file : Plans.manifests()) {
            Plan plan = Plans.plan(file);
            for (PlanStep s : plan.steps()) {
                assertThat(s.compensation()).isNotNull();
                for (String id : s.rollbackFrom()) {
                    PlanStep undone = plan.step(id).orElseThrow();
                    assertThat(undone.index()).isLessThanOrEqualTo(s.index());
                    assertThat(undone.compensation().isNone()).isFalse();
                }
            }
        }
    }

    /** A window that is open now and closes at a fixed time. */
    record ClosingWindow(Instant opens, Instant closes) implements WindowSchedule {
        @Override
        public Optional<Instant> earliestStart(WindowSpec window, Instant now) {
            return Optional.of(now.isBefore(opens) ? opens : now);
        }

        @Override
        public Optional<Instant> closesAt(WindowSpec window, Instant start) {
            return Optional.of(closes);
        }
    }

    @Test
    void timeline_warnsWhenThePlanCannotFinishBeforeTheWindowCloses() {
        Instant now = Plans.NOW;
        Plan tight = new Planner(new ClosingWindow(now, now.plus(Duration.ofHours(1))))
                .plan(Plans.load(CANARY), Plans.INPUTS);
        assertThat(tight.timeline().fitsWindow()).isFalse();
        assertThat(tight.timeline().warnings())
                .singleElement()
                .asString()
                .contains("1h30m20s")
                .contains("closes at");
        Plan roomy = new Planner(new ClosingWindow(now, now.plus(Duration.ofHours(3))))
                .plan(Plans.load(CANARY), Plans.INPUTS);
        assertThat(roomy.timeline().fitsWindow()).isTrue();
        assertThat(roomy.timeline().warnings()).isEmpty();
        // Keeping blue for 24 h happens after the window: only the traffic part must fit.
        Plan blueGreen = new Planner(new ClosingWindow(now, now.plus(Duration.ofHours(3))))
                .plan(Plans.load(BLUE_GREEN), Plans.INPUTS);
        assertThat(blueGreen.timeline().fitsWindow()).isTrue();
    }

    @Test
    void timeline_startsWhenTheWindowOpens() {
        Instant opens = Plans.NOW.plus(Duration.ofHours(5));
        Plan plan = new Planner(new ClosingWindow(opens, opens.plus(Duration.ofHours(4))))
                .plan(Plans.load(CANARY), Plans.INPUTS);
        assertThat(plan.timeline().earliestStart()).isEqualTo(opens);
        assertThat(plan.timeline().earliestFinish())
                .isEqualTo(opens.plus(plan.timeline().minimumDuration()));
        assertThat(plan.timeline().windowClosesAt()).contains(opens.plus(Duration.ofHours(4)));
    }

    @Test
    @DisplayName(
            "with the real release window: closed on Monday → starts Tuesday 22:00 Shanghai; an hour before closing → warning")
    void timeline_followsTheManifestsReleaseWindow() {
        PlanInputs monday = new PlanInputs(
                Instant.parse("2026-11-30T03:00:00Z"), Plans.INPUTS.policySetDigest(), "0.0.0-test", List.of());
        Plan early = new Planner().plan(Plans.load(CANARY), monday);
        assertThat(early.timeline().earliestStart()).isEqualTo(Instant.parse("2026-12-01T14:00:00Z"));
        assertThat(early.timeline().windowClosesAt()).contains(Instant.parse("2026-12-01T18:00:00Z"));
        assertThat(early.timeline().fitsWindow()).isTrue();
        PlanInputs late = new PlanInputs(
                Instant.parse("2026-12-01T17:00:00Z"), Plans.INPUTS.policySetDigest(), "0.0.0-test", List.of());
        Plan tight = new Planner().plan(Plans.load(CANARY), late);
        assertThat(tight.timeline().fitsWindow()).isFalse();
        assertThat(tight.timeline().warnings()).singleElement().asString().contains("closes at 2026-12-01T18:00:00Z");
    }

    @Test
    void durations_parseAndFormatLikeManifests() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.format(Duration.ofHours(24).plusSeconds(610))).isEqualTo("1d10m10s");
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofHours(48));
        assertThat(Durations.format(Duration.ofSeconds(5420))).isEqualTo("1h30m20s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void names_areDnsLabels() {
        assertThat(KubeObjects.deploymentName("web-frontend", "3.2.0")).isEqualTo("web-frontend-3-2-0");
        assertThat(KubeObjects.deploymentName("app", "V2.0+Build_7")).isEqualTo("app-v2-0-build-7");
        assertThat(KubeObjects.labelValue("2.0+build")).isEqualTo("2.0-build");
    }

    /** Plans a copy of examples/istio-workload with its workload line replaced, from its real path. */
    private static Plan istioWorkloadWith(Path dir, String workload, String teamFile) throws Exception {
        Path release = dir.resolve("release.yaml");
        Path example = Plans.EXAMPLES.resolve("istio-workload");
        Files.writeString(
                release,
                Files.readString(example.resolve("release.yaml")).replace("manifest: k8s/orders-api.yaml", workload));
        Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(dir.resolve("k8s/orders-api.yaml"), teamFile);
        var m = new dev.releasepolicy.core.manifest.ManifestLoader()
                .load(release, release.toString())
                .manifests()
                .get(0);
        return new Planner().plan(m, Plans.INPUTS);
    }

    @Test
    void liveWorkload_deployIsACreateFromTheTeamsLiveDeployment_andRoundTrips(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Plan plan = istioWorkloadWith(dir, "deployment: orders-api", "");
        ObjectChange deploy = plan.steps().stream()
                .filter(s -> s.action() == Action.DEPLOY)
                .findFirst()
                .orElseThrow()
                .objects()
                .get(0);
        assertThat(deploy.operation()).isEqualTo(Operation.CREATE_FROM);
        assertThat(deploy.source().orElseThrow().name()).isEqualTo("orders-api");
        assertThat(deploy.headline())
                .startsWith("+ apps/v1 Deployment prod/orders-api-2-7-0 from the live Deployment orders-api: ")
                .contains("container orders-api on registry.example.com/shop/orders-api:2.7.0")
                .contains("orders-api-config-2-6-3 → orders-api-config-2-7-0");
        assertThat(PlanCodec.write(PlanCodec.read("p.json", PlanCodec.write(plan))))
                .isEqualTo(PlanCodec.write(plan));
        assertThat(plan.steps()).noneMatch(s -> s.action() == Action.ADOPT);
    }

    @Test
    void adoption_onlyWhenTheTeamsTemplateLacksTheVersionLabel(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String team = Files.readString(Plans.EXAMPLES.resolve("istio-workload/k8s/orders-api.yaml"));
        Plan labelled = istioWorkloadWith(dir, "manifest: k8s/orders-api.yaml", team);
        assertThat(labelled.steps()).noneMatch(s -> s.action() == Action.ADOPT);

        Plan adopting = istioWorkloadWith(
                dir, "manifest: k8s/orders-api.yaml", team.replace("        version: \"2.6.3\"\n", ""));
        PlanStep adopt = adopting.steps().stream()
                .filter(s -> s.action() == Action.ADOPT)
                .findFirst()
                .orElseThrow();
        assertThat(adopting.steps().indexOf(adopt))
                .isLessThan(adopting.steps()
                        .indexOf(adopting.steps().stream()
                                .filter(s -> s.action() == Action.PREPARE_TRAFFIC)
                                .findFirst()
                                .orElseThrow()));
        assertThat(adopt.objects())
                .singleElement()
                .satisfies(o -> assertThat(o.headline())
                        .isEqualTo(
                                "~ apps/v1 Deployment prod/orders-api: pod template label version=2.6.3 (adopts it as the"
                                        + " stable version; selector unchanged; the pods restart once)"));
        assertThat(adopt.parameters().path("deployment").asString()).isEqualTo("orders-api");
        assertThat(adopt.compensation().kind()).isEqualTo(Kind.RESTORE_TEMPLATE_LABEL);
    }
}
