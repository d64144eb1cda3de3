package dev.releasepolicy.executor.testing;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.KubeObjects;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanInputs;
import dev.releasepolicy.core.plan.Planner;
import dev.releasepolicy.core.plan.PolicySetDigest;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.routing.ServiceHost;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.template.MetricTemplates;
import dev.releasepolicy.executor.kube.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three reference releases of {@code examples/}, planned with {@code --now 2026-12-01T15:00:00Z},
 * and the cluster as it is before each: the previous version's Deployment (ready), both versions'
 * ConfigMaps, the Service, an Istio VirtualService sending all traffic to the Service, and the team's
 * DestinationRule of that host (mutual TLS, no subsets yet).
 */
public final class ReferenceReleases {

    /** The pinned clock of the examples (Tuesday 23:00 in Asia/Shanghai, inside their window). */
    public static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    /** The example files. */
    public static final List<String> EXAMPLES = List.of("blue-green-web.yaml", "canary-api.yaml", "auto-rollback.yaml");

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private ReferenceReleases() {}

    /** The examples folder of the repository. */
    public static Path examples() {
        Path p = Path.of("../examples");
        return p.toFile().isDirectory() ? p : Path.of("examples");
    }

    /** The plan of an example, as {@code plan --now 2026-12-01T15:00:00Z} makes it. */
    public static Plan plan(String example) {
        return planOf(examples().resolve(example), "examples/" + example, NOW);
    }

    /** Plans a manifest file (its only Release document) at {@code now}, with the default rule set. */
    public static Plan planOf(Path manifestFile, String displayName, Instant now) {
        List<Manifest> releases = new ManifestLoader()
                .load(manifestFile, displayName).manifests().stream()
                        .filter(m -> "Release".equals(m.kind()))
                        .toList();
        if (releases.size() != 1) {
            throw new AssertionError(manifestFile + " holds " + releases.size() + " release manifests, expected one");
        }
        Manifest asWritten = releases.get(0);
        return new Planner()
                .plan(asWritten, expanded(manifestFile, asWritten), PlanInputs.of(now, PolicySetDigest.current()));
    }

    /**
     * The manifest with the metric templates of its folder's {@code .release-policy.yaml} expanded, as
     * {@code plan} run in that folder reads it (examples/checks-canary/); as written when there is none.
     */
    static Manifest expanded(Path manifestFile, Manifest asWritten) {
        Path config = manifestFile.resolveSibling(PolicyConfig.DEFAULT_FILE);
        if (!Files.isRegularFile(config)) {
            return asWritten;
        }
        MetricTemplates templates = PolicyConfig.load(config).metricTemplates();
        if (!templates.problems().isEmpty()) {
            throw new AssertionError(config + ": " + templates.problems());
        }
        MetricTemplates.Expansion expansion = templates.expand(asWritten);
        if (!expansion.findings().isEmpty()) {
            throw new AssertionError(manifestFile + ": " + expansion.findings());
        }
        return expansion.manifest();
    }

    /** An example's manifest as data. */
    public static JsonNode manifest(String example) {
        return new ManifestLoader()
                .load(examples().resolve(example), "examples/" + example)
                .manifests()
                .get(0)
                .tree();
    }

    /** The previous version's Deployment name. */
    public static String previousDeployment(String example) {
        JsonNode spec = manifest(example).path("spec");
        return KubeObjects.deploymentName(
                spec.path("application").asString(),
                spec.path("rollback").path("to").asString());
    }

    /** The new version's Deployment name. */
    public static String newDeployment(String example) {
        JsonNode spec = manifest(example).path("spec");
        return KubeObjects.deploymentName(
                spec.path("application").asString(), spec.path("version").asString());
    }

    /** The Service that carries the application's traffic. */
    public static String service(String example) {
        JsonNode spec = manifest(example).path("spec");
        String app = spec.path("application").asString();
        return spec.path("strategy").path("blueGreen").path("service").asString(app);
    }

    /** The VirtualService of an example. */
    public static ObjectRef virtualService(String example) {
        JsonNode spec = manifest(example).path("spec");
        String type = spec.path("strategy").path("type").asString();
        JsonNode settings = spec.path("strategy").path(type.equals("BlueGreen") ? "blueGreen" : "canary");
        return new ObjectRef(
                KubeObjects.ISTIO_API,
                "VirtualService",
                spec.path("namespace").asString(),
                settings.path("trafficRouting")
                        .path("istio")
                        .path("virtualService")
                        .asString());
    }

