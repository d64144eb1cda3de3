package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.plan.KubeObjects.Workload;
import dev.releasepolicy.core.spec.DataCompatibility;
import dev.releasepolicy.core.spec.HealthCheck;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.WindowSpec;
import dev.releasepolicy.core.spec.WrittenDuration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Compiles a verified release manifest into a {@link Plan}: pre-checks, data migrations (before any
 * traffic moves), config, the new version's Deployment and its readiness, the strategy's traffic steps,
 * promotion, keeping and cleaning up the previous version, notifications and the audit record; each
 * step with its objects and its undo.
 *
 * <p>Pure and deterministic: reads only the manifest's typed {@link ReleaseSpec}, the {@link PlanInputs}
 * and the {@link WindowSchedule}. Expects a manifest that passed the schema (it does not re-check it).
 * Thread-safe.
 */
public final class Planner {

    private final WindowSchedule windows;

    /** A planner whose timeline follows the manifest's release window ({@link WindowSchedule#releaseWindows()}). */
    public Planner() {
        this(WindowSchedule.releaseWindows());
    }

    public Planner(WindowSchedule windows) {
        this.windows = windows;
    }

    /**
     * Plans one manifest.
     *
     * @throws IllegalArgumentException when the manifest lacks what the schema requires (see {@link ReleaseSpec#of})
     */
    public Plan plan(Manifest manifest, PlanInputs inputs) {
        return new Compilation(Release.of(manifest, ReleaseSpec.of(manifest), inputs), inputs).compile();
    }

    /** The state of one compilation. */
    private final class Compilation {
        final Release release;
        final ReleaseSpec spec;
        final PlanInputs inputs;
        final Drafts drafts = new Drafts();
        /** How traffic moves; empty for a rolling update, which has no second version to route to. */
        final Optional<Routing> routing;

        Compilation(Release release, PlanInputs inputs) {
            this.release = release;
            this.spec = release.spec();
            this.inputs = inputs;
            this.routing = Routing.of(release);
        }

        Plan compile() {
            precheckPolicy();
            spec.window().ifPresent(this::precheckWindow);
            approvals();
            notify("Started", "Tell people the release starts");
            migrations();
            config();
            deploy();
            waitReady();
            switch (spec.strategy()) {
                case StrategySpec.Canary c -> new TrafficSteps(release, routing.orElseThrow(), drafts).canary(c);
                case StrategySpec.BlueGreen b -> new TrafficSteps(release, routing.orElseThrow(), drafts).blueGreen(b);
                case StrategySpec.Rolling r -> {}
            }
            notify("Succeeded", "Tell people the new version takes all the traffic");
            retainAndCleanUp();
            record();
            return PlanAssembly.assemble(
                    release, drafts.list(), AutomaticRollback.plan(release, routing), windows, inputs);
        }

        // ---- steps -------------------------------------------------------------------------

        void precheckPolicy() {
            long warnings =
                    inputs.findings().stream().filter(Finding::isOpenWarning).count();
            long waived = inputs.findings().stream()
                    .filter(f -> f.waiver().isPresent())
                    .count();
            // Without rollback.to the rollback target is the running version: say so, and where it came from.
            Optional<PlanInputs.Running> inferred =
                    spec.rollback().to().isEmpty() ? inputs.running() : Optional.empty();
            Draft d = drafts.add(
                    Action.PRECHECK_POLICY,
                    "",
                    "Check that the manifest still passes verify with policy"
                            + " set " + shortDigest(inputs.policySetDigest()) + " (" + warnings + " warnings, " + waived
                            + " waived)"
                            + inferred.map(r -> "; the rollback target is " + r.version() + ", the running version ("
                                            + r.source() + "), as spec.rollback.to is not set")
                                    .orElse(""));
            inferred.ifPresent(r -> d.parameters.put("rollbackTarget", r.version()));
            d.parameters.put("policySetDigest", inputs.policySetDigest());
            d.parameters.put("warnings", warnings);
            d.parameters.put("waived", waived);
        }

        void precheckWindow(WindowSpec window) {
            Draft d = drafts.add(
                    Action.PRECHECK_WINDOW,
                    "",
                    "Check that the release window (" + window.timezone() + ") is open and no freeze applies");
            d.parameters.put("timezone", window.timezone());
            // As written, so the reviewer sees the window the executor will check.
            d.parameters.set("window", window.tree().deepCopy());
        }

        void approvals() {
            int required = spec.approvals().required();
            if (required <= 0) {
                return;
            }
            List<String> approvers = spec.approvals().approvers();
            Draft d = drafts.add(
                    Action.APPROVAL,
                    "release",
                    "Wait for " + required + " approval"
                            + (required == 1 ? "" : "s")
                            + (approvers.isEmpty() ? "" : " from " + String.join(" or ", approvers))
                            + " (release-policy approve)");
            d.parameters.put("required", required);
            d.parameters.set("approvers", array(approvers));
        }

