package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.secret.Redaction;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.plan.Compensation.Kind;
import dev.releasepolicy.core.plan.KubeObjects.Subset;
import dev.releasepolicy.core.plan.KubeObjects.Workload;
import dev.releasepolicy.core.window.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * <p>Pure and deterministic: reads only the manifest, the {@link PlanInputs} and the
 * {@link WindowSchedule}. Expects a manifest that passed the schema (it does not re-check it).
 * Thread-safe.
 */
public final class Planner {

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private final WindowSchedule windows;

    /** A planner whose timeline follows the manifest's release window ({@link WindowSchedule#releaseWindows()}). */
    public Planner() {
        this(WindowSchedule.releaseWindows());
    }

    public Planner(WindowSchedule windows) {
        this.windows = windows;
    }

    /** Plans one manifest. */
    public Plan plan(Manifest manifest, PlanInputs inputs) {
        return new Compilation(manifest, inputs).compile();
    }

    /** A step before it knows its index, offset and rollback order. */
    private static final class Draft {
        final Action action;
        final String detail;
        final String description;
        Duration minimum = Duration.ZERO;
        Optional<Duration> timeout = Optional.empty();
        final ObjectNode parameters = NF.objectNode();
        final List<ObjectChange> objects = new ArrayList<>();
        Compensation compensation = Compensation.none("nothing to undo");
        List<RollbackTrigger> watches = List.of();

        Draft(Action action, String detail, String description) {
            this.action = action;
            this.detail = detail;
            this.description = description;
        }

        String id(int index) {
            return String.format("%02d-%s%s", index, action.label(), detail.isEmpty() ? "" : "-" + detail);
        }
    }

    /** The state of one compilation. */
    private final class Compilation {
        final Manifest manifest;
        final PlanInputs inputs;
        final JsonNode spec;
        final String app;
        final String namespace;
        final String version;
        final Optional<String> previous;
        final Strategy strategy;
        final Fingerprint fingerprint;
        final List<RollbackTrigger> triggers;
        final List<Draft> drafts = new ArrayList<>();
        final JsonNode istio;
        final String host;
        final String fromSubset;
        final String toSubset;
        final List<String> routes;
        int currentWeight;

        Compilation(Manifest manifest, PlanInputs inputs) {
            this.manifest = manifest;
            this.inputs = inputs;
            this.spec = manifest.tree().path("spec");
            this.app = spec.path("application").asString();
            this.namespace = spec.path("namespace").asString("default");
            this.version = spec.path("version").asString();
            this.previous = text(spec.path("rollback").path("to"));
            this.strategy = Strategy.of(spec.path("strategy").path("type").asString());
            this.fingerprint = Fingerprint.of(manifest.tree(), inputs.policySetDigest(), inputs.toolVersion());
            this.triggers = triggers(spec.path("rollback").path("automatic"));
            JsonNode settings = strategySettings();
            this.istio = settings.path("trafficRouting").path("istio");
            String service = strategy == Strategy.BLUE_GREEN ? settings.path("service").asString(app) : app;
            this.host = KubeObjects.host(service, namespace);
            this.fromSubset = strategy == Strategy.BLUE_GREEN ? "blue" : "stable";
            this.toSubset = strategy == Strategy.BLUE_GREEN ? "green" : "canary";
            List<String> r = new ArrayList<>();
            istio.path("routes").forEach(n -> r.add(n.asString()));
            this.routes = r.isEmpty() ? List.of("primary") : List.copyOf(r);
        }

        JsonNode strategySettings() {
            return switch (strategy) {
                case BLUE_GREEN -> spec.path("strategy").path("blueGreen");
                case CANARY -> spec.path("strategy").path("canary");
                case ROLLING -> spec.path("strategy").path("rolling");
            };
        }

        Plan compile() {
            precheckPolicy();
            precheckWindow();
            approvals();
            notify("Started", "Tell people the release starts");
            migrations();
            config();
            deploy();
            waitReady();
            switch (strategy) {
                case CANARY -> canary();
                case BLUE_GREEN -> blueGreen();
                case ROLLING -> { }
            }
            notify("Succeeded", "Tell people the new version takes all the traffic");
            retainAndCleanUp();
            record();
            return assemble();
        }

