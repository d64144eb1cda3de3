package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.HealthCheck;
import dev.releasepolicy.core.spec.IntOrPercent;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.workload.RecommendedLabels;
import dev.releasepolicy.core.workload.VersionNames;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the Kubernetes objects a plan makes itself (a version's Deployment, merge patches) as the
 * executor sends them; the team's Istio objects are never rendered whole, only edited (see
 * {@link Routing}). Field order is fixed, so the plan file is byte-stable. Every object carries the
 * labels {@code app} and
 * {@code version} (where it selects or runs a version) and {@code app.kubernetes.io/managed-by}; a Deployment
 * it creates carries all the {@link RecommendedLabels} on its metadata (never in its selector or pod template).
 */
public final class KubeObjects {

    /** API version of the Istio objects. */
    public static final String ISTIO_API = "networking.istio.io/v1";

    /** The API version of the Gateway API HTTPRoutes the release edits. */
    public static final String GATEWAY_API = "gateway.networking.k8s.io/v1";
    /** Label that says the tool manages an object. */
    public static final String MANAGED_BY = RecommendedLabels.MANAGED_BY;
    /** Annotation naming the release manifest. */
    public static final String RELEASE_ANNOTATION = "releasepolicy.dev/release";
    /** Annotation carrying the plan's fingerprint. */
    public static final String FINGERPRINT_ANNOTATION = "releasepolicy.dev/fingerprint";

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private KubeObjects() {}

    /** What a Deployment of one version runs. */
    public record Workload(
            String application,
            String namespace,
            String version,
            String image,
            int replicas,
            List<String> configMaps,
            Optional<HealthCheck> healthCheck,
            String release,
            String fingerprint) {
        public Workload {
            configMaps = List.copyOf(configMaps);
        }

        /** The same workload at another size (a canary without a router starts at its first step's size). */
        public Workload withReplicas(int count) {
            return new Workload(
                    application, namespace, version, image, count, configMaps, healthCheck, release, fingerprint);
        }
    }

    /** {@code <app>-<version slug>}: the Deployment of one version, such as {@code web-frontend-3-2-0}. */
    public static String deploymentName(String application, String version) {
        return VersionNames.deploymentName(application, version);
    }

    /** A version as a DNS label part: lower case, other characters as {@code -}. */
    public static String slug(String text) {
        return VersionNames.slug(text);
    }

    /** A version as a label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    public static String labelValue(String text) {
        return VersionNames.labelValue(text);
    }

    /** The Deployment of one version (blue-green and canary: one Deployment per version). */
    public static ObjectNode versionDeployment(Workload w) {
        ObjectNode selector = labels(w.application(), w.version());
        return deployment(w, deploymentName(w.application(), w.version()), selector, Optional.empty());
    }

    /**
     * The application's one Deployment, updated in place by a rolling update.
     *
     * @param rolling {@code spec.strategy.rolling} (maxSurge, maxUnavailable)
     */
    public static ObjectNode rollingDeployment(Workload w, StrategySpec.Rolling rolling) {
        ObjectNode selector = NF.objectNode().put("app", w.application());
        ObjectNode strategy = NF.objectNode().put("type", "RollingUpdate");
        ObjectNode ru = strategy.putObject("rollingUpdate");
        ru.set("maxSurge", intOrPercent(rolling.maxSurge()));
        ru.set("maxUnavailable", intOrPercent(rolling.maxUnavailable()));
        return deployment(w, w.application(), selector, Optional.of(strategy));
    }

    /** Kubernetes wants a percentage as a string and a number of pods as an integer. */
    private static JsonNode intOrPercent(IntOrPercent v) {
        return v.isPercent() ? NF.stringNode(v.text()) : NF.numberNode(v.pods());
    }

