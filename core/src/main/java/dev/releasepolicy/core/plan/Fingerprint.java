package dev.releasepolicy.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Identifies what a plan was made from, so the executor can refuse a stale plan.
 *
 * <p>Recipe (stable, documented in {@code schemas/plan.schema.json}):
 * <ol>
 *   <li>{@code manifestDigest} = {@code sha256:} + hex SHA-256 of the manifest's canonical JSON: the
 *       loaded document (YAML read as data, so comments, key order and quoting do not count) with
 *       object keys sorted by UTF-16 code units, no whitespace, written by Jackson (strings JSON-escaped,
 *       integers as digits, decimals as Java's shortest round-trip form);</li>
 *   <li>{@code value} = {@code sha256:} + hex SHA-256 of the UTF-8 text
 *       {@code manifestDigest + "\n" + policySetDigest + "\n" + toolVersion}.</li>
 * </ol>
 * The manifest's file name is not part of it: moving the file does not make a plan stale.
 */
public record Fingerprint(String value, String manifestDigest, String policySetDigest, String toolVersion) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Computes the fingerprint of a manifest tree with a policy set and tool version. */
    public static Fingerprint of(JsonNode manifest, String policySetDigest, String toolVersion) {
        String manifestDigest = sha256(canonicalJson(manifest));
        String value = sha256(manifestDigest + "\n" + policySetDigest + "\n" + toolVersion);
        return new Fingerprint(value, manifestDigest, policySetDigest, toolVersion);
    }

    /** The canonical JSON text of a tree (sorted keys, no whitespace). */
    public static String canonicalJson(JsonNode node) {
        return MAPPER.writeValueAsString(sorted(node));
    }

    /** {@code sha256:<hex>} of the UTF-8 bytes of a text. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256:<hex>} of bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Why a plan with this fingerprint is stale against the current inputs, or empty when it is not:
     * the executor refuses a plan whose manifest, policy set or tool version changed since it was made.
     */
    public Optional<String> staleAgainst(Fingerprint current) {
        if (!manifestDigest.equals(current.manifestDigest)) {
            return Optional.of("the manifest changed since the plan was made (plan " + manifestDigest + ", now "
                    + current.manifestDigest + "): run plan again");
        }
        if (!policySetDigest.equals(current.policySetDigest)) {
            return Optional.of("the policy set changed since the plan was made (plan " + policySetDigest + ", now "
                    + current.policySetDigest + "): run plan again");
        }
        if (!toolVersion.equals(current.toolVersion)) {
            return Optional.of("the plan was made by release-policy " + toolVersion + ", this is " + current.toolVersion
                    + ": run plan again with this version");
        }
        if (!value.equals(current.value)) {
            return Optional.of("the plan's fingerprint " + value + " does not match its inputs (" + current.value
                    + "): the plan file was edited; run plan again");
        }
        return Optional.empty();
    }

    /** The first 12 hex digits, for headings. */
    public String shortValue() {
        return value.substring("sha256:".length(), "sha256:".length() + 12);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : entries) {
                o.set(e.getKey(), sorted(e.getValue()));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> a.add(sorted(n)));
            return a;
        }
        return node;
    }
}