        // ---- steps -------------------------------------------------------------------------

        void precheckPolicy() {
            long warnings = inputs.findings().stream().filter(Finding::isOpenWarning).count();
            long waived = inputs.findings().stream().filter(f -> f.waiver().isPresent()).count();
            Draft d = add(Action.PRECHECK_POLICY, "", "Check that the manifest still passes verify with policy set "
                    + shortDigest(inputs.policySetDigest()) + " (" + warnings + " warnings, " + waived + " waived)");
            d.parameters.put("policySetDigest", inputs.policySetDigest());
            d.parameters.put("warnings", warnings);
            d.parameters.put("waived", waived);
        }

        void precheckWindow() {
            JsonNode window = spec.path("window");
            if (!window.isObject()) {
                return;
            }
            Draft d = add(Action.PRECHECK_WINDOW, "", "Check that the release window (" + window.path("timezone").asString()
                    + ") is open and no freeze applies");
            d.parameters.put("timezone", window.path("timezone").asString());
            d.parameters.set("window", window.deepCopy());
        }

        void approvals() {
            JsonNode a = spec.path("approvals");
            int required = a.path("required").asInt(0);
            if (required <= 0) {
                return;
            }
            List<String> approvers = strings(a.path("approvers"));
            Draft d = add(Action.APPROVAL, "release", "Wait for " + required + " approval" + (required == 1 ? "" : "s")
                    + (approvers.isEmpty() ? "" : " from " + String.join(" or ", approvers))
                    + " (release-policy approve)");
            d.parameters.put("required", required);
            d.parameters.set("approvers", array(approvers));
        }

        void notify(String event, String why) {
            List<String> hooks = webhooks(List.of(event));
            if (hooks.isEmpty()) {
                return;
            }
            Draft d = add(Action.NOTIFY, event.toLowerCase(java.util.Locale.ROOT), why + ": POST " + event + " to "
                    + hooks.size() + " webhook" + (hooks.size() == 1 ? "" : "s"));
            d.parameters.put("event", event);
            d.parameters.set("webhooks", array(hooks));
        }

        void migrations() {
            JsonNode data = spec.path("dataCompatibility");
            for (JsonNode m : data.path("migrations")) {
                String id = m.path("id").asString();
                boolean reversible = m.path("reversible").asBoolean(false);
                Draft d = add(Action.MIGRATE_DATA, idPart(id), "Run database migration " + id
                        + " before any traffic moves" + text(m.path("image")).map(i -> " (job image " + i + ")").orElse(""));
                d.parameters.put("migration", id);
                d.parameters.put("reversible", reversible);
                text(m.path("down")).ifPresent(v -> d.parameters.put("down", v));
                text(m.path("image")).ifPresent(v -> d.parameters.put("image", v));
                Optional<String> down = text(m.path("down"));
                if (reversible) {
                    d.compensation = new Compensation(Kind.DOWN_MIGRATION, "Run the down-migration "
                            + down.orElse("of " + id) + " (data rollback)", List.of());
                } else {
                    d.compensation = new Compensation(Kind.MANUAL, "Stop: migration " + id
                            + " is not reversible; a person restores the data"
                            + text(data.path("rollbackStrategy")).map(s -> " (" + s + ")").orElse("")
                            + ", then runs release-policy rollback again", List.of());
                }
            }
        }

        void config() {
            List<String> maps = strings(spec.path("configMaps"));
            if (maps.isEmpty()) {
                return;
            }
            Draft d = add(Action.APPLY_CONFIG, "", maps.size() == 1
                    ? "Check that the new version's ConfigMap " + maps.get(0) + " exists and label it with app and version"
                    : "Check that the new version's ConfigMaps " + String.join(", ", maps)
                            + " exist and label them with app and version");
            d.parameters.set("configMaps", array(maps));
            for (String cm : maps) {
                d.objects.add(patch("v1", "ConfigMap", cm, KubeObjects.configMapLabelPatch(cm, namespace, app, version)));
            }
            List<String> old = strings(spec.path("rollback").path("configMaps"));
            String oldText = old.isEmpty() ? "the previous version's ConfigMaps" : String.join(", ", old);
            String check = old.size() == 1 ? "; check it still exists" : "; check they still exist";
            d.compensation = new Compensation(Kind.RESTORE_CONFIG, strategy == Strategy.ROLLING
                    ? "The rollout undo puts back the reference to " + oldText + check
                    : "The previous version keeps using " + oldText + check, List.of());
        }