        void notify(String event, String why) {
            List<String> hooks = release.webhooks(List.of(event));
            if (hooks.isEmpty()) {
                return;
            }
            Draft d = drafts.add(
                    Action.NOTIFY,
                    event.toLowerCase(Locale.ROOT),
                    why + ": POST " + event + " to " + hooks.size() + " webhook" + (hooks.size() == 1 ? "" : "s"));
            d.parameters.put("event", event);
            d.parameters.set("webhooks", array(hooks));
        }

        void migrations() {
            DataCompatibility data = spec.dataCompatibility();
            for (DataCompatibility.Migration m : data.migrations()) {
                String id = m.id();
                Draft d = drafts.add(
                        Action.MIGRATE_DATA,
                        id,
                        "Run database migration " + id + " before any traffic moves"
                                + m.image().map(i -> " (job image " + i + ")").orElse(""));
                d.parameters.put("migration", id);
                d.parameters.put("reversible", m.reversible());
                m.down().ifPresent(v -> d.parameters.put("down", v));
                m.image().ifPresent(v -> d.parameters.put("image", v));
                if (m.reversible()) {
                    d.compensation = new Compensation(
                            Kind.DOWN_MIGRATION,
                            "Run the down-migration " + m.down().orElse("of " + id) + " (data rollback)",
                            List.of());
                } else {
                    d.compensation = new Compensation(
                            Kind.MANUAL,
                            "Stop: migration " + id
                                    + " is not reversible; a person restores the data"
                                    + data.rollbackStrategy()
                                            .map(s -> " (" + s + ")")
                                            .orElse("")
                                    + ", then runs release-policy rollback again",
                            List.of());
                }
            }
        }

        void config() {
            List<String> maps = spec.configMaps();
            if (maps.isEmpty()) {
                return;
            }
            Draft d = drafts.add(
                    Action.APPLY_CONFIG,
                    "",
                    maps.size() == 1
                            ? "Check that the new version's ConfigMap " + maps.get(0)
                                    + " exists and label it with app and version"
                            : "Check that the new version's ConfigMaps " + String.join(", ", maps)
                                    + " exist and label them with app and version");
            d.parameters.set("configMaps", array(maps));
            for (String cm : maps) {
                d.objects.add(release.patch(
                        "v1",
                        "ConfigMap",
                        cm,
                        KubeObjects.configMapLabelPatch(cm, release.namespace(), release.app(), release.version())));
            }
            List<String> old = spec.rollback().configMaps();
            String oldText = old.isEmpty() ? "the previous version's ConfigMaps" : String.join(", ", old);
            String check = old.size() == 1 ? "; check it still exists" : "; check they still exist";
            String undo = switch (spec.strategy()) {
                case StrategySpec.Rolling r -> "The rollout undo puts back the reference to ";
                case StrategySpec.BlueGreen b -> "The previous version keeps using ";
                case StrategySpec.Canary c -> "The previous version keeps using ";
            };
            d.compensation = new Compensation(Kind.RESTORE_CONFIG, undo + oldText + check, List.of());
        }

        void deploy() {
            Workload w = release.workload(release.version(), spec.image(), spec.configMaps());
            String app = release.app();
            String ns = release.namespace();
            switch (spec.strategy()) {
                case StrategySpec.Rolling rolling -> {
                    Draft d = drafts.add(
                            Action.DEPLOY,
                            "",
                            "Roll Deployment " + app + " to " + release.version()
                                    + " (" + w.replicas() + " replicas, maxSurge "
                                    + rolling.maxSurge().text()
                                    + ", maxUnavailable "
                                    + rolling.maxUnavailable().text() + ")");
                    d.objects.add(new ObjectChange(
                            Operation.APPLY,
                            "apps/v1",
                            "Deployment",
                            ns,
                            app,
                            Optional.of(KubeObjects.rollingDeployment(w, rolling))));
                    d.compensation = new Compensation(
                            Kind.ROLLOUT_UNDO,
                            "Undo the rollout of Deployment " + app
                                    + " (kubectl rollout undo) back to "
                                    + release.previous().orElse("the previous revision")
                                    + spec.rollback()
                                            .image()
                                            .map(i -> " (" + i + ")")
                                            .orElse(""),
                            List.of());
                }
                case StrategySpec.BlueGreen b -> deployNext(w);
                case StrategySpec.Canary c -> deployNext(w);
            }
        }

        /** Blue-green and canary: the new version gets its own Deployment beside the running one. */
        void deployNext(Workload full) {
            String name = release.newDeployment();
            int start = TrafficSteps.startReplicas(release, routing.orElseThrow());
            Workload w = full.withReplicas(start);
            Draft d = drafts.add(
                    Action.DEPLOY,
                    "",
                    "Create the " + routing.orElseThrow().subsets().next()
                            + " Deployment " + name + " (" + w.replicas() + " replica" + (w.replicas() == 1 ? "" : "s")
                            + " of " + w.image() + ") next to the running version" + startNote(start));
            d.objects.add(new ObjectChange(
                    Operation.CREATE,
                    "apps/v1",
                    "Deployment",
                    release.namespace(),
                    name,
                    Optional.of(KubeObjects.versionDeployment(w))));
            d.compensation = new Compensation(
                    Kind.DELETE_NEW,
                    "Delete the new Deployment " + name,
                    List.of(new ObjectChange(
                            Operation.DELETE, "apps/v1", "Deployment", release.namespace(), name, Optional.empty())));
        }

