package dev.releasepolicy.core.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.SourceMap;
import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.secret.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks manifests against {@code schemas/release-manifest.schema.json} (packaged into the core jar)
 * and turns each schema error into a {@link Finding} with a location, a plain message and a hint
 * (the schema's own {@code description}s, allowed names, "did you mean").
 *
 * <p>Thread-safe and meant to be shared: the compiled schema is reused for every manifest.
 */
public final class SchemaValidator {

    /** Policy id of schema findings. */
    public static final String POLICY_ID = "schema";

    /** Classpath location of the bundled schemas. */
    public static final String SCHEMA_ROOT = "dev/releasepolicy/schemas/";

    /** Classpath folder (under {@link #SCHEMA_ROOT}) of the vendored upstream Kubernetes schemas. */
    public static final String KUBERNETES = "kubernetes/";

    private final JsonNode schemaTree;
    private final Schema schema;
    private final String source;

    private SchemaValidator(JsonNode schemaTree, SpecificationVersion dialect, String source) {
        this.schemaTree = schemaTree;
        this.source = source;
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemaRegistryConfig(config));
        this.schema = registry.getSchema(schemaTree);
        this.schema.initializeValidators();
    }

    /** The validator for release manifests. */
    public static SchemaValidator releaseManifest() {
        return forBundled("release-manifest.schema.json");
    }

    /** A validator for one of the bundled schemas, by file name. */
    public static SchemaValidator forBundled(String fileName) {
        return new SchemaValidator(readBundled(fileName), SpecificationVersion.DRAFT_2020_12, "schemas/" + fileName);
    }

    /**
     * A validator for one of the vendored upstream Kubernetes schemas ({@code schemas/kubernetes/}),
     * such as {@code deployment-apps-v1.json}. Their {@code $schema} ({@code http://json-schema.org/schema#})
     * names no draft; they are OpenAPI-v3-style draft-4 schemas, so they are read as draft 4.
     */
    public static SchemaValidator kubernetes(String fileName) {
        JsonNode tree = readBundled(KUBERNETES + fileName);
        if (tree instanceof ObjectNode o) {
            o.remove("$schema");
        }
        return new SchemaValidator(
                tree, SpecificationVersion.DRAFT_4, "schemas/" + KUBERNETES + fileName + " (Kubernetes 1.36)");
    }

    /** Reads a bundled schema file. */
    public static JsonNode readBundled(String fileName) {
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(SCHEMA_ROOT + fileName)) {
            if (in == null) {
                throw new IllegalStateException("schema " + SCHEMA_ROOT + fileName + " is missing from the core jar");
            }
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates one manifest; findings are in schema-error order. */
    public List<Finding> validate(Manifest manifest) {
        return validate(manifest.tree(), manifest.sourceMap());
    }

    /** Validates any document against this schema. */
    public List<Finding> validate(JsonNode document, SourceMap sourceMap) {
        List<Error> errors = schema.validate(document);
        List<Finding> findings = new ArrayList<>(errors.size());
        Set<String> seen = new LinkedHashSet<>();
        // A oneOf of kinds ({"required": [key]} alternatives) is one finding; the alternatives' own
        // "missing key" errors at the same place would only repeat it.
        Set<String> oneOf = new LinkedHashSet<>();
        for (Error e : errors) {
            if ("oneOf".equals(e.getKeyword())) {
                oneOf.add(pointer(e));
            }
        }
        for (Error e : errors) {
            if ("required".equals(e.getKeyword())
                    && oneOf.contains(pointer(e))
                    && e.getEvaluationPath() != null
                    && e.getEvaluationPath().toString().contains("oneOf")) {
                continue;
            }
            Finding f = toFinding(e, document, sourceMap);
            if (seen.add(f.pointer() + "\u0000" + f.message())) {
                findings.add(f);
            }
        }
        return findings;
    }

    private Finding toFinding(Error e, JsonNode document, SourceMap sourceMap) {
        String at = pointer(e);
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        JsonNode subschema = subschemaOf(e);
        String what = describePlace(at);
        JsonNode value = document.at(at);
        String message;
        String hint;
        Location location = sourceMap.locate(at);
        switch (keyword) {
            case "required" -> {
                String missing = e.getProperty();
                String child = at + "/" + SourceMap.escape(missing);
                String desc = description(subschema.path("properties").path(missing));
                message = what + " is missing required property '" + missing + "'";
                hint = "add " + dotted(child) + (desc.isEmpty() ? "" : ": " + lowerFirst(desc));
            }
            case "additionalProperties", "unevaluatedProperties" -> {
                String extra = e.getProperty();
                String parent = at;
                at = at + "/" + SourceMap.escape(extra);
                location = sourceMap.locateKey(at);
                Set<String> allowed = new LinkedHashSet<>();
                subschema.path("properties").propertyNames().forEach(allowed::add);
                message = "unknown property '" + extra + "' in " + describePlace(parent);
                hint = Suggestions.closest(extra, allowed)
                                .map(s -> "did you mean '" + s + "'? ")
                                .orElse("")
                        + (allowed.isEmpty() ? "remove it" : "allowed here: " + String.join(", ", allowed));
            }
            case "type" -> {
                String expected = subschema.path("type").isArray()
                        ? String.join(
                                " or ",
                                subschema
                                        .path("type")
                                        .valueStream()
                                        .map(JsonNode::asString)
                                        .toList())
                        : subschema.path("type").asString();
                String actual = typeName(value);
                if (value.isNumber() && !Double.isFinite(value.asDouble())) {
                    // YAML's .inf/.nan and numbers beyond a double's range (1e400) are numbers to YAML but not
                    // to JSON Schema: "must be a number, not a number" would say nothing.
                    String raw =
                            Redaction.shownValue(at, sourceMap.rawScalar(at).orElse(text(value)));
                    message = what + " must be a finite number, not " + raw
                            + (Double.isNaN(value.asDouble()) ? " (NaN)" : " (infinite)");
                    hint = "write a number between -1.7e308 and 1.7e308";
                    break;
                }
                message = what + " must be " + article(expected) + " " + expected + ", not " + article(actual) + " "
                        + actual;
                hint = typeHint(
                        expected,
                        value,
                        Redaction.shownValue(at, sourceMap.rawScalar(at).orElse(text(value))),
                        subschema);
            }
            case "enum" -> {
                List<String> allowed = subschema
                        .path("enum")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList();
                message = what + " is '" + shown(at, value) + "', not one of the allowed values";
                hint = Suggestions.closest(shown(at, value), allowed)
                                .map(s -> "did you mean '" + s + "'? ")
                                .orElse("") + "use one of: " + String.join(", ", allowed);
            }
            case "const" -> {
                String expected = text(subschema.path("const"));
                message = what + " is '" + shown(at, value) + "', expected '" + expected + "'";
                hint = "write " + dotted(at) + ": " + expected;
            }
            case "pattern", "format" -> {
                message = what + " '" + shown(at, value) + "' is not valid";
                String desc = description(subschema);
                hint = desc.isEmpty()
                        ? "it must match " + subschema.path("pattern").asString()
                        : desc;
            }
            case "not" -> {
                if (subschema.path("not").isObject() && subschema.path("not").isEmpty()) {
                    // "not": {} forbids a value that is there at all, such as a strategy block of another type.
                    String parent = at.substring(0, Math.max(0, at.lastIndexOf('/')));
                    JsonNode type = document.at(parent + "/type");
                    message = what + " does not belong here"
                            + (type.isString() ? ": " + dotted(parent + "/type") + " is " + type.asString() : "")
                            + ", so it would be ignored";
                    String desc = description(subschema);
                    hint = desc.isEmpty() ? "remove " + what : desc;
                    location = sourceMap.locateKey(at);
                    break;
                }
                // Otherwise only "not": {"required": [...]} is used (properties that exclude each other).
                List<String> names = subschema
                        .path("not")
                        .path("required")
                        .valueStream()
                        .map(n -> "'" + n.asString() + "'")
                        .toList();
                message = names.isEmpty()
                        ? what + ": " + lowerFirst(stripPointer(e.getMessage()))
                        : what + " must not have " + String.join(" together with ", names) + " here";
                String desc = description(subschema);
                hint = desc.isEmpty() ? "see " + source : desc;
            }
            case "oneOf" -> {
                // Only alternatives of the form {"required": [key]} are used: one kind among several.
                List<String> keys = subschema
                        .path("oneOf")
                        .valueStream()
                        .flatMap(alt -> alt.path("required").valueStream())
                        .map(JsonNode::asString)
                        .toList();
                List<String> present = keys.stream().filter(k -> value.has(k)).toList();
                message = what + " must have exactly one of " + String.join(", ", keys) + "; it has "
                        + (present.isEmpty() ? "none" : String.join(" and ", present));
                String desc = description(subschema);
                hint = (present.isEmpty()
                                ? "add one of " + String.join(", ", keys)
                                : "keep only one of " + String.join(", ", present))
                        + (desc.isEmpty() ? "" : ": " + lowerFirst(desc));
            }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                message = what + " is " + shown(at, value) + ", " + boundWord(keyword) + " "
                        + subschema.path(keyword).asString();
                hint = rangeHint(subschema, description(subschema));
            }
            case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties", "uniqueItems" -> {
                message = what + ": " + lowerFirst(stripPointer(e.getMessage()));
                String desc = description(subschema);
                hint = desc.isEmpty() ? "see the schema for " + dotted(at) : desc;
            }
            default -> {
                message = what + ": " + lowerFirst(stripPointer(e.getMessage()));
                String desc = description(subschema);
                hint = desc.isEmpty() ? "see " + source : desc;
            }
        }
        if (Redaction.isSensitiveField(at) && value.isValueNode()) {
            // A message taken from the validator (the default branches) may still quote the value.
            Redactor secret = Redactor.none().with(List.of(text(value)));
            message = secret.scrub(message);
            hint = secret.scrub(hint);
        }
        return Finding.error(POLICY_ID, message, hint, location, at);
    }

    private static String pointer(Error e) {
        String p =
                e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        return p.equals("/") ? "" : p;
    }

    /** The schema object that holds the failing keyword (for its description, properties, enum...). */
    private JsonNode subschemaOf(Error e) {
        if (e.getSchemaLocation() == null) {
            return tools.jackson.databind.node.MissingNode.getInstance();
        }
        String loc = e.getSchemaLocation().toString();
        int hash = loc.indexOf('#');
        String fragment = hash < 0 ? "" : loc.substring(hash + 1);
        int cut = fragment.lastIndexOf('/');
        String parent = cut < 0 ? "" : fragment.substring(0, cut);
        // "required" and friends sit directly in the object's schema; "type" etc. too.
        return schemaTree.at(parent);
    }

    private static String describePlace(String pointer) {
        return pointer.isEmpty() ? "the manifest" : dotted(pointer);
    }

    /** {@code /spec/strategy/canary/steps/0/setWeight} → {@code spec.strategy.canary.steps[0].setWeight}. */
    public static String dotted(String pointer) {
        if (pointer.isEmpty()) {
            return "(document)";
        }
        StringBuilder b = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            String t = token.replace("~1", "/").replace("~0", "~");
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                b.append('[').append(t).append(']');
            } else {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(t);
            }
        }
        return b.toString();
    }

    /** A value as it may be quoted in a message: never the value of a sensitive field (see {@link Redaction}). */
    private static String shown(String pointer, JsonNode value) {
        return Redaction.shownValue(pointer, text(value));
    }

    private static String description(JsonNode subschema) {
        return subschema.path("description").asString("");
    }

    private static String typeName(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String article(String noun) {
        return noun.matches("^[aeiouAEIOU].*") ? "an" : "a";
    }

    private static String typeHint(String expected, JsonNode value, String raw, JsonNode subschema) {
        String desc = description(subschema);
        String suffix = desc.isEmpty() ? "" : " (" + lowerFirst(desc) + ")";
        if (expected.contains("string") && (value.isNumber() || value.isBoolean())) {
            return (raw.equals(Redaction.MASK) ? "quote the value" : "quote the value: \"" + raw + "\"")
                    + "; unquoted YAML reads it as a " + typeName(value) + suffix;
        }
        if ((expected.contains("integer") || expected.contains("number")) && value.isString()) {
            return "write a number without quotes" + suffix;
        }
        if (expected.contains("boolean") && value.isString()) {
            return "write true or false without quotes" + suffix;
        }
        if (expected.contains("object") && value.isNull()) {
            return "give it keys, or write {} for an empty mapping" + suffix;
        }
        if (expected.contains("array")) {
            return "write a list: one '- item' per line or [a, b]" + suffix;
        }
        return desc.isEmpty() ? "change the value to " + article(expected) + " " + expected : desc;
    }

    private static String rangeHint(JsonNode subschema, String desc) {
        String lo = subschema.has("minimum") ? subschema.path("minimum").asString() : null;
        String hi = subschema.has("maximum") ? subschema.path("maximum").asString() : null;
        String range = lo != null && hi != null
                ? "use a value from " + lo + " to " + hi
                : lo != null ? "use a value of at least " + lo : hi != null ? "use a value of at most " + hi : "";
        return desc.isEmpty() ? range : range + " (" + lowerFirst(desc) + ")";
    }

    private static String boundWord(String keyword) {
        return switch (keyword) {
            case "minimum" -> "below the minimum";
            case "maximum" -> "above the maximum";
            case "exclusiveMinimum" -> "not above";
            default -> "not below";
        };
    }

    private static String text(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "";
        }
        return v.isValueNode() ? v.asString() : v.toString();
    }

    private static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String t = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        return Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }

    private static String stripPointer(String message) {
        if (message == null) {
            return "";
        }
        int colon = message.indexOf(": ");
        return colon > 0 && (message.startsWith("/") || message.startsWith("$"))
                ? message.substring(colon + 2)
                : message;
    }
}