        void deploy() {
            Workload w = workload(version, spec.path("image").asString(), strings(spec.path("configMaps")));
            if (strategy == Strategy.ROLLING) {
                JsonNode rolling = spec.path("strategy").path("rolling");
                Draft d = add(Action.DEPLOY, "", "Roll Deployment " + app + " to " + version + " (" + w.replicas()
                        + " replicas, maxSurge " + rolling.path("maxSurge").asString("25%") + ", maxUnavailable "
                        + (rolling.has("maxUnavailable") ? rolling.get("maxUnavailable").asString() : "0") + ")");
                d.objects.add(new ObjectChange(Operation.APPLY, "apps/v1", "Deployment", namespace, app,
                        Optional.of(KubeObjects.rollingDeployment(w, rolling))));
                d.compensation = new Compensation(Kind.ROLLOUT_UNDO, "Undo the rollout of Deployment " + app
                        + " (kubectl rollout undo) back to " + previous.orElse("the previous revision")
                        + text(spec.path("rollback").path("image")).map(i -> " (" + i + ")").orElse(""), List.of());
                return;
            }
            String name = KubeObjects.deploymentName(app, version);
            String role = strategy == Strategy.BLUE_GREEN ? "green" : "canary";
            Draft d = add(Action.DEPLOY, "", "Create the " + role + " Deployment " + name + " (" + w.replicas()
                    + " replicas of " + w.image() + ") next to the running version");
            d.objects.add(new ObjectChange(Operation.CREATE, "apps/v1", "Deployment", namespace, name,
                    Optional.of(KubeObjects.versionDeployment(w))));
            d.compensation = new Compensation(Kind.DELETE_NEW, "Delete the new Deployment " + name,
                    List.of(new ObjectChange(Operation.DELETE, "apps/v1", "Deployment", namespace, name, Optional.empty())));
        }

        void waitReady() {
            JsonNode hc = spec.path("healthCheck");
            String target = strategy == Strategy.ROLLING ? "the rollout of " + app : KubeObjects.deploymentName(app, version);
            Draft d;
            if (hc.isObject()) {
                d = add(Action.WAIT_READY, "", "Wait until " + target + " is ready: GET " + hc.path("path").asString()
                        + " on port " + hc.path("port").asInt() + " passes on every pod, within "
                        + hc.path("timeout").asString());
                d.timeout = Optional.of(Durations.parse(hc.path("timeout").asString()));
                text(hc.path("initialDelay")).ifPresent(v -> d.minimum = Durations.parse(v));
                d.parameters.put("path", hc.path("path").asString());
                d.parameters.put("port", hc.path("port").asInt());
                d.parameters.put("timeout", hc.path("timeout").asString());
            } else {
                d = add(Action.WAIT_READY, "", "Wait until " + target + " has all its pods available (no health check declared)");
            }
            d.parameters.put("deployment", strategy == Strategy.ROLLING ? app : KubeObjects.deploymentName(app, version));
            d.parameters.put("replicas", replicas());
            d.compensation = Compensation.none("nothing of its own to undo");
            if (strategy == Strategy.ROLLING) {
                d.watches = triggers;
            }
        }

        void canary() {
            JsonNode steps = spec.path("strategy").path("canary").path("steps");
            if (istio.isObject()) {
                prepareTraffic();
            }
            trafficSteps(steps);
            if (istio.isObject()) {
                Draft d = add(Action.PROMOTE, "", "Make " + version + " the stable version: subset " + fromSubset
                        + " selects it, all traffic to " + fromSubset);
                d.objects.add(apply(destinationRule(version)));
                d.objects.add(apply(virtualService(0)));
                d.compensation = new Compensation(Kind.RESTORE_ROUTING, "Point subset " + fromSubset + " back at "
                        + previousText() + " and send it all the traffic",
                        List.of(apply(destinationRule(previous.orElse(""))), apply(virtualService(0))));
            }
        }

