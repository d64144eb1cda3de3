package dev.releasepolicy.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field references in docs/ cover exactly the fields of their schema, with the schema's type and
 * required-ness, so a field added to (or removed from) a schema fails the build until its reference says so.
 *
 * <p>A field path joins property names with dots; {@code []} stands for the items of an array and
 * {@code *} for the values of a map (a schema's {@code additionalProperties}). Each documented field is a
 * {@code ### `path`} heading followed by a {@code - **Type:** ...} and a {@code - **Required:** ...} line.
 */
class SchemaReferenceDocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern HEADING = Pattern.compile("^### `([^`]+)`\\s*$");
    private static final String TYPE = "- **Type:** ";
    private static final String REQUIRED = "- **Required:** ";

    /** One field of a schema: where it is, its type in words, whether its parent must have it, and why. */
    record Field(String path, String type, boolean required, String description) {

        /** The entry to paste into the reference, as a starting point for better prose. */
        String suggestedEntry() {
            return "### `" + path + "`\n\n" + TYPE + type + "\n" + REQUIRED + (required ? "yes" : "no") + "\n\n"
                    + description + "\n";
        }
    }

    /** One documented field: its heading and the text of its Type and Required lines (empty when absent). */
    record Entry(String path, String type, String required) {}

    @TestFactory
    Stream<DynamicTest> everySchemaField_isDocumented_andNothingElse() {
        return Stream.of(
                reference("schemas/release-manifest.schema.json", "docs/manifest.md"),
                reference("schemas/release-policy-config.schema.json", "docs/configuration.md"));
    }

    private static DynamicTest reference(String schemaFile, String docFile) {
        return DynamicTest.dynamicTest(docFile, () -> {
            Map<String, Field> fields =
                    fields(JsonMapper.shared().readTree(ROOT.resolve(schemaFile).toFile()));
            Map<String, Entry> entries = entries(ROOT.resolve(docFile));
            assertThat(problems(fields, entries, schemaFile, docFile))
                    .as(docFile + " against " + schemaFile)
                    .isEmpty();
        });
    }

    static List<String> problems(
            Map<String, Field> fields, Map<String, Entry> entries, String schemaFile, String docFile) {
        List<String> problems = new ArrayList<>();
        for (Field f : fields.values()) {
            Entry e = entries.get(f.path());
            if (e == null) {
                problems.add(schemaFile + " has the field " + f.path() + " but " + docFile
                        + " does not document it: add this entry (in schema order) and say what it means:\n\n"
                        + f.suggestedEntry());
                continue;
            }
            if (!typeMatches(e.type(), f.type())) {
                problems.add(docFile + " says `" + f.path() + "` is \"" + e.type() + "\" but " + schemaFile
                        + " says \"" + f.type() + "\": write the line as `" + TYPE + f.type() + "` (more words may"
                        + " follow after a comma)");
            }
            boolean saysRequired = e.required().equals("yes")
                    || e.required().startsWith("yes ")
                    || e.required().startsWith("yes,")
                    || e.required().startsWith("yes;");
            if (saysRequired != f.required()) {
                problems.add(docFile + " says `" + f.path() + "` is " + (saysRequired ? "" : "not ")
                        + "required but " + schemaFile + " says it is " + (f.required() ? "" : "not ")
                        + "required: write the line as `" + REQUIRED + (f.required() ? "yes" : "no") + "` (or,"
                        + " for an optional field, `" + REQUIRED + "when ...` or `" + REQUIRED
                        + "no; default ...`)");
            }
        }
        for (String documented : entries.keySet()) {
            if (!fields.containsKey(documented)) {
                problems.add(docFile + " documents `" + documented + "` but " + schemaFile
                        + " has no such field: remove the entry, or rename it to the field's path");
            }
        }
        return problems;
    }

    private static boolean typeMatches(String documented, String schema) {
        return documented.equals(schema) || documented.startsWith(schema + ",") || documented.startsWith(schema + ";");
    }

    /** The documented entries of a reference file, by path, in file order. */
    static Map<String, Entry> entries(Path doc) throws IOException {
        List<String> lines = Files.exists(doc) ? Files.readAllLines(doc, StandardCharsets.UTF_8) : List.of();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEADING.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String type = "";
            String required = "";
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("#"); j++) {
                if (lines.get(j).startsWith(TYPE)) {
                    type = lines.get(j).substring(TYPE.length()).strip();
                } else if (lines.get(j).startsWith(REQUIRED)) {
                    required = lines.get(j).substring(REQUIRED.length()).strip();
                }
            }
            if (entries.put(m.group(1), new Entry(m.group(1), type, required)) != null) {
                throw new IllegalStateException(doc + " documents `" + m.group(1) + "` twice");
            }
        }
        return entries;
    }

    /** Every field of a schema, by path, in the order the schema declares them. */
    static Map<String, Field> fields(JsonNode schema) {
        Map<String, Field> out = new LinkedHashMap<>();
        walk(schema, schema, "", false, out, new HashSet<>());
        return out;
    }

    /**
     * Collects the fields below {@code node}. Subschemas that apply to the same value ({@code $ref},
     * {@code allOf}, {@code anyOf}, {@code oneOf}, {@code then}, {@code else}) add their fields at the same
     * path; an {@code if} only tests fields, so it declares none. What a conditional branch requires is not
     * required of every value, so those fields count as optional.
     */
    private static void walk(
            JsonNode root, JsonNode node, String path, boolean conditional, Map<String, Field> out, Set<String> refs) {
        if (!node.isObject()) {
            return;
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asString();
            if (refs.add(ref)) { // a $ref met again inside its own expansion is recursion: its fields are listed
                walk(root, resolve(root, ref), path, conditional, out, refs);
                refs.remove(ref);
            }
        }
        Set<String> required = new HashSet<>();
        if (!conditional) {
            node.path("required").forEach(r -> required.add(r.asString()));
            node.path("allOf").forEach(b -> b.path("required").forEach(r -> required.add(r.asString())));
        }
        for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
            String at = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
            add(out, root, at, p.getValue(), required.contains(p.getKey()));
            descend(root, p.getValue(), at, out, refs);
        }
        JsonNode additional = node.path("additionalProperties");
        if (additional.isObject()) {
            String at = path + ".*";
            add(out, root, at, additional, false);
            descend(root, additional, at, out, refs);
        }
        node.path("allOf").forEach(b -> walk(root, b, path, conditional, out, refs));
        for (String key : List.of("anyOf", "oneOf", "then", "else")) {
            JsonNode branches = node.path(key);
            (branches.isArray() ? iterable(branches) : List.of(branches))
                    .forEach(b -> walk(root, b, path, true, out, refs));
        }
    }

    /** Walks into a field's value: its object properties, or those of its array items. */
    private static void descend(JsonNode root, JsonNode field, String path, Map<String, Field> out, Set<String> refs) {
        walk(root, field, path, false, out, refs);
        JsonNode items = merged(root, field).path("items");
        if (items.isObject()) {
            walk(root, items, path + "[]", false, out, refs);
        }
    }

    private static void add(Map<String, Field> out, JsonNode root, String path, JsonNode schema, boolean required) {
        JsonNode m = merged(root, schema);
        Field known = out.get(path);
        Field f = new Field(
                path,
                type(root, m),
                required || known != null && known.required(),
                m.path("description").asString(""));
        if (known == null || known.type().equals("any") && !f.type().equals("any")) {
            out.put(path, f);
        } else if (f.required() && !known.required()) {
            out.put(path, new Field(path, known.type(), true, known.description()));
        }
    }

    /** The schema's words for the type: string, integer or string, array of object, map of string. */
    static String type(JsonNode root, JsonNode schema) {
        JsonNode m = merged(root, schema);
        JsonNode t = m.path("type");
        String base;
        if (t.isString()) {
            base = t.asString();
        } else if (t.isArray()) {
            List<String> names = new ArrayList<>();
            t.forEach(n -> names.add(n.asString()));
            base = String.join(" or ", names);
        } else if (m.has("const") || m.has("enum")) {
            Set<String> kinds = new LinkedHashSet<>();
            (m.has("const") ? List.of(m.get("const")) : iterable(m.get("enum"))).forEach(v -> kinds.add(kind(v)));
            base = String.join(" or ", kinds);
        } else {
            base = "any";
        }
        if (base.equals("array") && m.path("items").isObject()) {
            return "array of " + type(root, m.get("items"));
        }
        if (base.equals("object")
                && !m.has("properties")
                && m.path("additionalProperties").isObject()) {
            return "map of " + type(root, m.get("additionalProperties"));
        }
        return base;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String kind(JsonNode v) {
        if (v.isString()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        return v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isArray() ? "array" : "object";
    }

    /** A schema with its {@code $ref} chain merged in; its own keywords win. */
    private static JsonNode merged(JsonNode root, JsonNode schema) {
        if (!schema.has("$ref")) {
            return schema;
        }
        var copy = JsonMapper.shared().createObjectNode();
        merged(root, resolve(root, schema.get("$ref").asString()))
                .properties()
                .forEach(e -> copy.set(e.getKey(), e.getValue()));
        schema.properties().forEach(e -> copy.set(e.getKey(), e.getValue()));
        copy.remove("$ref");
        return copy;
    }

    private static JsonNode resolve(JsonNode root, String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only local $refs are supported here: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points nowhere");
        }
        return target;
    }

    @Test
    void problems_nameTheMissingTheExtraAndTheMismatchedFields() throws IOException {
        JsonNode schema = JsonMapper.shared().readTree("""
                {"type": "object", "required": ["a"], "properties": {
                  "a": {"$ref": "#/$defs/x", "description": "The a."},
                  "list": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}},
                  "map": {"type": "object", "additionalProperties": {"type": "string"}}},
                 "$defs": {"x": {"type": "string"}}}
                """);
        Map<String, Field> fields = fields(schema);
        assertThat(fields.keySet()).containsExactly("a", "list", "list[].n", "map", "map.*");
        assertThat(fields.get("list").type()).isEqualTo("array of object");
        assertThat(fields.get("map").type()).isEqualTo("map of string");

        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put("a", new Entry("a", "integer", "no"));
        entries.put("list", new Entry("list", "array of object, each a thing", "no; default empty"));
        entries.put("list[].n", new Entry("list[].n", "integer", "no"));
        entries.put("gone", new Entry("gone", "string", "no"));
        List<String> problems = problems(fields, entries, "s.json", "d.md");
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).contains("`a` is \"integer\" but s.json says \"string\"");
        assertThat(problems.get(1)).contains("`a` is not required but s.json says it is required");
        assertThat(problems.get(2))
                .contains("has the field map but d.md does not document it")
                .contains("### `map`\n\n- **Type:** map of string\n- **Required:** no");
        assertThat(problems.get(3)).contains("has the field map.*");
        assertThat(problems.get(4)).contains("documents `gone` but s.json has no such field");
    }
}
