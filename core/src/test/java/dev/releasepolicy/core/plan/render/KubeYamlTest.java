package dev.releasepolicy.core.plan.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** kubectl-style YAML: plain where a YAML 1.1 reader reads the same string back, quoted only where it would not. */
class KubeYamlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "yes",
                "No",
                "on",
                "OFF",
                "y",
                "true",
                "False",
                "null",
                "~",
                "",
                " lead",
                "trail ",
                "012",
                "0o12",
                "1.10",
                "22:00",
                "1:30:00",
                "0x1F",
                "0b101",
                "1e3",
                "1_000",
                ".inf",
                "-.Inf",
                ".NaN",
                "+12",
                "-3",
                "2026-12-06",
                "a: b",
                "x #y",
                "- item",
                "*alias",
                "&anchor",
                "!tag",
                "{a}",
                "[a]",
                "@at",
                "`tick",
                "%dir",
                "|",
                ">",
                "'single'",
                "\"double\"",
                "key:",
                "?q",
                "=",
                "<<",
                "a\tb",
                "multi\n line"
            })
    void scalar_thatA11ReaderWouldMisread_isQuotedAndReadsBack(String value) {
        assertThat(KubeYaml.scalar(value)).startsWith("\"");
        assertReadsBack(value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "orders-api",
                "2.7.0",
                "v1",
                "apps/v1",
                "registry.example.com/shop/orders-api:2.7.0",
                "sha256:c83795d8aa7a9b33e33d42877c7aeb1f23dedfc2b4f07976e9e773a6c0fd0d67",
                "/actuator/health/readiness",
                "app.kubernetes.io/managed-by",
                "release-policy",
                "1h30m",
                "Check that it works (twice)",
                "http://orders-api.prod.svc:8080/x",
                "a=b"
            })
    void scalar_plainString_isPlainAndReadsBack(String value) {
        assertThat(KubeYaml.scalar(value)).isEqualTo(value);
        assertReadsBack(value);
    }

    @Test
    void write_kubernetesObject_sortsKeysLikeKubectlAndKeepsSequencesAtTheKeysIndent() {
        JsonNode d = JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"version":"1.10","app":"web"}},
                 "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"web:1.10",
                 "args":["--port=8080","on"],"ports":[]}]}}}}
                """);
        assertThat(KubeYaml.write(d)).isEqualTo("""
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          labels:
                            app: web
                            version: "1.10"
                          name: web
                        spec:
                          replicas: 2
                          template:
                            spec:
                              containers:
                              - args:
                                - "--port=8080"
                                - "on"
                                image: web:1.10
                                name: web
                                ports: []
                        """);
        assertRoundTrips(d);
    }

    @Test
    void write_notAKubernetesObject_keepsItsOwnKeyOrder() {
        JsonNode edit = JSON.readTree("{\"edit\":\"istio-weights\",\"host\":\"orders-api\",\"canary\":\"canary\"}");
        assertThat(KubeYaml.write(edit)).isEqualTo("edit: istio-weights\nhost: orders-api\ncanary: canary\n");
    }

    @Test
    void write_multiLineString_isALiteralBlockThatReadsBack() {
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("data").put("app.properties", "a=1\nb: 2\n").put("script", "#!/bin/sh\n  echo on");
        cm.putArray("list").add("one\ntwo").add(true).add(3).addNull();
        assertThat(KubeYaml.write(cm)).contains("  app.properties: |\n    a=1\n    b: 2\n", "  script: |-\n");
        assertRoundTrips(cm);
    }

    private static void assertReadsBack(String value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", "v1").put("kind", "ConfigMap");
        o.putObject("data").put("k", value).put(value, "as key");
        o.putArray("items").add(value);
        assertRoundTrips(o);
    }

    /** The same tree read back by SnakeYAML (YAML 1.1, as kubectl's reader) and by the project's Jackson YAML. */
    private static void assertRoundTrips(JsonNode tree) {
        String yaml = KubeYaml.write(tree);
        Object expected = JSON.convertValue(tree, Object.class);
        Object snake = new Yaml().load(yaml);
        assertThat(normalize(snake)).as(yaml).isEqualTo(normalize(expected));
        assertThat(YAMLMapper.builder().build().readTree(yaml)).as(yaml).isEqualTo(tree);
    }

    @SuppressWarnings("unchecked")
    private static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, normalize(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(KubeYamlTest::normalize).toList();
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        return o;
    }
}