        void blueGreen() {
            JsonNode bg = spec.path("strategy").path("blueGreen");
            JsonNode steps = bg.path("steps");
            if (steps.isArray() && !steps.isEmpty()) {
                if (istio.isObject()) {
                    prepareTraffic();
                }
                trafficSteps(steps);
            }
            String service = bg.path("service").asString(app);
            Draft d = add(Action.SWITCH_SERVICE, "", "Switch Service " + service + " to green: selector app="
                    + app + ", version=" + version);
            d.objects.add(patch("v1", "Service", service, KubeObjects.serviceSelectorPatch(service, namespace, app, version)));
            d.compensation = new Compensation(Kind.SWITCH_SERVICE_BACK, "Switch Service " + service + " back to blue ("
                    + previousText() + ")", previous.map(p -> List.of(patch("v1", "Service", service,
                            KubeObjects.serviceSelectorPatch(service, namespace, app, p)))).orElse(List.of()));
            d.watches = triggers;
        }

        void prepareTraffic() {
            Draft d = add(Action.PREPARE_TRAFFIC, "", "Route by version: DestinationRule subsets " + fromSubset + " ("
                    + previousText() + ") and " + toSubset + " (" + version + "), all traffic to " + fromSubset);
            d.objects.add(apply(destinationRule(previous.orElse(""))));
            d.objects.add(apply(virtualService(0)));
            d.compensation = restoreTraffic();
        }

        void trafficSteps(JsonNode steps) {
            for (JsonNode s : steps) {
                if (s.has("setWeight")) {
                    setWeight(s.get("setWeight").asInt());
                } else if (s.has("pause")) {
                    JsonNode p = s.get("pause");
                    if (p.has("duration")) {
                        String dur = p.get("duration").asString();
                        Draft d = add(Action.PAUSE, dur, "Wait " + dur + " at " + currentWeight + "% on " + version
                                + ", watching the rollback triggers");
                        d.minimum = Durations.parse(dur);
                        d.parameters.put("duration", dur);
                        d.watches = currentWeight > 0 ? triggers : List.of();
                    } else {
                        Draft d = add(Action.APPROVAL, "", "Wait at " + currentWeight + "% on " + version
                                + " until someone approves (release-policy approve)");
                        d.watches = currentWeight > 0 ? triggers : List.of();
                    }
                } else if (s.has("analysis")) {
                    analysis(s.get("analysis"));
                }
            }
        }

        void setWeight(int weight) {
            currentWeight = weight;
            Draft d = add(Action.SET_WEIGHT, Integer.toString(weight), "Send " + weight + "% of the traffic to "
                    + version + " (" + (100 - weight) + "% stays on " + previousText() + ")");
            d.parameters.put("weight", weight);
            if (istio.isObject()) {
                d.objects.add(apply(virtualService(weight)));
                d.compensation = restoreTraffic();
            } else if (strategy == Strategy.CANARY) {
                // No traffic routing: approximate the share by the number of pods of each version.
                int total = replicas();
                int fresh = (int) Math.ceil(total * weight / 100.0);
                d.parameters.put("approximatedByReplicas", true);
                d.objects.add(patch("apps/v1", "Deployment", KubeObjects.deploymentName(app, version),
                        KubeObjects.scalePatch(KubeObjects.deploymentName(app, version), namespace, fresh)));
                previous.ifPresent(p -> d.objects.add(patch("apps/v1", "Deployment", KubeObjects.deploymentName(app, p),
                        KubeObjects.scalePatch(KubeObjects.deploymentName(app, p), namespace, total - fresh))));
                List<ObjectChange> undo = new ArrayList<>();
                previous.ifPresent(p -> undo.add(patch("apps/v1", "Deployment", KubeObjects.deploymentName(app, p),
                        KubeObjects.scalePatch(KubeObjects.deploymentName(app, p), namespace, total))));
                d.compensation = new Compensation(Kind.RESTORE_TRAFFIC, "Scale " + previousText() + " back to " + total
                        + " replicas", undo);
            } else {
                d.parameters.put("skipped", true);
                d.compensation = Compensation.none("no traffic routing: the Service switch moves all traffic at once");
            }
        }

