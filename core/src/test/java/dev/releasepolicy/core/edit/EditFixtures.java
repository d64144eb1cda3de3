package dev.releasepolicy.core.edit;

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
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The team's objects as test fixtures (YAML files under {@code routing/}), the upstream schemas every
 * edited object must satisfy, and a field-by-field comparison that names each JSON Pointer where two
 * trees differ, so a test can say "only these fields changed".
 */
public final class EditFixtures {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final Map<String, Supplier<Schema>> SCHEMAS = Map.of(
            "Deployment", () -> schema("kubernetes/v1.36.0/deployment-apps-v1.json"),
            "Service", () -> schema("kubernetes/v1.36.0/service-v1.json"),
            "VirtualService", () -> schema("istio/virtualservice-networking-v1.json"),
            "DestinationRule", () -> schema("istio/destinationrule-networking-v1.json"),
            "HTTPRoute", () -> schema("gateway-api/httproute-gateway-v1.json"));

    private static final Map<String, Schema> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private EditFixtures() {}

    /** A fixture of {@code routing/}, such as {@code virtualservice.yaml}. */
    public static ObjectNode load(String name) {
        try (InputStream in = EditFixtures.class.getResourceAsStream("/routing/" + name)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(String path) {
        try (InputStream in = EditFixtures.class.getResourceAsStream("/reference/" + path)) {
            ObjectNode tree = (ObjectNode) JsonMapper.shared().readTree(in);
            // "http://json-schema.org/schema#" names no draft; the files are draft-4 style (OpenAPI v3 subset).
            tree.remove("$schema");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the upstream schema of the object's kind finds wrong with it (the CRD schemas check only spec). */
    public static List<String> schemaProblems(JsonNode object) {
        String kind = object.path("kind").asString("");
        Supplier<Schema> source = SCHEMAS.get(kind);
        assertThat(source).as("reference schema for " + kind).isNotNull();
        Schema schema = LOADED.computeIfAbsent(kind, k -> source.get());
        List<String> problems = new ArrayList<>();
        for (Error e : schema.validate(object)) {
            problems.add(e.toString());
        }
        if (!object.path("metadata").path("name").isString()) {
            problems.add("metadata.name is missing");
        }
        return problems;
    }

    /**
     * The JSON Pointers at which {@code after} differs from {@code before}: a changed value, a key only
     * one has, an array of another length, or (suffix {@code " (key order)"}) the same keys in another order.
     */
    public static List<String> differences(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String at, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            List<String> keysA = new ArrayList<>(a.propertyNames());
            List<String> keysB = new ArrayList<>(b.propertyNames());
            for (String k : keysA) {
                if (b.has(k)) {
                    diff(at + "/" + escape(k), a.get(k), b.get(k), out);
                } else {
                    out.add(at + "/" + escape(k));
                }
            }
            keysB.stream().filter(k -> !a.has(k)).forEach(k -> out.add(at + "/" + escape(k)));
            List<String> common = keysA.stream().filter(b::has).toList();
            if (!common.equals(keysB.stream().filter(a::has).toList())) {
                out.add(at + " (key order)");
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(at + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b)) {
            out.add(at);
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