        /**
         * Without a router the new pods take requests as soon as they are ready, beside all of the
         * running version's pods: say what share that is until the first step scales the old one down.
         */
        String startNote(int start) {
            int total = spec.replicas();
            if (start >= total || routing.orElseThrow().weighted()) {
                return "";
            }
            String share = BigDecimal.valueOf(100.0 * start / (start + total))
                    .setScale(1, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
            return ", the size of its first step; until that step scales " + release.previousText() + " down, " + start
                    + " of " + (start + total) + " pods (" + share + "%) serve " + release.version();
        }

        void waitReady() {
            // A rolling update readies the application's one Deployment; the others the new version's own.
            boolean rolling = spec.strategy() instanceof StrategySpec.Rolling;
            String deployment = rolling ? release.app() : release.newDeployment();
            String target = rolling ? "the rollout of " + release.app() : deployment;
            Draft d;
            if (spec.healthCheck().isPresent()) {
                HealthCheck hc = spec.healthCheck().get();
                d = drafts.add(
                        Action.WAIT_READY,
                        "",
                        "Wait until " + target + " is ready: GET " + hc.path() + " on port " + hc.port()
                                + " passes on every pod, within " + hc.timeout().text());
                d.timeout = Optional.of(hc.timeout().value());
                hc.initialDelay().ifPresent(v -> d.minimum = v.value());
                d.parameters.put("path", hc.path());
                d.parameters.put("port", hc.port());
                d.parameters.put("timeout", hc.timeout().text());
            } else {
                d = drafts.add(
                        Action.WAIT_READY,
                        "",
                        "Wait until " + target + " has all its pods available (no health check declared)");
            }
            d.parameters.put("deployment", deployment);
            d.parameters.put(
                    "replicas", rolling ? spec.replicas() : TrafficSteps.startReplicas(release, routing.orElseThrow()));
            d.compensation = Compensation.none("nothing of its own to undo");
            if (rolling) {
                // A rolling update moves traffic while it rolls: the triggers watch the rollout itself.
                d.watches = release.triggers();
            }
        }

        void retainAndCleanUp() {
            String role;
            switch (spec.strategy()) {
                case StrategySpec.Rolling r -> {
                    return;
                }
                case StrategySpec.BlueGreen b -> {
                    role = b.subsets().current();
                    if (b.keepPrevious().isPresent() && release.previous().isPresent()) {
                        retainPrevious(
                                role, b.keepPrevious().get(), release.previous().get());
                    }
                }
                case StrategySpec.Canary c -> role = "the old version";
            }
            if (release.previous().isEmpty()) {
                return;
            }
            String previous = release.previous().get();
            String old = release.deployment(previous);
            Draft d = drafts.add(Action.CLEAN_UP, "", "Delete " + role + ": Deployment " + old + " (" + previous + ")");
            d.objects.add(new ObjectChange(
                    Operation.DELETE, "apps/v1", "Deployment", release.namespace(), old, Optional.empty()));
            Workload w = release.workload(
                    previous,
                    spec.rollback().image().orElse(spec.image()),
                    spec.rollback().configMaps());
            d.compensation = new Compensation(
                    Kind.REDEPLOY_PREVIOUS,
                    "Image rollback: create Deployment " + old + " again from " + w.image()
                            + " and wait until it is ready",
                    List.of(new ObjectChange(
                            Operation.CREATE,
                            "apps/v1",
                            "Deployment",
                            release.namespace(),
                            old,
                            Optional.of(KubeObjects.versionDeployment(w)))));
        }

        void retainPrevious(String role, WrittenDuration keep, String previous) {
            String old = release.deployment(previous);
            Draft d = drafts.add(
                    Action.RETAIN_PREVIOUS,
                    keep.text(),
                    "Keep " + role + " (Deployment " + old + ") running for " + keep.text()
                            + " for an instant rollback");
            d.minimum = keep.value();
            d.parameters.put("keepPrevious", keep.text());
            d.parameters.put("deployment", old);
        }

        void record() {
            Draft d = drafts.add(
                    Action.RECORD,
                    "",
                    "Record the release outcome in the audit trail (fingerprint "
                            + release.fingerprint().shortValue() + ")");
            d.parameters.put("fingerprint", release.fingerprint().value());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        return (colon >= 0 ? digest.substring(0, colon + 1) : "") + hex.substring(0, Math.min(12, hex.length()));
    }
}