        void analysis(JsonNode a) {
            List<String> names = strings(a.path("metrics"));
            Optional<String> dur = text(a.path("duration"));
            Draft d = add(Action.ANALYSIS, "", "Check " + String.join(", ", names)
                    + (names.size() == 1 ? " against its threshold" : " against their thresholds")
                    + dur.map(v -> " for " + v).orElse(" once") + " at " + currentWeight + "% on " + version);
            dur.ifPresent(v -> {
                d.minimum = Durations.parse(v);
                d.parameters.put("duration", v);
            });
            ArrayNode metrics = d.parameters.putArray("metrics");
            for (String n : names) {
                ObjectNode m = metrics.addObject();
                m.put("name", n);
                for (JsonNode def : spec.path("monitoring").path("metrics")) {
                    if (n.equals(def.path("name").asString())) {
                        for (String key : List.of("query", "max", "min", "interval", "failureLimit")) {
                            if (def.has(key)) {
                                m.set(key, def.get(key).deepCopy());
                            }
                        }
                    }
                }
            }
            d.watches = triggers;
        }

        void retainAndCleanUp() {
            if (strategy == Strategy.ROLLING) {
                return;
            }
            Optional<String> keep = text(spec.path("strategy").path("blueGreen").path("keepPrevious"));
            String role = strategy == Strategy.BLUE_GREEN ? "blue" : "the old version";
            if (strategy == Strategy.BLUE_GREEN && keep.isPresent() && previous.isPresent()) {
                Draft d = add(Action.RETAIN_PREVIOUS, keep.get(), "Keep " + role + " (Deployment "
                        + KubeObjects.deploymentName(app, previous.get()) + ") running for " + keep.get()
                        + " for an instant rollback");
                d.minimum = Durations.parse(keep.get());
                d.parameters.put("keepPrevious", keep.get());
                d.parameters.put("deployment", KubeObjects.deploymentName(app, previous.get()));
            }
            if (previous.isEmpty()) {
                return;
            }
            String old = KubeObjects.deploymentName(app, previous.get());
            Draft d = add(Action.CLEAN_UP, "", "Delete " + role + ": Deployment " + old + " (" + previous.get() + ")");
            d.objects.add(new ObjectChange(Operation.DELETE, "apps/v1", "Deployment", namespace, old, Optional.empty()));
            Workload w = workload(previous.get(), spec.path("rollback").path("image").asString(spec.path("image").asString()),
                    strings(spec.path("rollback").path("configMaps")));
            d.compensation = new Compensation(Kind.REDEPLOY_PREVIOUS, "Image rollback: create Deployment " + old
                    + " again from " + w.image() + " and wait until it is ready",
                    List.of(new ObjectChange(Operation.CREATE, "apps/v1", "Deployment", namespace, old,
                            Optional.of(KubeObjects.versionDeployment(w)))));
        }

        void record() {
            Draft d = add(Action.RECORD, "", "Record the release outcome in the audit trail (fingerprint "
                    + fingerprint.shortValue() + ")");
            d.parameters.put("fingerprint", fingerprint.value());
        }

        // ---- objects -----------------------------------------------------------------------

        ObjectChange apply(JsonNode body) {
            return new ObjectChange(Operation.APPLY, body.path("apiVersion").asString(), body.path("kind").asString(),
                    namespace, body.path("metadata").path("name").asString(), Optional.of(body));
        }

        ObjectChange patch(String apiVersion, String kind, String name, JsonNode body) {
            return new ObjectChange(Operation.PATCH, apiVersion, kind, namespace, name, Optional.of(body));
        }

        JsonNode destinationRule(String stableVersion) {
            return KubeObjects.destinationRule(istio.path("destinationRule").asString(app), namespace, app, host,
                    List.of(new Subset(fromSubset, stableVersion.isEmpty() ? Optional.empty() : Optional.of(stableVersion)),
                            new Subset(toSubset, Optional.of(version))));
        }

