package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.edit.EditRefusedException;
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
import dev.releasepolicy.core.workload.StableVersionLabel;
import dev.releasepolicy.core.workload.TemplateLabelRestore;
import dev.releasepolicy.core.workload.VersionDeployment;
import dev.releasepolicy.core.workload.VersionNames;
import dev.releasepolicy.core.workload.WorkloadFile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compiles a verified release manifest into a {@link Plan}: pre-checks, data migrations (before any
 * traffic moves), config, the new version's Deployment and its readiness, the strategy's traffic steps,
 * promotion, keeping and cleaning up the previous version, notifications and the audit record; each
 * step with its objects and its undo.
 *
 * <p>Deterministic: reads only the manifest's typed {@link ReleaseSpec}, the {@link PlanInputs}, the
 * {@link WindowSchedule} and, with {@code spec.workload.manifest}, the team's Deployment file beside the
 * manifest (the plan holds the new version's whole Deployment made from it). Expects a manifest that
 * passed the schema (it does not re-check it).
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
        return plan(manifest, manifest, inputs);
    }

    /**
     * Plans a manifest whose metric templates were expanded ({@code expanded}), fingerprinted as written
     * ({@code asWritten}): {@code apply} compares the fingerprint with the manifest file, and the templates
     * are part of the rule set's digest through the configuration file.
     *
     * @throws IllegalArgumentException when the manifest lacks what the schema requires (see {@link ReleaseSpec#of})
     */
    public Plan plan(Manifest asWritten, Manifest expanded, PlanInputs inputs) {
        return new Compilation(Release.of(expanded, ReleaseSpec.of(expanded), inputs, asWritten.tree()), inputs)
                .compile();
    }

    /** The state of one compilation. */
    private final class Compilation {
        final Release release;
        final ReleaseSpec spec;
        final PlanInputs inputs;
        final Drafts drafts = new Drafts();
        /** How traffic moves; empty for a rolling update, which has no second version to route to. */
        final Optional<Routing> routing;
        /** The team's own Deployment of {@code spec.workload}, resolved on first use. */
        final TeamWorkload workload;

        Compilation(Release base, PlanInputs inputs) {
            this.workload = new TeamWorkload(base.manifest());
            this.release = workload.runningPrevious(base);
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
            adopt();
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
                m.image().ifPresent(v -> {
                    d.parameters.put("image", v);
                    d.objects.add(Jobs.migration(release.app(), release.namespace(), release.version(), id, v, "up"));
                });
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

        /**
         * Adoption: the first release of the team's Deployment (from {@code spec.workload.manifest}) whose
         * pod template has no version label. Istio subsets pick pods by that label, so without it the
         * stable subset would select nothing. The template gains {@code version: <spec.rollback.to>}
         * ({@link StableVersionLabel}; the immutable selector is left alone), the pods roll once under
         * the team's own rollout settings, and the step waits for that before any traffic is split. The
         * undo puts the label back as it was; the executor restores the snapshot exactly.
         */
        void adopt() {
            if (routing.isEmpty()
                    || !routing.get().weighted()
                    || release.previous().isEmpty()) {
                return;
            }
            Optional<WorkloadFile> team = workload.file();
            if (team.isEmpty()) {
                return;
            }
            JsonNode deployment = team.get().deployment().tree();
            String label = VersionNames.labelValue(release.previous().get());
            StableVersionLabel edit = new StableVersionLabel(Routing.VERSION_KEY, label);
            if (!edit.needed(deployment) || edit.selectsByVersion(deployment)) {
                return;
            }
            String name = deployment.path("metadata").path("name").asString();
            ObjectRef ref = new ObjectRef("apps/v1", "Deployment", release.namespace(), name);
            Draft d = drafts.add(
                    Action.ADOPT,
                    "",
                    "Adopt the team's Deployment " + name + " as the stable version "
                            + release.previous().get()
                            + ": label its pod template " + Routing.VERSION_KEY + "=" + label
                            + " (selector unchanged; its pods roll once) and wait until they have");
            d.objects.add(ObjectChange.edit(ref, edit));
            d.parameters.put("deployment", name);
            spec.healthCheck()
                    .ifPresent(hc -> d.timeout = Optional.of(hc.timeout().value()));
            d.compensation = new Compensation(
                    Kind.RESTORE_TEMPLATE_LABEL,
                    "Put the pod template of Deployment " + name + " back as it was (the label " + Routing.VERSION_KEY
                            + " removed); its pods roll once more",
                    List.of(ObjectChange.edit(ref, new TemplateLabelRestore(Routing.VERSION_KEY, Optional.empty()))));
        }

        /**
         * Blue-green and canary: the new version gets its own Deployment beside the running one. With
         * {@code spec.workload.manifest} it is the team's Deployment with only the image, the version
         * label and the ConfigMap references changed ({@link VersionDeployment}); else it is made from
         * {@code spec.image} and the health check.
         */
        void deployNext(Workload full) {
            String name = release.newDeployment();
            int start = TrafficSteps.startReplicas(release, routing.orElseThrow());
            Workload w = full.withReplicas(start);
            Optional<WorkloadFile> team = workload.file();
            Draft d = drafts.add(
                    Action.DEPLOY,
                    "",
                    "Create the " + routing.orElseThrow().subsets().next()
                            + " Deployment " + name + " (" + w.replicas() + " replica" + (w.replicas() == 1 ? "" : "s")
                            + " of " + w.image()
                            + team.map(f -> ", otherwise as the team's Deployment in " + f.file())
                                    .or(() ->
                                            workload.live().map(n -> ", otherwise as the team's live Deployment " + n))
                                    .orElse("")
                            + ") next to the running version" + startNote(start));
            ObjectRef ref = new ObjectRef("apps/v1", "Deployment", release.namespace(), name);
            Optional<String> live = workload.live();
            if (live.isPresent()) {
                // The team's live Deployment is known only at apply time: the executor makes the body from it.
                String container = workload.container().orElse(release.app());
                d.objects.add(ObjectChange.createFrom(ref, live.get(), versionDeployment(container, name, w)));
            } else {
                d.objects.add(new ObjectChange(
                        Operation.CREATE,
                        ref,
                        Optional.of(
                                team.isPresent() ? fromTeam(team.get(), name, w) : KubeObjects.versionDeployment(w))));
            }
            d.compensation = new Compensation(
                    Kind.DELETE_NEW,
                    "Delete the new Deployment " + name,
                    List.of(new ObjectChange(
                            Operation.DELETE, "apps/v1", "Deployment", release.namespace(), name, Optional.empty())));
        }

        /** The new version's Deployment made from the team's, changing only what the release changes. */
        ObjectNode fromTeam(WorkloadFile team, String name, Workload w) {
            VersionDeployment edit =
                    versionDeployment(team.container().path("name").asString(), name, w);
            try {
                ObjectNode d = edit.apply(team.deployment().tree());
                ((ObjectNode) d.get("metadata")).put("namespace", release.namespace());
                return d;
            } catch (EditRefusedException e) {
                throw new IllegalArgumentException(
                        "the new version's Deployment cannot be made from " + team.file() + ": " + e.getMessage() + " ("
                                + e.hint() + ")",
                        e);
            }
        }

        /**
         * The edit that makes the new version's Deployment from the team's: the image of {@code container},
         * the version label, the release's annotations, and each ConfigMap of {@code spec.rollback.configMaps}
         * swapped for the one at the same place in {@code spec.configMaps} (when both lists are as long).
         */
        VersionDeployment versionDeployment(String container, String name, Workload w) {
            Map<String, String> swap = new LinkedHashMap<>();
            List<String> old = spec.rollback().configMaps();
            if (old.size() == spec.configMaps().size()) {
                for (int i = 0; i < old.size(); i++) {
                    swap.put(old.get(i), spec.configMaps().get(i));
                }
            }
            return new VersionDeployment(
                    release.app(),
                    container,
                    w.image(),
                    release.version(),
                    Routing.VERSION_KEY,
                    Optional.of(name),
                    w.replicas(),
                    Map.of(
                            KubeObjects.RELEASE_ANNOTATION, release.manifest().name(),
                            KubeObjects.FINGERPRINT_ANNOTATION,
                                    release.fingerprint().value()),
                    swap);
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
            String old = release.previousDeployment().orElseThrow();
            Optional<String> team = workload.deploymentName().filter(n -> !n.equals(release.newDeployment()));
            boolean teams = team.isPresent() && team.get().equals(old);
            Draft d = drafts.add(
                    Action.CLEAN_UP,
                    "",
                    teams
                            ? "Retire " + role + ": scale the team's Deployment " + old + " (" + previous + ") to 0;"
                                    + " it is kept as it is otherwise"
                            : "Delete " + role + ": Deployment " + old + " (" + previous + ")"
                                    + team.map(n -> "; the team's Deployment " + n + " is scaled to 0 if it still runs")
                                            .orElse(""));
            if (!teams) {
                d.objects.add(new ObjectChange(
                        Operation.DELETE, "apps/v1", "Deployment", release.namespace(), old, Optional.empty()));
            }
            // The team's own Deployment is never deleted: it stops serving, and an undo scales it back.
            team.ifPresent(n -> d.objects.add(release.scale(n, 0)));
            Workload w = release.workload(
                    previous,
                    spec.rollback().image().orElse(spec.image()),
                    spec.rollback().configMaps());
            d.compensation = new Compensation(
                    Kind.REDEPLOY_PREVIOUS,
                    team.isPresent()
                            ? "Put Deployment " + old + (teams ? "" : " and the team's Deployment " + team.get())
                                    + " back exactly as " + (teams ? "it was" : "they were")
                                    + " and wait until it is ready"
                            : "Image rollback: create Deployment " + old + " again from " + w.image()
                                    + " and wait until it is ready",
                    team.isPresent()
                            ? List.of()
                            : List.of(new ObjectChange(
                                    Operation.CREATE,
                                    "apps/v1",
                                    "Deployment",
                                    release.namespace(),
                                    old,
                                    Optional.of(KubeObjects.versionDeployment(w)))));
        }

        void retainPrevious(String role, WrittenDuration keep, String previous) {
            String old = release.previousDeployment().orElseThrow();
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
