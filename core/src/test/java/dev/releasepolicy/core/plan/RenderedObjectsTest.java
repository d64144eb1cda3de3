package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every object a plan sends (its steps' and compensations' and the automatic rollback's) validates
 * against the upstream schemas copied into test resources: Kubernetes 1.36 standalone-strict for
 * Deployment, Service and ConfigMap, Istio 1.25 for VirtualService and DestinationRule, Gateway API 1.6.1
 * for HTTPRoute. Merge patches
 * are validated with the schema's {@code required} lists removed (a patch is a partial object). The
 * Istio schemas describe only spec and status, so apiVersion, kind and metadata are checked here. An
 * edit of the team's object is validated as the object it produces from a team object of that name
 * ({@link #teamObject}): one HTTP route per managed route name to the edit's host, a DestinationRule
 * with mutual TLS and a subset of its own, the team's Deployment of the routing fixtures.
 */
class RenderedObjectsTest {

    record Schemas(Schema full, Schema partial) {}

    static final Map<String, Schemas> BY_KIND = Map.of(
            "Deployment", load("kubernetes/v1.36.0/deployment-apps-v1.json"),
            "Service", load("kubernetes/v1.36.0/service-v1.json"),
            "ConfigMap", load("kubernetes/v1.36.0/configmap-v1.json"),
            "Job", load("kubernetes/v1.36.0/job-batch-v1.json"),
            "VirtualService", load("istio/virtualservice-networking-v1.json"),
            "DestinationRule", load("istio/destinationrule-networking-v1.json"),
            "HTTPRoute", load("gateway-api/httproute-gateway-v1.json"));

    static Schemas load(String path) {
        try (InputStream in = RenderedObjectsTest.class.getResourceAsStream("/reference/" + path)) {
            ObjectNode tree = (ObjectNode) JsonMapper.shared().readTree(in);
            // "http://json-schema.org/schema#" names no draft; the files are draft-4 style (OpenAPI v3 subset).
            tree.remove("$schema");
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
            ObjectNode partial = tree.deepCopy();
            stripRequired(partial);
            return new Schemas(registry.getSchema(tree), registry.getSchema(partial));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void stripRequired(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("required").isArray()) {
                o.remove("required");
            }
            o.properties().forEach(e -> stripRequired(e.getValue()));
        } else if (node.isArray()) {
            node.forEach(RenderedObjectsTest::stripRequired);
        }
    }

    static List<ObjectChange> objectsOf(Plan plan) {
        List<ObjectChange> all = new ArrayList<>();
        for (PlanStep s : plan.steps()) {
            all.addAll(s.objects());
            all.addAll(s.compensation().objects());
        }
        plan.rollback().automaticPath().forEach(c -> all.addAll(c.objects()));
        all.addAll(plan.rollback().afterRollbackJobs());
        return all;
    }

    static List<String> problems(ObjectChange change) {
        List<String> problems = new ArrayList<>();
        if (change.operation() == Operation.DELETE) {
            if (change.body().isPresent()) {
                problems.add("a delete carries no body");
            }
            return problems;
        }
        JsonNode body = change.operation() == Operation.EDIT || change.operation() == Operation.CREATE_FROM
                ? change.edit().orElseThrow().apply(teamObject(change))
                : change.body().orElseThrow();
        Schemas schemas = BY_KIND.get(change.kind());
        if (schemas == null) {
            problems.add("no reference schema for kind " + change.kind());
            return problems;
        }
        if (!change.apiVersion().equals(body.path("apiVersion").asString())) {
            problems.add("apiVersion " + body.path("apiVersion") + " differs from " + change.apiVersion());
        }
        if (!change.kind().equals(body.path("kind").asString())) {
            problems.add("kind " + body.path("kind") + " differs from " + change.kind());
        }
        if (!change.name().equals(body.path("metadata").path("name").asString())
                || !change.namespace()
                        .equals(body.path("metadata").path("namespace").asString())) {
            problems.add("metadata.name/namespace differ from the change's");
        }
        if (change.apiVersion().startsWith("networking.istio.io/")) {
            if (!change.apiVersion().equals(KubeObjects.ISTIO_API)) {
                problems.add("Istio objects use " + KubeObjects.ISTIO_API);
            }
            for (String key : List.of("name", "namespace")) {
                if (!body.path("metadata").path(key).asString("").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                    problems.add("metadata." + key + " is not a DNS label");
                }
            }
            body.properties().forEach(e -> {
                if (!List.of("apiVersion", "kind", "metadata", "spec").contains(e.getKey())) {
                    problems.add("unexpected top-level field " + e.getKey());
                }
            });
        }
        Schema schema = change.operation() == Operation.PATCH ? schemas.partial() : schemas.full();
        for (Error e : schema.validate(body)) {
            problems.add(e.toString());
        }
        return problems;
    }

    /** A plausible team object the edit {@code change} applies to, named as the change names it. */
    static JsonNode teamObject(ObjectChange change) {
        JsonNode edit = change.body().orElseThrow();
        ObjectNode o = JsonMapper.shared().createObjectNode();
        o.put("apiVersion", change.apiVersion()).put("kind", change.kind());
        o.putObject("metadata").put("name", change.name()).put("namespace", change.namespace());
        // A subset split names the application's host; a host split and Gateway API the stable Service.
        String host = (edit.has("host")
                        ? edit.path("host").asString()
                        : edit.path("stableService").asString("")) + "." + change.namespace() + ".svc.cluster.local";
        switch (change.kind()) {
            case "VirtualService" -> {
                ObjectNode spec = o.putObject("spec");
                spec.putArray("hosts").add(host);
                var http = spec.putArray("http");
                List<String> names = new ArrayList<>();
                edit.path("routes").forEach(n -> names.add(n.asString()));
                for (String n : names.isEmpty() ? List.of("primary") : names) {
                    ObjectNode r = http.addObject().put("name", n);
                    r.putObject("retries").put("attempts", 3);
                    r.putArray("route").addObject().putObject("destination").put("host", host);
                }
            }
            case "DestinationRule" -> {
                ObjectNode spec = o.putObject("spec").put("host", host);
                spec.putObject("trafficPolicy").putObject("tls").put("mode", "ISTIO_MUTUAL");
                spec.putArray("subsets")
                        .addObject()
                        .put("name", "debug")
                        .putObject("labels")
                        .put("app", "team")
                        .put("track", "debug");
            }
            case "HTTPRoute" -> {
                ObjectNode spec = o.putObject("spec");
                spec.putArray("parentRefs").addObject().put("name", "public-gateway");
                var rules = spec.putArray("rules");
                List<String> names = new ArrayList<>();
                edit.path("routes").forEach(n -> names.add(n.asString()));
                for (String n : names.isEmpty() ? List.of("api") : names) {
                    ObjectNode r = rules.addObject().put("name", n);
                    r.putArray("backendRefs")
                            .addObject()
                            .put("name", edit.path("stableService").asString())
                            .put("port", 8080);
                }
            }
            case "Deployment" -> {
                ObjectNode d = (ObjectNode)
                        Plans.load(java.nio.file.Path.of("src", "test", "resources", "routing", "deployment.yaml"))
                                .tree()
                                .deepCopy();
                // The team's Deployment of the edit's name: the fixture's content under that name.
                ((ObjectNode) d.get("metadata")).put("name", change.name()).put("namespace", change.namespace());
                return d;
            }
            default -> throw new AssertionError("no team object of kind " + change.kind() + " to edit");
        }
        return o;
    }

    @TestFactory
    Stream<DynamicTest> everyRenderedObject_validatesAgainstUpstreamSchemas() {
        return Plans.manifests().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    List<ObjectChange> objects = objectsOf(Plans.plan(file));
                    assertThat(objects).isNotEmpty();
                    for (ObjectChange o : objects) {
                        assertThat(problems(o)).as(o.headline()).isEmpty();
                    }
                }));
    }

    @Test
    void schemas_rejectAnInvalidObject_soTheCheckIsReal() {
        ObjectNode bad = (ObjectNode) Plans.plan(Plans.EXAMPLES.resolve("canary-api.yaml")).steps().stream()
                .flatMap(s -> s.objects().stream())
                .filter(o -> o.kind().equals("Deployment"))
                .findFirst()
                .orElseThrow()
                .body()
                .orElseThrow()
                .deepCopy();
        ((ObjectNode) bad.get("spec")).put("replicas", "six");
        ((ObjectNode) bad.get("spec")).put("unknownField", true);
        ObjectChange change = new ObjectChange(
                Operation.CREATE, "apps/v1", "Deployment", "prod", "orders-api-2-7-0", java.util.Optional.of(bad));
        assertThat(problems(change)).hasSizeGreaterThanOrEqualTo(2);
        ObjectChange edit = Plans.plan(Plans.EXAMPLES.resolve("canary-api.yaml")).steps().stream()
                .flatMap(s -> s.objects().stream())
                .filter(o -> o.kind().equals("VirtualService"))
                .findFirst()
                .orElseThrow();
        ObjectNode vs = (ObjectNode) edit.edit().orElseThrow().apply(teamObject(edit));
        ((ObjectNode) vs.get("spec").get("http").get(0)).put("weights", 5);
        assertThat(problems(new ObjectChange(
                        Operation.APPLY,
                        KubeObjects.ISTIO_API,
                        "VirtualService",
                        "prod",
                        edit.name(),
                        java.util.Optional.of(vs))))
                .isNotEmpty();
    }
}