        JsonNode virtualService(int weight) {
            return KubeObjects.virtualService(istio.path("virtualService").asString(app), namespace, app, host, routes,
                    fromSubset, toSubset, weight);
        }

        Compensation restoreTraffic() {
            return new Compensation(Kind.RESTORE_TRAFFIC, "Send all traffic back to " + fromSubset + " ("
                    + previousText() + ")", List.of(apply(virtualService(0))));
        }

        Workload workload(String v, String image, List<String> configMaps) {
            return new Workload(app, namespace, v, image, replicas(), configMaps, spec.path("healthCheck"),
                    manifest.name(), fingerprint.value());
        }

        int replicas() {
            return spec.path("replicas").asInt(1);
        }

        String previousText() {
            return previous.map(p -> app + " " + p).orElse("the previous version");
        }

        List<String> webhooks(List<String> events) {
            List<String> hooks = new ArrayList<>();
            for (JsonNode n : spec.path("notifications")) {
                List<String> subscribed = strings(n.path("events"));
                if (events.stream().anyMatch(subscribed::contains)) {
                    // The plan is for review and is stored: a token in a webhook URL must not be in it.
                    // The executor reads the real URL from the manifest when it notifies.
                    hooks.add(Redaction.url(n.path("webhook").asString()));
                }
            }
            return hooks;
        }

        Draft add(Action action, String detail, String description) {
            Draft d = new Draft(action, idPart(detail), description);
            drafts.add(d);
            return d;
        }

        // ---- assembly ----------------------------------------------------------------------

        Plan assemble() {
            JsonNode window = spec.path("window");
            Instant now = inputs.now();
            List<String> warnings = new ArrayList<>();
            Instant start = now;
            Optional<Instant> closes = Optional.empty();
            if (window.isObject()) {
                Optional<Instant> s = windows.earliestStart(window, now);
                if (s.isPresent()) {
                    start = s.get();
                    closes = windows.closesAt(window, start);
                } else {
                    warnings.add("the release window does not open in the foreseeable future: check spec.window");
                }
            }
            List<String> ids = new ArrayList<>();
            List<Duration> offsets = new ArrayList<>();
            Duration offset = Duration.ZERO;
            Duration inWindow = null;
            for (int i = 0; i < drafts.size(); i++) {
                Draft d = drafts.get(i);
                ids.add(d.id(i + 1));
                if (d.action == Action.RETAIN_PREVIOUS && inWindow == null) {
                    inWindow = offset;
                }
                offsets.add(offset);
                offset = offset.plus(d.minimum);
            }
            Duration total = offset;
            if (inWindow == null) {
                inWindow = total;
            }
            boolean approval = drafts.stream().anyMatch(d -> d.action == Action.APPROVAL);
            boolean fits = closes.isEmpty() || !start.plus(inWindow).isAfter(closes.get());
            if (!fits) {
                warnings.add("the plan needs at least " + Durations.format(inWindow) + " from its earliest start "
                        + start + " but the release window closes at " + closes.get() + " ("
                        + Durations.format(Duration.between(start, closes.get())) + " later): start earlier in the"
                        + " window or shorten the pauses and analyses");
            }
            Timeline timeline = new Timeline(now, start, total, inWindow, start.plus(total), closes, fits, approval, warnings);
            List<PlanStep> steps = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                Draft d = drafts.get(i);
                steps.add(new PlanStep(i + 1, ids.get(i), d.action, d.description, d.minimum, d.timeout, offsets.get(i),
                        d.parameters, d.objects, d.compensation, rollbackOrder(i, ids), d.watches));
            }
            String source = manifest.file() + (manifest.document() == 0 ? "" : "#" + (manifest.document() + 1));
            PlanMetadata metadata = new PlanMetadata(manifest.name(), source, app, namespace, version, previous, strategy);
            return new Plan(Plan.API_VERSION, metadata, fingerprint, timeline, rollbackPlan(), steps, PlanRuntime.of(spec),
                    inputs.findings().stream().filter(f -> !f.isBlockingError()).toList());
        }