    private static ObjectNode deployment(Workload w, String name, ObjectNode selector, Optional<ObjectNode> strategy) {
        ObjectNode d = header("apps/v1", "Deployment", name, w.namespace(), w.application(), Optional.of(w.version()));
        RecommendedLabels.put(
                (ObjectNode) d.path("metadata").path("labels"), w.application(), name, labelValue(w.version()));
        ObjectNode annotations = ((ObjectNode) d.get("metadata")).putObject("annotations");
        annotations.put(RELEASE_ANNOTATION, w.release());
        annotations.put(FINGERPRINT_ANNOTATION, w.fingerprint());
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", w.replicas());
        spec.putObject("selector").set("matchLabels", selector);
        strategy.ifPresent(s -> spec.set("strategy", s));
        w.healthCheck()
                .ifPresent(hc ->
                        spec.put("progressDeadlineSeconds", hc.timeout().value().getSeconds()));
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").set("labels", labels(w.application(), w.version()));
        ObjectNode container = template.putObject("spec").putArray("containers").addObject();
        container.put("name", w.application());
        container.put("image", w.image());
        if (!w.configMaps().isEmpty()) {
            ArrayNode envFrom = container.putArray("envFrom");
            w.configMaps()
                    .forEach(cm -> envFrom.addObject().putObject("configMapRef").put("name", cm));
        }
        w.healthCheck().ifPresent(hc -> {
            container.putArray("ports").addObject().put("name", "http").put("containerPort", hc.port());
            ObjectNode probe = container.putObject("readinessProbe");
            probe.putObject("httpGet").put("path", hc.path()).put("port", hc.port());
            hc.initialDelay()
                    .ifPresent(delay ->
                            probe.put("initialDelaySeconds", delay.value().getSeconds()));
            probe.put("periodSeconds", 5);
            probe.put("failureThreshold", 3);
        });
        return d;
    }

    /** JSON merge patch that scales a Deployment. */
    public static ObjectNode scalePatch(String name, String namespace, int replicas) {
        ObjectNode p = patch("apps/v1", "Deployment", name, namespace);
        p.putObject("spec").put("replicas", replicas);
        return p;
    }

    /** JSON merge patch of a Service's selector to {@code {app, version}} (the blue-green switch). */
    public static ObjectNode serviceSelectorPatch(
            String service, String namespace, String application, String version) {
        ObjectNode p = patch("v1", "Service", service, namespace);
        p.putObject("spec").set("selector", labels(application, version));
        return p;
    }

    /**
     * JSON merge patch of a Service's {@code spec.selector.version} alone (the blue-green preview Service):
     * the team's other selector keys are left as they are.
     */
    public static ObjectNode serviceVersionPatch(String service, String namespace, String version) {
        ObjectNode p = patch("v1", "Service", service, namespace);
        p.putObject("spec").putObject("selector").put("version", labelValue(version));
        return p;
    }

    /** JSON merge patch that labels a version's ConfigMap with {@code app} and {@code version}. */
    public static ObjectNode configMapLabelPatch(String name, String namespace, String application, String version) {
        ObjectNode p = patch("v1", "ConfigMap", name, namespace);
        ((ObjectNode) p.get("metadata")).set("labels", labels(application, version));
        return p;
    }

    /** The head of a JSON merge patch: the object's kind, name and namespace. */
    private static ObjectNode patch(String apiVersion, String kind, String name, String namespace) {
        ObjectNode p = NF.objectNode();
        p.put("apiVersion", apiVersion);
        p.put("kind", kind);
        p.putObject("metadata").put("name", name).put("namespace", namespace);
        return p;
    }

    private static ObjectNode header(
            String apiVersion,
            String kind,
            String name,
            String namespace,
            String application,
            Optional<String> version) {
        ObjectNode o = NF.objectNode();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode m = o.putObject("metadata");
        m.put("name", name);
        m.put("namespace", namespace);
        ObjectNode l = m.putObject("labels");
        l.put("app", application);
        version.ifPresent(v -> l.put("version", labelValue(v)));
        l.put(MANAGED_BY, "release-policy");
        return o;
    }

    private static ObjectNode labels(String application, String version) {
        return NF.objectNode().put("app", application).put("version", labelValue(version));
    }
}
