package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One item of {@code setHeaderRoute.match}: a request header and how its value must compare. Several
 * items of one header route must all hold (AND).
 */
public record HeaderMatch(String header, Kind kind, String value) {

    /** How a header value is compared. */
    public enum Kind {
        EXACT("exact"),
        PREFIX("prefix"),
        REGEX("regex");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The manifest's (and Istio's) key for this kind. */
        public String key() {
            return key;
        }
    }

    public HeaderMatch {
        Objects.requireNonNull(kind, "kind");
        if (header == null || header.isBlank()) {
            throw new EditRefusedException(
                    "a header match names no header", "write the match as {header: canary, exact: \"true\"}");
        }
        if (value == null || value.isEmpty()) {
            throw new EditRefusedException(
                    "header match on " + header + " has no value",
                    "give it one of exact, prefix or regex, such as {header: " + header + ", exact: \"true\"}");
        }
    }

    /** One {@code {header, exact|prefix|regex}} item of the manifest. */
    public static HeaderMatch parse(JsonNode item) {
        String header = item.path("header").asString("");
        List<Kind> given = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (item.has(k.key())) {
                given.add(k);
            }
        }
        if (given.size() > 1) {
            throw new EditRefusedException(
                    "header match on " + header + " has "
                            + given.stream().map(Kind::key).toList() + ": one value kind at most",
                    "keep one of exact, prefix or regex");
        }
        if (given.isEmpty()) {
            throw new EditRefusedException(
                    "header match on " + (header.isEmpty() ? "(no header)" : header) + " has no value",
                    "give it one of exact, prefix or regex, such as {header: " + (header.isEmpty() ? "canary" : header)
                            + ", exact: \"true\"}");
        }
        JsonNode value = item.get(given.get(0).key());
        if (!value.isString()) {
            throw new EditRefusedException(
                    "header match on " + header + ": " + given.get(0).key() + " is " + value + ", not a string",
                    "quote the value, such as " + given.get(0).key() + ": \"true\"");
        }
        return new HeaderMatch(header, given.get(0), value.asString());
    }

    /** Every item of {@code setHeaderRoute.match}; at least one. */
    public static List<HeaderMatch> parseAll(JsonNode match) {
        if (!match.isArray() || match.isEmpty()) {
            throw new EditRefusedException(
                    "setHeaderRoute has no match items", "add match: [{header: canary, exact: \"true\"}]");
        }
        List<HeaderMatch> all = new ArrayList<>();
        match.forEach(item -> all.add(parse(item)));
        return all;
    }

    /** The header name as Istio demands it: lower case (HTTP header names are case-insensitive). */
    String istioHeader() {
        return header.toLowerCase(Locale.ROOT);
    }
}
