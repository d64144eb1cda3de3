package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The schemas in schemas/ are documented and packaged into the core jar unchanged (one copy). */
class SchemaFilesTest {

    static final Path SCHEMAS = Path.of("..", "schemas");

    static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> s = Files.list(SCHEMAS)) {
            return s.filter(p -> p.toString().endsWith(".schema.json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyProperty_hasADescription() throws IOException {
        return schemaFiles().stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    JsonNode schema = JsonMapper.shared().readTree(f.toFile());
                    List<String> undocumented = new ArrayList<>();
                    walk(schema, "", undocumented);
                    assertThat(undocumented)
                            .as("properties without a description")
                            .isEmpty();
                }));
    }

    private static void walk(JsonNode node, String at, List<String> undocumented) {
        if (node.isObject()) {
            JsonNode props = node.path("properties");
            if (props.isObject()) {
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    JsonNode d = p.getValue().path("description");
                    boolean viaRef = p.getValue().has("$ref") && !p.getValue().has("type");
                    if ((!d.isString() || d.asString().isBlank()) && !viaRef) {
                        undocumented.add(at + "/properties/" + p.getKey());
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), at + "/" + e.getKey(), undocumented);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, undocumented);
            }
        }
    }

    @Test
    void bundledSchema_isByteIdenticalToSchemasFolder() throws IOException {
        for (Path f : schemaFiles()) {
            try (var in =
                    getClass().getClassLoader().getResourceAsStream(SchemaValidator.SCHEMA_ROOT + f.getFileName())) {
                assertThat(in).as("packaged " + f.getFileName()).isNotNull();
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
            }
        }
        assertThat(Path.of("src", "main", "resources", "dev", "releasepolicy", "schemas"))
                .doesNotExist();
    }
}
