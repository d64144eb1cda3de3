package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.plan.KubeObjects;
import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.DataCompatibility;
import dev.releasepolicy.core.spec.IntOrPercent;
import dev.releasepolicy.core.spec.MonitoringSpec;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.RollbackSpec;
import dev.releasepolicy.core.spec.StepSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.Subsets;
import dev.releasepolicy.core.spec.TrafficRouting;
import dev.releasepolicy.core.spec.WrittenDuration;
import dev.releasepolicy.core.spec.WrittenNumber;
import dev.releasepolicy.core.window.Durations;
import dev.releasepolicy.core.workload.RecommendedLabels;
import dev.releasepolicy.core.workload.WorkloadFile;
import dev.releasepolicy.core.workload.WorkloadResolution;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a release as Argo Rollouts objects ({@code plan --format argo-rollouts}): one {@code Rollout}
 * and the {@code AnalysisTemplate}s of its analysis steps and automatic-rollback triggers, for teams that
 * hand the release to the Argo Rollouts controller. The output is multi-document YAML for
 * {@code kubectl apply}, after a comment that lists what must be done before applying and what Argo
 * cannot express (the release window, approvals by several people, the audit trail...), so nothing is
 * dropped silently.
 *
 * <p>Pure and deterministic: it reads only the typed {@link ReleaseSpec} and what the caller resolved of
 * the team's Deployment. The mapping (written down in docs/plan.md):
 * <ul>
 * <li>{@code spec.workload} → {@code workloadRef} to the team's Deployment (Argo then rolls out whatever
 * that Deployment's pod template holds); without one, a {@code template} made as the planner makes the
 * new version's Deployment.</li>
 * <li>Canary and Rolling → {@code strategy.canary}; blue-green with weighted steps → {@code strategy.canary}
 * too (Argo's blueGreen switches all traffic at once); other blue-green → {@code strategy.blueGreen}.</li>
 * <li>Analysis steps → {@code AnalysisTemplate}s named after the application, the metrics and the duration;
 * automatic-rollback triggers → one {@code <app>-automatic-rollback} template, run as the canary's
 * background analysis or as blue-green's post-promotion analysis, beside the template of
 * {@code blueGreen.postPromotionAnalysis}.</li>
 * </ul>
 */
public final class ArgoRollouts {

    /** The {@code plan --format} name. */
    public static final String FORMAT = "argo-rollouts";
    /** API version of the Argo Rollouts objects written (Argo Rollouts 1.9). */
    public static final String API_VERSION = "argoproj.io/v1alpha1";
    /** Argo's Gateway API traffic router plugin. */
    public static final String GATEWAY_PLUGIN = "argoproj-labs/gatewayAPI";

    /**
     * Argo measures a metric once without an interval; release-policy's executor measures every 10 s when a
     * metric names none (its documented default), so a measurement over a duration uses the same.
     */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private static final String MASKED_ADDRESS = "The Prometheus address carries a credential: it is masked here;"
            + " give Argo the credential through provider.prometheus.headers or authentication instead.";
    private static final String NO_ADDRESS = "spec.monitoring.address is not set: add provider.prometheus.address"
            + " to each metric of the AnalysisTemplates.";

    private ArgoRollouts() {}

    /**
     * The team's own Deployment of {@code spec.workload}, which the Rollout references.
     *
     * @param name          the Deployment's name
     * @param selector      its {@code spec.selector} (the Rollout's must select the same pods)
     * @param selectorKnown false for a live Deployment, whose selector is assumed to be {@code app: <application>}
     * @param container     the container whose image the release changes
     * @param source        where it was named: its file, or {@code deployment/NAME}
     */
    public record TeamDeployment(
            String name, JsonNode selector, boolean selectorKnown, String container, String source) {

        /**
         * The team's Deployment as {@code spec.workload} resolved: from its file when it was read, else the
         * live Deployment by name; empty without {@code spec.workload}.
         *
         * @param container {@code spec.workload.container}, when written
         */
        public static Optional<TeamDeployment> of(
                WorkloadResolution workload, String application, Optional<String> container) {
            if (workload.kind().isEmpty()) {
                return Optional.empty();
            }
            if (workload.file().isPresent()) {
                WorkloadFile f = workload.file().get();
                JsonNode d = f.deployment().tree();
                return Optional.of(new TeamDeployment(
                        d.path("metadata").path("name").asString(),
                        d.path("spec").path("selector"),
                        true,
                        f.container().path("name").asString(),
                        f.file()));
            }
            ObjectNode selector = NF.objectNode();
            selector.putObject("matchLabels").put("app", application);
            return Optional.of(new TeamDeployment(
                    workload.name(), selector, false, container.orElse(application), workload.source()));
        }
    }

    /**
     * The objects, and what the reader must know.
     *
     * @param objects      the Rollout first, then its AnalysisTemplates in the order first used
     * @param beforeApply  what must be done for the objects to release this version
     * @param notExpressed what the release asks for that Argo Rollouts does not do, one sentence each
     */
    public record Rendering(List<ObjectNode> objects, List<String> beforeApply, List<String> notExpressed) {

        public Rendering {
            objects = List.copyOf(objects);
            beforeApply = List.copyOf(beforeApply);
            notExpressed = List.copyOf(notExpressed);
        }

        /** The Rollout. */
        public ObjectNode rollout() {
            return objects.get(0);
        }

        /** The objects as multi-document YAML after the comment block. Same rendering, same bytes. */
        public void write(String headline, Appendable out) throws IOException {
            comment(out, headline);
            out.append("#\n");
            if (!beforeApply.isEmpty()) {
                out.append("# Before applying:\n");
                for (String b : beforeApply) {
                    item(out, b);
                }
            }
            out.append("# Not expressed by Argo Rollouts (release-policy checks or does these; Argo does not):\n");
            for (String n : notExpressed) {
                item(out, n);
            }
            for (ObjectNode o : objects) {
                out.append("---\n").append(KubeYaml.write(o));
            }
        }

        private static void item(Appendable out, String text) throws IOException {
            List<String> lines = wrap(text, 104);
            for (int i = 0; i < lines.size(); i++) {
                out.append(i == 0 ? "#   - " : "#     ").append(lines.get(i)).append('\n');
            }
        }

        private static void comment(Appendable out, String text) throws IOException {
            for (String line : wrap(text, 108)) {
                out.append("# ").append(line).append('\n');
            }
        }

        private static List<String> wrap(String text, int width) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
            return lines;
        }
    }

    /**
     * Renders a release.
     *
     * @param spec        the release's typed spec
     * @param release     {@code metadata.name} of the release manifest
     * @param fingerprint the plan's fingerprint, carried as an annotation
     * @param team        the team's Deployment of {@code spec.workload}; empty: the Rollout has its own template
     */
    public static Rendering render(
            ReleaseSpec spec, String release, String fingerprint, Optional<TeamDeployment> team) {
        return new Compilation(spec, release, fingerprint, team).compile();
    }

    /** The state of one rendering. */
    private static final class Compilation {
        final ReleaseSpec spec;
        final String release;
        final String fingerprint;
        final Optional<TeamDeployment> team;
        final Map<String, ObjectNode> templates = new LinkedHashMap<>();
        final List<String> beforeApply = new ArrayList<>();
        final List<String> notExpressed = new ArrayList<>();
        final Set<String> said = new LinkedHashSet<>();
        /** Template names by what they stand for, so that two purposes never share a name. */
        final Map<String, String> names = new LinkedHashMap<>();
        /** Blue-green: the triggers are watched after promotion, for a bounded time, not in the background. */
        boolean postPromotion;

        Compilation(ReleaseSpec spec, String release, String fingerprint, Optional<TeamDeployment> team) {
            this.spec = spec;
            this.release = release;
            this.fingerprint = fingerprint;
            this.team = team;
        }

        Rendering compile() {
            ObjectNode rollout = header("Rollout", spec.application());
            ObjectNode s = rollout.putObject("spec");
            s.put("replicas", spec.replicas());
            pods(s);
            spec.healthCheck().ifPresent(hc -> {
                // The planner's readiness timeout: a version not ready in time is rolled back, not waited for.
                s.put("progressDeadlineSeconds", seconds(hc.timeout().value()));
                s.put("progressDeadlineAbort", true);
            });
            ObjectNode strategy = s.putObject("strategy");
            switch (spec.strategy()) {
                case StrategySpec.Canary c -> {
                    canary(strategy, c.trafficRouting(), c.steps(), c.subsets());
                    c.postPromotionAnalysis()
                            .ifPresent(a -> lastCanaryStep(
                                    strategy, a, c.trafficRouting().isPresent()));
                }
                case StrategySpec.Rolling r -> rolling(strategy, r);
                case StrategySpec.BlueGreen b -> {
                    boolean weighted = b.steps().stream().anyMatch(StepSpec.SetWeight.class::isInstance);
                    if (b.trafficRouting().isPresent() && weighted) {
                        blueGreenAsCanary(strategy, b);
                    } else {
                        blueGreen(strategy, b);
                    }
                }
            }
            List<String> specific = List.copyOf(notExpressed);
            notExpressed.clear();
            lost();
            notExpressed.addAll(specific);
            notExpressed.addAll(said);
            List<ObjectNode> objects = new ArrayList<>();
            objects.add(rollout);
            objects.addAll(templates.values());
            return new Rendering(objects, beforeApply, notExpressed);
        }

        // ---- pods ----------------------------------------------------------------------------

        /** {@code workloadRef} to the team's Deployment, or a pod template of the Rollout's own. */
        void pods(ObjectNode s) {
            if (team.isPresent()) {
                TeamDeployment t = team.get();
                s.set("selector", t.selector().deepCopy());
                ObjectNode ref = s.putObject("workloadRef");
                ref.put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", t.name());
                // release-policy retires the team's Deployment (scaled to 0) once the new version takes over.
                ref.put("scaleDown", "onsuccess");
                beforeApply.add("Argo rolls out what the pod template of Deployment " + t.name() + " (" + t.source()
                        + ") holds: set its container " + t.container() + " to " + spec.image()
                        + " (kubectl -n " + spec.namespace() + " set image deployment/" + t.name() + " "
                        + t.container() + "=" + spec.image() + ", or in the file)"
                        + (spec.configMaps().isEmpty()
                                ? ""
                                : ", with its ConfigMap references naming " + String.join(", ", spec.configMaps()))
                        + " when applying this Rollout.");
                if (!t.selectorKnown()) {
                    beforeApply.add("The Rollout selects app=" + spec.application() + ": Deployment " + t.name()
                            + " is live only, so its selector could not be read; make spec.selector the same as"
                            + " the Deployment's.");
                }
                return;
            }
            ObjectNode deployment = KubeObjects.versionDeployment(new KubeObjects.Workload(
                    spec.application(),
                    spec.namespace(),
                    spec.version(),
                    spec.image(),
                    spec.replicas(),
                    spec.configMaps(),
                    spec.healthCheck(),
                    release,
                    fingerprint));
            // Argo keeps one selector across revisions: the application, never the version.
            s.putObject("selector").putObject("matchLabels").put("app", spec.application());
            s.set("template", deployment.path("spec").path("template").deepCopy());
        }

        // ---- strategies ----------------------------------------------------------------------

        void canary(ObjectNode strategy, Optional<TrafficRouting> routing, List<StepSpec> steps, Subsets subsets) {
            ObjectNode c = strategy.putObject("canary");
            routing.ifPresent(r -> trafficRouting(c, r, subsets, steps));
            ArrayNode out = c.putArray("steps");
            boolean routes = steps.stream()
                    .anyMatch(x -> x instanceof StepSpec.SetHeaderRoute || x instanceof StepSpec.SetMirrorRoute);
            if (routes && routing.isPresent()) {
                // release-policy runs the new version at full size beside the old one from the start; Argo
                // scales it with the weight, so a header or mirror route before the first weight would reach
                // no pod.
                out.addObject().putObject("setCanaryScale").put("replicas", spec.replicas());
            }
            for (StepSpec step : steps) {
                step(out, step, routing.isPresent());
            }
            backgroundAnalysis(c);
        }

        void rolling(ObjectNode strategy, StrategySpec.Rolling r) {
            // A canary without steps is Argo's rolling update.
            ObjectNode c = strategy.putObject("canary");
            c.set("maxSurge", intOrPercent(r.maxSurge()));
            c.set("maxUnavailable", intOrPercent(r.maxUnavailable()));
            backgroundAnalysis(c);
        }

        /** An Argo canary has no analysis after promotion: the checks become its last analysis step. */
        void lastCanaryStep(ObjectNode strategy, StepSpec.Analysis a, boolean routed) {
            step((ArrayNode) strategy.get("canary").get("steps"), a, routed);
            notExpressed.add("postPromotionAnalysis: an Argo canary has no analysis after promotion;"
                    + " it is written as the last analysis step, which Argo runs before promotion");
        }

        void blueGreenAsCanary(ObjectNode strategy, StrategySpec.BlueGreen b) {
            canary(strategy, b.trafficRouting(), b.steps(), b.subsets());
            b.postPromotionAnalysis().ifPresent(a -> lastCanaryStep(strategy, a, true));
            ObjectNode c = (ObjectNode) strategy.get("canary");
            b.keepPrevious().ifPresent(k -> c.put("scaleDownDelaySeconds", seconds(k.value())));
            notExpressed.add("Blue-green in weighted steps is written as an Argo canary (Argo's blueGreen switches all"
                    + " traffic at once): " + b.trafficRouting().orElseThrow().routerText()
                    + " carries the traffic, and Service " + b.service() + " is not switched to "
                    + b.subsets().next() + " at the end.");
            b.previewService()
                    .ifPresent(p -> notExpressed.add("The preview Service " + p
                            + " (spec.strategy.blueGreen.previewService) is not pointed at "
                            + b.subsets().next()
                            + ": Argo's canary has no preview Service."));
        }

        void blueGreen(ObjectNode strategy, StrategySpec.BlueGreen b) {
            ObjectNode bg = strategy.putObject("blueGreen");
            postPromotion = true;
            bg.put("activeService", b.service());
            b.previewService().ifPresent(p -> bg.put("previewService", p));
            b.trafficRouting()
                    .ifPresent(r -> notExpressed.add("spec.strategy.blueGreen.trafficRouting (" + r.routerText()
                            + ") is not used: Argo's blueGreen switches Service " + b.service() + " at once."));
            List<String> analyses = new ArrayList<>();
            boolean manual = false;
            Duration waits = Duration.ZERO;
            for (StepSpec step : b.steps()) {
                switch (step) {
                    case StepSpec.Analysis a -> {
                        String name = stepTemplate(a);
                        if (!analyses.contains(name)) {
                            analyses.add(name);
                        }
                    }
                    case StepSpec.Pause p -> {
                        if (p.duration().isPresent()) {
                            waits = waits.plus(p.duration().get().value());
                        } else {
                            manual = true;
                        }
                    }
                    // Only without a router (with one, weighted blue-green is written as a canary).
                    case StepSpec.SetWeight w ->
                        once("setWeight steps of a blue-green release without trafficRouting: the Service switches"
                                + " all at once, in release-policy as in Argo.");
                    case StepSpec.SetHeaderRoute h ->
                        notExpressed.add("setHeaderRoute " + h.name()
                                + ": Argo's blueGreen has no traffic router to add the route to.");
                    case StepSpec.SetMirrorRoute m ->
                        notExpressed.add("setMirrorRoute " + m.name()
                                + ": Argo's blueGreen has no traffic router to mirror with.");
                }
            }
            if (!analyses.isEmpty()) {
                ArrayNode list = bg.putObject("prePromotionAnalysis").putArray("templates");
                analyses.forEach(n -> list.addObject().put("templateName", n));
            }
            if (manual) {
                bg.put("autoPromotionEnabled", false);
            } else if (!waits.isZero()) {
                bg.put("autoPromotionSeconds", seconds(waits));
            }
            if (b.steps().size() > 1) {
                notExpressed.add("The order of the blue-green steps: Argo runs the pre-promotion analysis and the"
                        + (manual ? " wait for promotion" : " promotion delay") + " side by side.");
            }
            b.keepPrevious().ifPresent(k -> bg.put("scaleDownDelaySeconds", seconds(k.value())));
            // Argo runs the templates of postPromotionAnalysis as one AnalysisRun after the switch; a failure
            // switches the active Service back to blue, as release-policy does.
            List<String> post = new ArrayList<>();
            b.postPromotionAnalysis().ifPresent(a -> post.add(stepTemplate(a)));
            // One AnalysisRun refuses two metrics of the same name: a trigger on a checked metric is renamed.
            Set<String> checked = new LinkedHashSet<>(
                    b.postPromotionAnalysis().map(StepSpec.Analysis::metrics).orElse(List.of()));
            triggers(checked).ifPresent(name -> {
                post.add(name);
                notExpressed.add("Automatic rollback before the switch: Argo's blueGreen has no background analysis,"
                        + " so the triggers are watched only after promotion (postPromotionAnalysis), "
                        + b.keepPrevious()
                                .map(k -> "while " + b.subsets().current() + " is kept (" + k.text() + ")")
                                .orElse("for the shortest time that can see each trigger hold")
                        + ".");
            });
            if (!post.isEmpty()) {
                ArrayNode list = bg.putObject("postPromotionAnalysis").putArray("templates");
                post.forEach(n -> list.addObject().put("templateName", n));
            }
        }

        // ---- traffic routing -----------------------------------------------------------------

        void trafficRouting(ObjectNode c, TrafficRouting routing, Subsets subsets, List<StepSpec> steps) {
            ObjectNode tr = NF.objectNode();
            switch (routing) {
                case TrafficRouting.Istio i -> {
                    ObjectNode istio = tr.putObject("istio");
                    virtualService(istio, i.virtualService(), i.routes());
                    istio.putObject("destinationRule")
                            .put("name", i.destinationRule())
                            .put("canarySubsetName", subsets.next())
                            .put("stableSubsetName", subsets.current());
                    // A precondition of the objects, not a loss: the reader must act before applying.
                    beforeApply.add("DestinationRule " + i.destinationRule() + " must have the subsets "
                            + subsets.current() + " and " + subsets.next()
                            + ": Argo only sets their pod-template-hash label (release-policy adds the subsets and"
                            + " removes them afterwards).");
                }
                case TrafficRouting.IstioHosts h -> {
                    c.put("canaryService", h.canaryService()).put("stableService", h.stableService());
                    virtualService(tr.putObject("istio"), h.virtualService(), h.routes());
                }
                case TrafficRouting.GatewayApi g -> {
                    c.put("canaryService", g.canaryService()).put("stableService", g.stableService());
                    tr.putObject("plugins")
                            .putObject(GATEWAY_PLUGIN)
                            .put("httpRoute", g.httpRoute())
                            .put("namespace", spec.namespace());
                    if (!g.routes().isEmpty()) {
                        notExpressed.add("gatewayAPI.rules " + g.routes() + ": Argo's Gateway API plugin shifts the"
                                + " backendRefs of HTTPRoute " + g.httpRoute() + " without choosing rules by name.");
                    }
                }
            }
            Set<String> managed = new LinkedHashSet<>();
            for (StepSpec s : steps) {
                switch (s) {
                    case StepSpec.SetHeaderRoute h -> managed.add(h.name());
                    case StepSpec.SetMirrorRoute m -> managed.add(m.name());
                    case StepSpec.SetWeight w -> {}
                    case StepSpec.Pause p -> {}
                    case StepSpec.Analysis a -> {}
                }
            }
            if (!managed.isEmpty()) {
                ArrayNode list = tr.putArray("managedRoutes");
                managed.forEach(n -> list.addObject().put("name", n));
            }
            c.set("trafficRouting", tr);
        }

        void virtualService(ObjectNode istio, String name, List<String> routes) {
            ObjectNode vs = istio.putObject("virtualService").put("name", name);
            if (routes.isEmpty()) {
                notExpressed.add("VirtualService " + name + " without routes: release-policy shifts every HTTP route"
                        + " to the application; Argo accepts no routes only when the VirtualService has a single"
                        + " HTTP route (name them in trafficRouting.istio.routes otherwise).");
            } else {
                ArrayNode list = vs.putArray("routes");
                routes.forEach(list::add);
            }
        }

        // ---- steps ---------------------------------------------------------------------------

        void step(ArrayNode out, StepSpec step, boolean routed) {
            switch (step) {
                case StepSpec.SetWeight w -> out.addObject().put("setWeight", w.weight());
                case StepSpec.Pause p -> {
                    ObjectNode pause = out.addObject().putObject("pause");
                    p.duration().ifPresent(d -> pause.put("duration", goDuration(d)));
                }
                case StepSpec.Analysis a ->
                    out.addObject()
                            .putObject("analysis")
                            .putArray("templates")
                            .addObject()
                            .put("templateName", stepTemplate(a));
                case StepSpec.SetHeaderRoute h -> {
                    ObjectNode r = out.addObject().putObject("setHeaderRoute").put("name", h.name());
                    ArrayNode match = r.putArray("match");
                    h.match()
                            .forEach(m -> match.addObject()
                                    .put("headerName", m.header())
                                    .putObject("headerValue")
                                    .put(m.kind().key(), m.value()));
                    unrouted(routed, "setHeaderRoute " + h.name());
                }
                case StepSpec.SetMirrorRoute m -> {
                    ObjectNode r = out.addObject()
                            .putObject("setMirrorRoute")
                            .put("name", m.name())
                            .put("percentage", m.percentage());
                    // Without a match Argo removes the mirror: match every path, as release-policy mirrors.
                    r.putArray("match").addObject().putObject("path").put("prefix", "/");
                    unrouted(routed, "setMirrorRoute " + m.name());
                }
            }
        }

        void unrouted(boolean routed, String what) {
            if (!routed) {
                notExpressed.add(what + ": Argo needs trafficRouting to route by header or mirror.");
            }
        }

        // ---- analysis ------------------------------------------------------------------------

        /** The template of one analysis step, made once per metrics and duration; its name. */
        String stepTemplate(StepSpec.Analysis a) {
            String purpose = String.join("-", a.metrics())
                    + a.duration().map(d -> "-" + d.text()).orElse("");
            if (names.containsKey(purpose)) {
                return names.get(purpose);
            }
            String name = templateName(purpose);
            ObjectNode t = header("AnalysisTemplate", name);
            ObjectNode templateSpec = t.putObject("spec");
            ArrayNode metrics = templateSpec.putArray("metrics");
            List<MonitoringSpec.Metric> used = new ArrayList<>();
            for (String metricName : a.metrics()) {
                Optional<MonitoringSpec.Metric> def = spec.monitoring().metric(metricName);
                if (def.isEmpty()) {
                    notExpressed.add("Metric " + metricName + " is not in spec.monitoring.metrics: its analysis"
                            + " is left out.");
                    continue;
                }
                metrics.add(stepMetric(def.get(), a.duration()));
                used.add(def.get());
            }
            dryRun(templateSpec, used);
            templates.put(name, t);
            return name;
        }

        /**
         * One metric of an analysis step: measured every interval for the step's duration, or, without one,
         * {@code count} times (or until it settles). Both tools count failed measurements in total
         * ({@code failureLimit}), so a metric without a duration or count is measured failureLimit + 1 times.
         */
        ObjectNode stepMetric(MonitoringSpec.Metric m, Optional<WrittenDuration> duration) {
            ObjectNode out = NF.objectNode().put("name", m.name());
            int limit = m.failureLimit().orElse(m.check() instanceof Check.Webhook ? 0 : 2);
            if (m.failureLimit().isEmpty() && !(m.check() instanceof Check.Webhook)) {
                once("A metric without failureLimit fails an Argo analysis at its first failed measurement (Argo's"
                        + " default 0); release-policy tolerates 2. It is written as failureLimit 2.");
            }
            if (!m.check().numeric()) {
                // A Job or a webhook is one verdict: Argo runs it once.
                out.put("count", 1);
            } else if (m.count().isPresent()) {
                out.put("interval", goDuration(m.interval(), interval(m)));
                out.put("count", m.count().get());
            } else if (duration.isPresent()) {
                Duration interval = interval(m);
                // Argo's first measurement is at once, so count-1 intervals must cover the duration.
                long count = ceilDiv(duration.get().value(), interval) + 1;
                out.put("interval", goDuration(m.interval(), interval));
                out.put("count", Math.max(count, limit + 1));
            } else if (limit > 0) {
                out.put("interval", goDuration(m.interval(), interval(m)));
                out.put("count", limit + 1);
            } else {
                out.put("count", 1);
            }
            out.put("failureLimit", limit);
            knobs(m, out);
            condition(m).ifPresent(c -> out.put("successCondition", c));
            out.set("provider", provider(m));
            return out;
        }

        /** The knobs both tools share, under the same names. */
        void knobs(MonitoringSpec.Metric m, ObjectNode out) {
            m.inconclusiveLimit().ifPresent(v -> out.put("inconclusiveLimit", v));
            m.consecutiveErrorLimit().ifPresent(v -> out.put("consecutiveErrorLimit", v));
            m.initialDelay().ifPresent(d -> out.put("initialDelay", goDuration(Optional.of(d), d.value())));
        }

        /** The metrics measured but never deciding, as Argo's {@code spec.dryRun} of a template. */
        void dryRun(ObjectNode templateSpec, List<MonitoringSpec.Metric> metrics) {
            List<String> dry = metrics.stream()
                    .filter(MonitoringSpec.Metric::dryRun)
                    .map(MonitoringSpec.Metric::name)
                    .distinct()
                    .toList();
            if (!dry.isEmpty()) {
                ArrayNode list = templateSpec.putArray("dryRun");
                dry.forEach(n -> list.addObject().put("metricName", n));
            }
        }

        /** The interval of a metric, or release-policy's default when it names none (said once). */
        Duration interval(MonitoringSpec.Metric m) {
            if (m.interval().isEmpty()) {
                once("Metric " + m.name() + " has no interval: Argo measures it every "
                        + Durations.format(DEFAULT_INTERVAL) + ", release-policy's default.");
            }
            return m.interval().map(WrittenDuration::value).orElse(DEFAULT_INTERVAL);
        }

        /**
         * The healthy range of a numeric metric as an Argo condition: on the first value of a Prometheus
         * result, on the value at the JSON path of a web metric; none for a Job or a webhook (their verdict).
         */
        Optional<String> condition(MonitoringSpec.Metric m) {
            if (!m.check().numeric()) {
                return Optional.empty();
            }
            String value = m.check() instanceof Check.Web ? "result" : "result[0]";
            List<String> parts = new ArrayList<>();
            m.min().ifPresent(v -> parts.add(value + " >= " + number(v)));
            m.max().ifPresent(v -> parts.add(value + " <= " + number(v)));
            m.above().ifPresent(v -> parts.add(value + " > " + number(v)));
            m.below().ifPresent(v -> parts.add(value + " < " + number(v)));
            if (parts.isEmpty()) {
                once("Metric " + m.name() + " has no bound (min, max, above, below): every measurement of it"
                        + " passes.");
                return Optional.empty();
            }
            return Optional.of(String.join(" && ", parts));
        }

        /** Where the metric is measured: one method per kind of check. */
        ObjectNode provider(MonitoringSpec.Metric m) {
            return switch (m.check()) {
                case Check.Query q -> prometheus(q);
                case Check.Web w ->
                    web(m.name(), w.url(), w.method(), w.headers(), w.body(), Optional.of(w.jsonPath()), w.timeout());
                case Check.Job j -> job(j);
                case Check.Webhook h -> {
                    once("Metric " + m.name() + " (webhook): Argo's web provider counts an answer that is not 2xx as"
                            + " a measurement error (consecutiveErrorLimit), not as a failure.");
                    yield web(m.name(), h.url(), "POST", h.headers(), h.body(), Optional.empty(), h.timeout());
                }
            };
        }

        ObjectNode prometheus(Check.Query q) {
            ObjectNode provider = NF.objectNode();
            ObjectNode p = provider.putObject("prometheus");
            Optional<String> address = spec.monitoring().address();
            if (address.isPresent()) {
                String shown = Redaction.url(address.get());
                if (!shown.equals(address.get())) {
                    once(MASKED_ADDRESS);
                }
                p.put("address", shown);
            } else if (!beforeApply.contains(NO_ADDRESS)) {
                beforeApply.add(NO_ADDRESS);
            }
            p.put("query", q.query());
            return provider;
        }

        /** Argo's web provider; {@code ${env:NAME}} references must become Secrets before applying. */
        ObjectNode web(
                String metric,
                String url,
                String method,
                Map<String, String> headers,
                Optional<JsonNode> body,
                Optional<String> jsonPath,
                Optional<WrittenDuration> timeout) {
            ObjectNode provider = NF.objectNode();
            ObjectNode w = provider.putObject("web");
            w.put("url", Redaction.url(url));
            w.put("method", method);
            if (!headers.isEmpty()) {
                ArrayNode list = w.putArray("headers");
                headers.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
            }
            if (url.contains("${env:") || headers.values().stream().anyMatch(v -> v.contains("${env:"))) {
                beforeApply.add("Metric " + metric + " reads ${env:...} in its URL or headers, which Argo does not"
                        + " resolve: put the value in a Secret and refer to it through the AnalysisTemplate's"
                        + " args (valueFrom.secretKeyRef).");
            }
            body.ifPresent(b -> w.put("body", b.toString()));
            jsonPath.ifPresent(p -> w.put("jsonPath", "{" + p + "}"));
            timeout.ifPresent(t -> w.put("timeoutSeconds", Math.max(1, t.value().toSeconds())));
            return provider;
        }

        /** Argo's job provider: the check's container in a Job that is not retried. */
        ObjectNode job(Check.Job j) {
            ObjectNode provider = NF.objectNode();
            ObjectNode jobSpec = provider.putObject("job").putObject("spec");
            jobSpec.put("backoffLimit", 0);
            j.timeout()
                    .ifPresent(t -> jobSpec.put(
                            "activeDeadlineSeconds", Math.max(1, t.value().toSeconds())));
            ObjectNode pod = jobSpec.putObject("template").putObject("spec");
            pod.put("restartPolicy", "Never");
            ObjectNode c =
                    pod.putArray("containers").addObject().put("name", "check").put("image", j.image());
            if (!j.command().isEmpty()) {
                ArrayNode command = c.putArray("command");
                j.command().forEach(command::add);
            }
            if (!j.args().isEmpty()) {
                ArrayNode args = c.putArray("args");
                j.args().forEach(args::add);
            }
            if (!j.env().isEmpty()) {
                ArrayNode env = c.putArray("env");
                j.env().forEach((k, v) -> env.addObject().put("name", k).put("value", v));
            }
            return provider;
        }

        /**
         * The automatic-rollback triggers as one template: a failure condition per trigger, measured at the
         * metric's interval until the rollout ends; its name, or empty without triggers.
         */
        Optional<String> triggers() {
            return triggers(Set.of());
        }

        /**
         * The triggers' template, its metric names kept apart from {@code taken} (the metrics of another
         * template of the same AnalysisRun).
         */
        Optional<String> triggers(Set<String> taken) {
            List<RollbackSpec.Trigger> automatic = spec.rollback().automatic();
            if (automatic.isEmpty()) {
                return Optional.empty();
            }
            // The leading space keeps this purpose apart from any analysis step's metrics.
            String name = templateName(" automatic-rollback");
            ObjectNode t = header("AnalysisTemplate", name);
            ArrayNode metrics = t.putObject("spec").putArray("metrics");
            Set<String> metricNames = new LinkedHashSet<>(taken);
            for (int i = 0; i < automatic.size(); i++) {
                RollbackSpec.Trigger trigger = automatic.get(i);
                Optional<MonitoringSpec.Metric> def = spec.monitoring().metric(trigger.metric());
                if (def.isEmpty()) {
                    notExpressed.add("spec.rollback.automatic[" + i + "]: metric " + trigger.metric()
                            + " is not in spec.monitoring.metrics, so it is left out.");
                    continue;
                }
                MonitoringSpec.Metric m = def.get();
                String metricName = metricNames.add(m.name()) ? m.name() : m.name() + "-" + i;
                metricNames.add(metricName);
                ObjectNode out = metrics.addObject().put("name", metricName);
                Duration interval = interval(m);
                out.put("interval", goDuration(m.interval(), interval));
                Duration hold =
                        trigger.forDuration().map(WrittenDuration::value).orElse(Duration.ZERO);
                // A breach that holds for `for` fails that many measurements after the first one.
                long limit = ceilDiv(hold, interval);
                if (postPromotion) {
                    Duration watch = keepPrevious().orElse(hold.plus(interval));
                    out.put("count", ceilDiv(watch, interval) + 1);
                }
                out.put("failureLimit", limit);
                knobs(m, out);
                out.put(
                        "failureCondition",
                        (m.check() instanceof Check.Web ? "result " : "result[0] ")
                                + (trigger.above().isPresent() ? ">" : "<") + " "
                                + number(trigger.above().or(trigger::below).orElseThrow()));
                out.set("provider", provider(m));
                if (!hold.isZero()) {
                    notExpressed.add("spec.rollback.automatic[" + i + "] (" + m.name() + " for "
                            + trigger.forDuration().orElseThrow().text() + "): Argo counts failed measurements over"
                            + " the whole run, not in a row, so it is written as failureLimit " + limit
                            + " at interval " + goDuration(m.interval(), interval) + ".");
                }
            }
            templates.put(name, t);
            return Optional.of(name);
        }

        Optional<Duration> keepPrevious() {
            return spec.strategy() instanceof StrategySpec.BlueGreen b
                    ? b.keepPrevious().map(WrittenDuration::value)
                    : Optional.empty();
        }

        /** The triggers as a canary's background analysis, from the first step to the end. */
        void backgroundAnalysis(ObjectNode canary) {
            triggers()
                    .ifPresent(name -> canary.putObject("analysis")
                            .putArray("templates")
                            .addObject()
                            .put("templateName", name));
        }

        // ---- what Argo cannot express --------------------------------------------------------

        void lost() {
            spec.window()
                    .ifPresent(w -> notExpressed.add("The release window (spec.window, " + w.timezone() + "): Argo"
                            + " starts as soon as the Rollout changes; apply only while verify passes (release"
                            + " window open, no freeze)."));
            if (spec.approvals().required() > 0) {
                int n = spec.approvals().required();
                notExpressed.add("Approvals (spec.approvals: " + n + " of "
                        + (spec.approvals().approvers().isEmpty()
                                ? "anyone"
                                : String.join(", ", spec.approvals().approvers()))
                        + "): Argo has no approvers; a pause without duration waits for one promote by anyone"
                        + " allowed to patch the Rollout.");
            }
            notExpressed.add("The audit trail: Argo records no tamper-evident entry per release operation, only the"
                    + " Rollout's status and Kubernetes events.");
            spec.rollback()
                    .to()
                    .ifPresent(to -> notExpressed.add("The rollback target (spec.rollback.to " + to + "): Argo rolls"
                            + " back to the revision that ran before, whatever its version"
                            + (spec.rollback().configMaps().isEmpty()
                                    ? ""
                                    : ", with the ConfigMaps that revision names")
                            + "."));
            if (!spec.rollback().automatic().isEmpty()) {
                notExpressed.add("After an automatic rollback release-policy checks that the metrics recovered and"
                        + " records the cause; Argo aborts and stops there.");
            }
            spec.rollback()
                    .rehearsed()
                    .ifPresent(r -> notExpressed.add(
                            "The rollback rehearsal (spec.rollback.rehearsed) is checked by" + " verify only."));
            if (!spec.dataCompatibility().migrations().isEmpty()) {
                notExpressed.add("Database migrations ("
                        + String.join(
                                ", ",
                                spec.dataCompatibility().migrations().stream()
                                        .map(DataCompatibility.Migration::id)
                                        .toList())
                        + "): Argo runs none before traffic moves and no down-migration on rollback.");
            }
            if (spec.dataCompatibility().schemaChanges().isPresent()
                    || spec.dataCompatibility().backwardCompatible().isPresent()
                    || spec.dataCompatibility().forwardCompatible().isPresent()) {
                notExpressed.add("Data compatibility (spec.dataCompatibility) is checked by verify only.");
            }
            if (!spec.checklist().isEmpty()) {
                notExpressed.add("The pre-release checklist (spec.checklist) is checked by verify only.");
            }
            if (!spec.notifications().isEmpty()) {
                int n = spec.notifications().size();
                notExpressed.add("Notifications (" + n + " webhook" + (n == 1 ? "" : "s") + " in spec.notifications):"
                        + " Argo sends its own messages, in its own format, only through argo-rollouts-notification"
                        + "-configmap and notifications.argoproj.io subscriptions on the Rollout.");
            }
            if (!spec.monitoring().dashboards().isEmpty()
                    || !spec.monitoring().alerts().isEmpty()) {
                notExpressed.add("Dashboards and alert rules (spec.monitoring) are checked by verify only.");
            }
        }

        void once(String note) {
            said.add(note);
        }

        // ---- objects and values --------------------------------------------------------------

        ObjectNode header(String kind, String name) {
            ObjectNode o = NF.objectNode();
            o.put("apiVersion", API_VERSION).put("kind", kind);
            ObjectNode m = o.putObject("metadata").put("name", name).put("namespace", spec.namespace());
            m.putObject("labels")
                    .put("app", spec.application())
                    .put(RecommendedLabels.MANAGED_BY, RecommendedLabels.TOOL);
            m.putObject("annotations")
                    .put(KubeObjects.RELEASE_ANNOTATION, release)
                    .put(KubeObjects.FINGERPRINT_ANNOTATION, fingerprint);
            return o;
        }

        /**
         * {@code <app>-<purpose>} as a DNS name, such as {@code orders-api-errorrate-latencyp99-5m}; a purpose
         * whose name another one already has (the slug folds case) gets a number.
         */
        String templateName(String purpose) {
            String base = KubeObjects.slug(spec.application() + "-" + purpose);
            String name = base;
            for (int n = 2; names.containsValue(name); n++) {
                name = base + "-" + n;
            }
            names.put(purpose, name);
            return name;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static JsonNode intOrPercent(IntOrPercent v) {
        return v.isPercent() ? NF.stringNode(v.text()) : NF.numberNode(v.pods());
    }

    private static long seconds(Duration d) {
        return d.getSeconds();
    }

    private static long ceilDiv(Duration a, Duration b) {
        long x = a.toMillis();
        long y = b.toMillis();
        return (x + y - 1) / y;
    }

    private static String number(WrittenNumber n) {
        return n.value().toPlainString();
    }

    /** A duration as Go's time.ParseDuration reads it (Argo's format): as written when it already is one. */
    static String goDuration(WrittenDuration d) {
        return goDuration(Optional.of(d), d.value());
    }

    private static String goDuration(Optional<WrittenDuration> written, Duration value) {
        if (written.isPresent()
                && written.get().text().matches("(\\d+h)?(\\d+m)?(\\d+s)?")
                && !written.get().text().isEmpty()) {
            return written.get().text();
        }
        StringBuilder b = new StringBuilder();
        long h = value.toHours();
        int m = value.toMinutesPart();
        int s = value.toSecondsPart();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0 || b.isEmpty()) {
            b.append(s).append('s');
        }
        return b.toString();
    }
}