    /**
     * Creates the cluster as it is before the example's release ({@code example} may also be an absolute
     * path to a manifest elsewhere); a VirtualService only when the release routes traffic with one.
     */
    public static void seed(Cluster cluster, String example) {
        JsonNode spec = manifest(example).path("spec");
        String app = spec.path("application").asString();
        String ns = spec.path("namespace").asString();
        String prev = spec.path("rollback").path("to").asString();
        String type = spec.path("strategy").path("type").asString();
        List<String> newMaps = strings(spec.path("configMaps"));
        List<String> oldMaps = strings(spec.path("rollback").path("configMaps"));
        for (String cm : newMaps) {
            cluster.create(configMap(cm, ns, app, spec.path("version").asString()));
        }
        for (String cm : oldMaps) {
            cluster.create(configMap(cm, ns, app, prev));
        }
        Path file = examples().resolve(example);
        ReleaseSpec typed = new ManifestLoader()
                .load(file, "examples/" + example).manifests().stream()
                        .map(m -> ReleaseSpec.of(expanded(file, m)))
                        .findFirst()
                        .orElseThrow();
        KubeObjects.Workload old = new KubeObjects.Workload(
                app,
                ns,
                prev,
                spec.path("rollback").path("image").asString(),
                spec.path("replicas").asInt(),
                oldMaps,
                typed.healthCheck(),
                app + "-previous",
                "sha256:previous");
        JsonNode deployment = typed.strategy() instanceof StrategySpec.Rolling rolling
                ? KubeObjects.rollingDeployment(old, rolling)
                : KubeObjects.versionDeployment(old);
        Controllers.markReady(cluster, cluster.create(deployment));

        ObjectNode svc = NF.objectNode();
        svc.put("apiVersion", "v1");
        svc.put("kind", "Service");
        svc.putObject("metadata")
                .put("name", service(example))
                .put("namespace", ns)
                .putObject("labels")
                .put("app", app);
        ObjectNode svcSpec = svc.putObject("spec");
        ObjectNode selector = svcSpec.putObject("selector").put("app", app);
        if (type.equals("BlueGreen")) {
            selector.put("version", KubeObjects.labelValue(prev));
        }
        svcSpec.putArray("ports")
                .addObject()
                .put("name", "http")
                .put("port", 80)
                .put("targetPort", spec.path("healthCheck").path("port").asInt(8080));
        cluster.create(svc);

        boolean routed = spec.path("strategy")
                .path(type.equals("BlueGreen") ? "blueGreen" : "canary")
                .has("trafficRouting");
        if (!type.equals("Rolling") && routed) {
            ObjectRef vsRef = virtualService(example);
            String host = new ServiceHost(service(example), ns).fqdn();
            ObjectNode vs = NF.objectNode();
            vs.put("apiVersion", vsRef.apiVersion());
            vs.put("kind", "VirtualService");
            vs.putObject("metadata")
                    .put("name", vsRef.name())
                    .put("namespace", ns)
                    .putObject("labels")
                    .put("app", app);
            ObjectNode vsSpec = vs.putObject("spec");
            vsSpec.putArray("hosts").add(host);
            ArrayNode http = vsSpec.putArray("http");
            List<String> routes = strings(spec.path("strategy")
                    .path(type.equals("BlueGreen") ? "blueGreen" : "canary")
                    .path("trafficRouting")
                    .path("istio")
                    .path("routes"));
            for (String r : routes.isEmpty() ? List.of("primary") : routes) {
                ObjectNode route = http.addObject().put("name", r);
                route.putArray("route").addObject().putObject("destination").put("host", host);
            }
            cluster.create(vs);
            // The team's DestinationRule of the host: the release adds its subsets to it, never creates it.
            ObjectNode dr = NF.objectNode();
            dr.put("apiVersion", vsRef.apiVersion());
            dr.put("kind", "DestinationRule");
            dr.putObject("metadata")
                    .put("name", destinationRule(example))
                    .put("namespace", ns)
                    .putObject("labels")
                    .put("app", app);
            ObjectNode drSpec = dr.putObject("spec").put("host", host);
            drSpec.putObject("trafficPolicy").putObject("tls").put("mode", "ISTIO_MUTUAL");
            cluster.create(dr);
        }
    }

    /** The DestinationRule of an example (named after the application unless the manifest names it). */
    public static String destinationRule(String example) {
        JsonNode spec = manifest(example).path("spec");
        String type = spec.path("strategy").path("type").asString();
        return spec.path("strategy")
                .path(type.equals("BlueGreen") ? "blueGreen" : "canary")
                .path("trafficRouting")
                .path("istio")
                .path("destinationRule")
                .asString(spec.path("application").asString());
    }

    private static JsonNode configMap(String name, String ns, String app, String version) {
        ObjectNode cm = NF.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", ns);
        cm.putObject("data").put("APP", app).put("VERSION", version);
        return cm;
    }

    /** The weight the VirtualService body gives to a subset on its first route (0 when absent). */
    public static int weightOf(JsonNode virtualService, String subset) {
        for (JsonNode d : virtualService.path("spec").path("http").path(0).path("route")) {
            if (subset.equals(d.path("destination").path("subset").asString(""))) {
                return d.path("weight").asInt(100);
            }
        }
        return 0;
    }

    /** Strings of a JSON array. */
    public static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** An object that must exist. */
    public static JsonNode live(Cluster cluster, ObjectRef ref) {
        Optional<JsonNode> o = cluster.get(ref);
        if (o.isEmpty()) {
            throw new AssertionError(ref + " does not exist");
        }
        return o.get();
    }
}