        /**
         * Compensations from step {@code i} back to the first, leaving out no-ops and repeats (a
         * compensation whose objects a later step's compensation already sends, such as the same
         * "all traffic back" VirtualService after every weight change).
         */
        List<String> rollbackOrder(int i, List<String> ids) {
            List<String> order = new ArrayList<>();
            // ObjectChange equality is deep (JsonNode equals compares the whole body).
            Set<ObjectChange> sent = new HashSet<>();
            for (int j = i; j >= 0; j--) {
                Compensation c = drafts.get(j).compensation;
                if (c.isNone()) {
                    continue;
                }
                List<ObjectChange> keys = c.objects();
                if (!keys.isEmpty() && sent.containsAll(keys)) {
                    continue;
                }
                sent.addAll(keys);
                order.add(ids.get(j));
            }
            return order;
        }

        RollbackPlan rollbackPlan() {
            JsonNode rb = spec.path("rollback");
            List<Compensation> path = new ArrayList<>();
            if (!triggers.isEmpty()) {
                String metrics = String.join(", ", triggers.stream().map(RollbackTrigger::metric).distinct().toList());
                switch (strategy) {
                    case ROLLING -> path.add(new Compensation(Kind.ROLLOUT_UNDO, "Undo the rollout of Deployment " + app
                            + " back to " + previousText(), List.of()));
                    case CANARY, BLUE_GREEN -> {
                        List<ObjectChange> traffic = new ArrayList<>();
                        if (istio.isObject()) {
                            traffic.add(apply(virtualService(0)));
                        }
                        if (strategy == Strategy.BLUE_GREEN) {
                            String service = spec.path("strategy").path("blueGreen").path("service").asString(app);
                            previous.ifPresent(p -> traffic.add(patch("v1", "Service", service,
                                    KubeObjects.serviceSelectorPatch(service, namespace, app, p))));
                        }
                        path.add(new Compensation(Kind.RESTORE_TRAFFIC, "Send all traffic back to " + fromSubset + " ("
                                + previousText() + ")", traffic));
                        String name = KubeObjects.deploymentName(app, version);
                        path.add(new Compensation(Kind.SCALE_DOWN_NEW, "Scale Deployment " + name
                                + " to 0 (kept for diagnosis)",
                                List.of(patch("apps/v1", "Deployment", name, KubeObjects.scalePatch(name, namespace, 0)))));
                    }
                }
                path.add(new Compensation(Kind.VERIFY_RECOVERY, "Query " + metrics + " again until "
                        + (triggers.size() == 1 ? "it is" : "they are") + " back within the thresholds on "
                        + previousText(), List.of()));
                List<String> hooks = webhooks(List.of("Failed", "RolledBack"));
                path.add(new Compensation(Kind.NOTIFY, hooks.isEmpty() ? "No webhook subscribes to Failed or RolledBack"
                        : "POST Failed and RolledBack to " + String.join(", ", hooks), List.of()));
                path.add(new Compensation(Kind.RECORD, "Record the cause (trigger, measured value, step) in the audit"
                        + " trail; down-migrations wait for release-policy rollback", List.of()));
            }
            return new RollbackPlan(previous, text(rb.path("image")), strings(rb.path("configMaps")), triggers, path);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static List<RollbackTrigger> triggers(JsonNode automatic) {
        List<RollbackTrigger> list = new ArrayList<>();
        for (JsonNode t : automatic) {
            boolean above = t.has("above");
            JsonNode value = above ? t.get("above") : t.path("below");
            BigDecimal threshold = value.isNumber() ? value.decimalValue() : BigDecimal.ZERO;
            list.add(new RollbackTrigger(t.path("metric").asString(), above ? ">" : "<", threshold,
                    text(t.path("for")).map(Durations::parse)));
        }
        return List.copyOf(list);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() && !n.asString().isEmpty() ? Optional.of(n.asString()) : Optional.empty();
    }

    private static List<String> strings(JsonNode n) {
        List<String> list = new ArrayList<>();
        n.forEach(v -> list.add(v.asString()));
        return list;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = NF.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String idPart(String detail) {
        return detail.replaceAll("[^A-Za-z0-9_.-]+", "-");
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
        return (colon >= 0 ? digest.substring(0, colon + 1) : "") + hex.substring(0, Math.min(12, hex.length()));
    }
}
