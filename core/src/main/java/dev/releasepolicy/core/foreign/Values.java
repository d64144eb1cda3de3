package dev.releasepolicy.core.foreign;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Conversions of Argo and Flagger values into the release manifest's forms. */
final class Values {

    private static final Pattern DURATION = Pattern.compile(
            "^([0-9]+d([0-9]+h)?([0-9]+m)?([0-9]+s)?|[0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("^[0-9]+$");

    /**
     * A comparison of the first result with a number: {@code result[0] <= 0.01}, {@code result < 5},
     * {@code asFloat(result[0]) > 1}. Anything more ({@code len(result) == 0 || ...}, {@code &&}) is not exact.
     */
    private static final Pattern CONDITION =
            Pattern.compile("^\\s*(?:asFloat\\(\\s*result(?:\\[0\\])?\\s*\\)|result(?:\\[0\\])?)\\s*(<=|<|>=|>)\\s*"
                    + "(-?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*$");

    /** An Argo template argument placeholder: {@code {{args.service-name}}}. */
    static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

    private Values() {}

    /** A copy of {@code node} with every {@code {{args.NAME}}} of a known NAME replaced, in strings at any depth. */
    static JsonNode substitute(JsonNode node, Map<String, String> args) {
        if (node.isString()) {
            String text = node.asString();
            Matcher m = ARG.matcher(text);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String value = args.get(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(value == null ? m.group() : value));
            }
            m.appendTail(b);
            return Synthesis.NODES.stringNode(b.toString());
        }
        if (node.isObject()) {
            ObjectNode out = Synthesis.NODES.objectNode();
            for (String key : node.propertyNames()) {
                out.set(key, substitute(node.get(key), args));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Synthesis.NODES.arrayNode();
            node.forEach(v -> out.add(substitute(v, args)));
            return out;
        }
        return node;
    }

    /** The names of the {@code {{args.NAME}}} placeholders in the strings of {@code node}, at any depth. */
    static void placeholders(JsonNode node, Set<String> into) {
        if (node.isString()) {
            Matcher m = ARG.matcher(node.asString());
            while (m.find()) {
                into.add(m.group(1));
            }
        } else {
            node.forEach(v -> placeholders(v, into));
        }
    }

    /**
     * A metric name usable in the release manifest (a letter or '_' then letters, digits or '_'):
     * {@code error-rate} becomes {@code errorRate}.
     */
    static String metricName(String name) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_') {
                b.append(upper && b.length() > 0 ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (b.isEmpty() || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    /**
     * A duration as the release manifest writes it: Argo and Flagger take a number of seconds or a Go
     * duration ({@code 1m30s}); anything else is empty.
     */
    static Optional<String> duration(JsonNode v) {
        if (v.isIntegralNumber()) {
            return Optional.of(v.asLong() + "s");
        }
        if (!v.isString()) {
            return Optional.empty();
        }
        String s = v.asString().strip();
        if (PLAIN_NUMBER.matcher(s).matches()) {
            return Optional.of(Long.parseLong(s) + "s");
        }
        return DURATION.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** A threshold read from an Argo condition: the operator and the number. */
    record Threshold(String operator, double value) {
        /** The release's bound field for this comparison as a success condition, or as a failure condition. */
        String bound(boolean success) {
            String op = success ? operator : opposite(operator);
            return switch (op) {
                case "<=" -> "max";
                case "<" -> "below";
                case ">=" -> "min";
                case ">" -> "above";
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        private static String opposite(String op) {
            return switch (op) {
                case "<=" -> ">";
                case "<" -> ">=";
                case ">=" -> "<";
                case ">" -> "<=";
                default -> throw new IllegalStateException("operator " + op);
            };
        }
    }

    /** A whole number written as a number or a string of digits (Argo's count and limits are IntOrString). */
    static Optional<Integer> count(JsonNode v) {
        if (v.isIntegralNumber()) {
            return Optional.of(v.asInt());
        }
        if (v.isString() && PLAIN_NUMBER.matcher(v.asString().strip()).matches()) {
            return Optional.of(Integer.parseInt(v.asString().strip()));
        }
        return Optional.empty();
    }

    static Optional<Threshold> condition(String expression) {
        Matcher m = CONDITION.matcher(expression);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Threshold(m.group(1), Double.parseDouble(m.group(2))));
    }

    /** The tag of an image reference ({@code repo/app:1.2.3@sha256:...} gives {@code 1.2.3}). */
    static Optional<String> imageTag(String image) {
        String s = image;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        return colon > slash && colon < s.length() - 1 ? Optional.of(s.substring(colon + 1)) : Optional.empty();
    }
}
