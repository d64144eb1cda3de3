package dev.releasepolicy.core.plan.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Writes a JSON tree as block YAML the way kubectl prints objects: plain scalars wherever a YAML 1.1
 * reader (kubectl, PyYAML, Jackson) reads them back as the same string, double quotes only where it
 * would not (booleans such as {@code on}, numbers such as {@code 012}, {@code 1.10} or {@code 22:00},
 * null, empty, edge spaces, indicator characters), sequences at their key's indentation, multi-line
 * strings as literal blocks. Kubernetes objects get their keys sorted as kubectl sorts them (it prints
 * through {@code sigs.k8s.io/yaml}, which sorts map keys), so a dry run diffs quietly against
 * {@code kubectl get -o yaml}; other documents (edit descriptions) keep their own order.
 */
public final class KubeYaml {

    /** What a plain scalar may consist of: no indicator at the start, no {@code ": "}/{@code " #"} inside. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./(][A-Za-z0-9_./:@+=%(), -]*");

    /** YAML 1.1 booleans and nulls (https://yaml.org/type/bool.html, https://yaml.org/type/null.html). */
    private static final Pattern BOOL_OR_NULL = Pattern.compile(
            "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL");

    /**
     * YAML 1.1 ints and floats (binary, octal, hex, base 60, {@code .inf}) and YAML 1.2 floats with exponents,
     * plus anything shaped like a timestamp: read back, they are no longer the string.
     */
    private static final Pattern NUMBER_LIKE = Pattern.compile(String.join(
            "|",
            "[-+]?0b[0-1_]+",
            "[-+]?0x[0-9a-fA-F_]+",
            "0o[0-7]+",
            "[-+]?[0-9][0-9_]*",
            "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
            "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?",
            "[-+]?[0-9][0-9_]*(\\.[0-9_]*)?[eE][-+]?[0-9]+",
            "[-+]?\\.(inf|Inf|INF)",
            "\\.(nan|NaN|NAN)",
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"));

    private KubeYaml() {}

    /** One document, ending with a line break. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        boolean kube = node.isObject() && node.has("apiVersion") && node.has("kind");
        if (node.isObject() && !node.isEmpty()) {
            object(out, node, 0, kube);
        } else if (node.isArray() && !node.isEmpty()) {
            array(out, node, 0, kube);
        } else {
            out.append(inline(node)).append('\n');
        }
        return out.toString();
    }

    private static void object(StringBuilder out, JsonNode node, int indent, boolean sorted) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        if (sorted) {
            entries.sort(Map.Entry.comparingByKey());
        }
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : entries) {
            // The first key of a sequence item shares the line with its "- ".
            if (!first || out.isEmpty() || out.charAt(out.length() - 1) == '\n') {
                pad(out, indent);
            }
            first = false;
            out.append(scalar(e.getKey())).append(':');
            value(out, e.getValue(), indent, sorted);
        }
    }

    private static void array(StringBuilder out, JsonNode node, int indent, boolean sorted) {
        for (JsonNode item : node) {
            pad(out, indent);
            out.append("- ");
            if (item.isObject() && !item.isEmpty()) {
                object(out, item, indent + 2, sorted);
            } else if (item.isArray() && !item.isEmpty()) {
                out.append('\n');
                array(out, item, indent + 2, sorted);
            } else if (item.isString() && block(item.asString())) {
                literal(out, item.asString(), indent + 2);
            } else {
                out.append(inline(item)).append('\n');
            }
        }
    }

    /** After {@code key:}: the value on the same line, or nested below it. */
    private static void value(StringBuilder out, JsonNode v, int indent, boolean sorted) {
        if (v.isObject() && !v.isEmpty()) {
            out.append('\n');
            object(out, v, indent + 2, sorted);
        } else if (v.isArray() && !v.isEmpty()) {
            // kubectl's style: a sequence under a key is not indented further.
            out.append('\n');
            array(out, v, indent, sorted);
        } else if (v.isString() && block(v.asString())) {
            out.append(' ');
            literal(out, v.asString(), indent + 2);
        } else {
            out.append(' ').append(inline(v)).append('\n');
        }
    }

    private static String inline(JsonNode v) {
        if (v.isObject()) {
            return "{}";
        }
        if (v.isArray()) {
            return "[]";
        }
        if (v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isString()) {
            return scalar(v.asString());
        }
        return v.toString();
    }

    /** A string as a plain scalar when that reads back as the same string, else double-quoted. */
    public static String scalar(String s) {
        if (SAFE.matcher(s).matches()
                && !s.endsWith(" ")
                && !s.contains(" #")
                && !s.contains(": ")
                && !s.endsWith(":")
                && !BOOL_OR_NULL.matcher(s).matches()
                && !NUMBER_LIKE.matcher(s).matches()) {
            return s;
        }
        return quoted(s);
    }

    /** A multi-line string kubectl would print as a literal block: no edge spaces, tabs or carriage returns. */
    private static boolean block(String s) {
        if (!s.contains("\n") || s.contains("\r") || s.contains("\t") || s.startsWith(" ") || s.startsWith("\n")) {
            return false;
        }
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        if (body.endsWith("\n") || body.isEmpty()) {
            return false;
        }
        for (String line : body.split("\n", -1)) {
            if (line.endsWith(" ")) {
                return false;
            }
            for (int i = 0; i < line.length(); i++) {
                if (Character.isISOControl(line.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void literal(StringBuilder out, String s, int indent) {
        boolean keep = s.endsWith("\n");
        out.append(keep ? "|\n" : "|-\n");
        String body = keep ? s.substring(0, s.length() - 1) : s;
        for (String line : body.split("\n", -1)) {
            if (!line.isEmpty()) {
                pad(out, indent);
                out.append(line);
            }
            out.append('\n');
        }
    }

    private static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static void pad(StringBuilder out, int indent) {
        out.repeat(' ', indent);
    }
}
