package dev.releasepolicy.core.manifest;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.secret.Redaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML files into {@link Manifest}s, keeping the {@code line:column} of every value.
 *
 * <p>Jackson's YAML parser is used as a token stream and the tree is built here, because the
 * defaults lose or change data silently: aliases would become the anchor's name as a string, merge
 * keys would be ignored and duplicate keys would be last-wins. Here aliases and {@code <<} merges
 * are expanded (bounded by {@link LoadLimits#maxExpandedValues()} against alias bombs), duplicate
 * keys are errors, and plain scalars that a YAML 1.1 reader would take differently ({@code no},
 * {@code 1.10}, {@code 012}, {@code 22:00}) are warnings that say to quote them. Hostile input
 * (too large, not UTF-8, binary, too deep) becomes a finding, never an exception.
 *
 * <p>Thread-safe: each call uses its own parser.
 */
public final class ManifestLoader {

    /** Policy id of syntax errors and refused input. */
    public static final String YAML = "yaml";

    public static final String DUPLICATE_KEY = "yaml/duplicate-key";
    public static final String AMBIGUOUS_SCALAR = "yaml/ambiguous-scalar";
    public static final String ALIAS = "yaml/alias";
    public static final String INPUT = "input";

    private static final Pattern YAML11_BOOLEAN = Pattern.compile("(?i)y|yes|n|no|on|off");
    private static final Pattern YAML11_OCTAL = Pattern.compile("[-+]?0[0-9_]+");
    private static final Pattern YAML11_SEXAGESIMAL = Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");

    // Jackson's wording: "Number value length (2001) exceeds the maximum allowed (1000, from `...`)".
    private static final Pattern CONSTRAINT = Pattern.compile(
            "^([A-Za-z ]+?) (?:value )?(?:length|depth) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)");

    private final LoadLimits limits;
    private final YAMLFactory factory;

    public ManifestLoader() {
        this(LoadLimits.DEFAULT);
    }

    public ManifestLoader(LoadLimits limits) {
        this.limits = limits;
        int codePoints = (int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes() + 1);
        this.factory = YAMLFactory.builder()
                .loadSettings(
                        LoadSettings.builder().setCodePointLimit(codePoints).build())
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxDocumentLength(limits.maxFileBytes() + 1)
                        .build())
                .build();
    }

    /** Loads a file; {@code displayName} is how findings name it (usually the path as given). */
    public LoadedFile load(Path path, String displayName) {
        try {
            long size = Files.size(path);
            if (size > limits.maxFileBytes()) {
                return refused(
                        displayName,
                        "file is " + size + " bytes, over the limit of " + limits.maxFileBytes() + " bytes",
                        "split the file into several manifests");
            }
            return parse(displayName, Files.readAllBytes(path));
        } catch (IOException e) {
            return refused(
                    displayName, "cannot read file: " + e.getMessage(), "check that the file exists and is readable");
        }
    }

    /** Loads YAML from bytes, which must be UTF-8. */
    public LoadedFile parse(String displayName, byte[] bytes) {
        if (bytes.length > limits.maxFileBytes()) {
            return refused(
                    displayName,
                    "file is " + bytes.length + " bytes, over the limit of " + limits.maxFileBytes() + " bytes",
                    "split the file into several manifests");
        }
        if (bytes.length >= 2
                && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                        || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            return refused(displayName, "file is UTF-16, not UTF-8", "save the file as UTF-8");
        }
        int nul = indexOf(bytes, (byte) 0);
        if (nul >= 0) {
            return refused(
                    displayName,
                    "file looks binary (NUL byte at offset " + nul + ")",
                    "pass only YAML release manifests");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? 3
                : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            int at = firstInvalidUtf8(bytes, start);
            return refused(
                    displayName,
                    "file is not valid UTF-8 (invalid byte 0x" + String.format("%02X", bytes[at] & 0xff) + " at offset "
                            + at + ")",
                    "save the file as UTF-8");
        }
        return parse(displayName, text);
    }

    /** Loads YAML text. */
    public LoadedFile parse(String displayName, String text) {
        List<Finding> findings = new ArrayList<>();
        List<Manifest> manifests = new ArrayList<>();
        if (text.isBlank() || onlyComments(text)) {
            findings.add(Finding.error(
                    YAML,
                    "file is empty: it holds no release manifest",
                    "add a manifest (apiVersion: releasepolicy.dev/v1, kind: Release) or remove the file",
                    Location.ofFile(displayName),
                    ""));
            return new LoadedFile(displayName, manifests, findings);
        }
        YAMLParser parser = null;
        try (YAMLParser opened = (YAMLParser) factory.createParser(ObjectReadContext.empty(), text)) {
            parser = opened;
            int document = 0;
            CodePointIndex index = CodePointIndex.of(text);
            while (parser.nextToken() != null) {
                SourceMap map = new SourceMap(displayName);
                Document doc = new Document(parser, text, index, map, findings);
                TokenStreamLocation where = parser.currentTokenLocation();
                JsonNode root = doc.readValue("");
                if (root.isObject()) {
                    manifests.add(new Manifest(displayName, document, root, map));
                } else if (!root.isNull()) {
                    findings.add(Finding.error(
                            YAML,
                            "document " + (document + 1) + " is not a mapping but a "
                                    + root.getNodeType().name().toLowerCase(),
                            "a release manifest starts with 'apiVersion:' and 'kind: Release'",
                            location(displayName, where),
                            ""));
                }
                document++;
            }
        } catch (StreamConstraintsException e) {
            findings.add(limitHit(displayName, e, parser));
        } catch (AliasBombException e) {
            findings.add(Finding.error(
                    ALIAS,
                    e.getMessage(),
                    "write the data out instead of repeating it through aliases, or use fewer aliases: together"
                            + " they may add at most " + limits.maxExpandedValues() + " values to a document",
                    e.location,
                    e.pointer));
        } catch (JacksonException e) {
            findings.add(Finding.error(
                    YAML,
                    "YAML syntax error: " + describe(e),
                    "fix the YAML syntax at this line (indentation, a missing ':' or an unclosed quote or bracket)",
                    location(displayName, e.getLocation()),
                    ""));
        }
        return new LoadedFile(displayName, manifests, findings);
    }

    /**
     * A parser limit was hit: say which one, with its number and where, instead of Jackson's wording
     * (which names its Java methods and no place).
     */
    private Finding limitHit(String file, StreamConstraintsException e, YAMLParser parser) {
        TokenStreamLocation at = e.getLocation();
        if ((at == null || at.getLineNr() <= 0) && parser != null) {
            at = parser.currentLocation();
        }
        Matcher m = CONSTRAINT.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
        boolean known = m.find();
        String what = known ? m.group(1).toLowerCase(Locale.ROOT) : "";
        String size = known ? m.group(2) : "";
        String limit = known ? m.group(3) : "";
        String message;
        String hint;
        if (what.startsWith("number")) {
            message = "refused: a number of " + size + " digits, over the limit of " + limit + " digits";
            hint = "numbers in a release manifest have at most " + limit
                    + " digits; if this is text (an id, a digest), quote it";
        } else if (what.contains("nesting")) {
            message = "refused: nested " + size + " levels deep, over the limit of " + limit + " levels";
            hint = "a release manifest is nested at most " + limits.maxNestingDepth() + " levels deep";
        } else if (what.startsWith("name")) {
            message = "refused: a key of " + size + " characters, over the limit of " + limit + " characters";
            hint = "keys in a release manifest are short names; look for a missing line break or quote";
        } else if (what.startsWith("string")) {
            message = "refused: a text value of " + size + " characters, over the limit of " + limit + " characters";
            hint = "split large data into several files of at most " + limits.maxFileBytes() + " bytes";
        } else {
            message = "refused: the document is larger than the loader accepts";
            hint = "keep the file under " + limits.maxFileBytes() + " bytes and nested at most "
                    + limits.maxNestingDepth() + " levels deep";
        }
        Location where = location(file, at);
        if ((what.startsWith("number") || what.startsWith("name")) && where.column() > Integer.parseInt(size)) {
            // The parser stands just after the number or key it refused; point at its first character.
            where = new Location(file, where.line(), where.column() - Integer.parseInt(size));
        }
        return Finding.error(YAML, message, hint, where, "");
    }

    private static LoadedFile refused(String file, String message, String hint) {
        return new LoadedFile(file, List.of(), List.of(Finding.error(INPUT, message, hint, Location.ofFile(file), "")));
    }

    private static Location location(String file, TokenStreamLocation l) {
        if (l == null || l.getLineNr() <= 0) {
            return Location.ofFile(file);
        }
        return new Location(file, l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    private static String describe(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "the parser stopped here";
        }
        // snakeyaml-engine messages repeat the location and a source excerpt: keep the first sentence.
        return firstLine(m).replaceAll("\\s+", " ").trim();
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static boolean onlyComments(String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int firstInvalidUtf8(byte[] bytes, int from) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = d.decode(in, out, true);
        return result.isError() ? in.position() : from;
    }

    /** Thrown inside one document when aliases expand past the limit. */
    private static final class AliasBombException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Location location;
        final String pointer;

        AliasBombException(String message, Location location, String pointer) {
            super(message, null, false, false);
            this.location = location;
            this.pointer = pointer;
        }
    }

    /** An anchored value and how many values it expands to. */
    private record Anchored(JsonNode node, long size) {}

    /** Builds one document's tree from the token stream. */
    private final class Document {
        private final YAMLParser p;
        private final String src;
        private final CodePointIndex index;
        private final SourceMap map;
        private final List<Finding> findings;
        private final Map<String, Anchored> anchors = new HashMap<>();
        /** Values in the tree so far, those reached through aliases included (for the size of an anchor). */
        private long values;
        /** Values added by expanding aliases: only these are limited, the file size bounds the rest. */
        private long viaAliases;

        Document(YAMLParser p, String src, CodePointIndex index, SourceMap map, List<Finding> findings) {
            this.p = p;
            this.src = src;
            this.index = index;
            this.map = map;
            this.findings = findings;
        }

        /** Reads the value whose first token is the current one; leaves the parser on its last token. */
        JsonNode readValue(String pointer) {
            JsonToken t = p.currentToken();
            TokenStreamLocation where = p.currentTokenLocation();
            int line = where.getLineNr();
            int column = where.getColumnNr();
            map.putValue(pointer, line, column);
            if (p.isCurrentAlias()) {
                return alias(pointer, line, column);
            }
            String anchor = anchorOf(t, where);
            long before = values;
            JsonNode node = switch (t) {
                case START_OBJECT -> readObject(pointer);
                case START_ARRAY -> readArray(pointer);
                case VALUE_STRING -> scalarString(pointer, where);
                case VALUE_NUMBER_INT -> {
                    map.putRaw(pointer, p.getString());
                    yield JsonNodeFactory.instance.numberNode(p.getBigIntegerValue());
                }
                case VALUE_NUMBER_FLOAT -> scalarFloat(pointer, where);
                case VALUE_TRUE, VALUE_FALSE -> {
                    map.putRaw(pointer, p.getString());
                    yield JsonNodeFactory.instance.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
                default -> JsonNodeFactory.instance.stringNode(p.getString());
            };
            values++;
            if (anchor != null) {
                anchors.put(anchor, new Anchored(node, values - before));
            }
            return node;
        }

        private String anchorOf(JsonToken t, TokenStreamLocation where) {
            Object id = p.getObjectId();
            if (id != null) {
                return id.toString();
            }
            if (t.isStructStart()) {
                return null;
            }
            // Jackson reports anchors of collections only; a scalar's anchor is read from the source.
            int i = index.charIndex(where.getCharOffset());
            while (i >= 0 && i < src.length() && (src.charAt(i) == '&' || src.charAt(i) == '!')) {
                int end = i + 1;
                while (end < src.length() && !Character.isWhitespace(src.charAt(end))) {
                    end++;
                }
                if (src.charAt(i) == '&') {
                    return src.substring(i + 1, end);
                }
                i = end;
                while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
                    i++;
                }
            }
            return null;
        }

        private JsonNode alias(String pointer, int line, int column) {
            String name = p.getString();
            Anchored a = anchors.get(name);
            if (a == null) {
                findings.add(Finding.error(
                        ALIAS,
                        "alias *" + name + " names no anchor defined before it",
                        "define '&" + name + "' earlier in the same document, or remove the alias",
                        new Location(map.file(), line, column),
                        pointer));
                return JsonNodeFactory.instance.nullNode();
            }
            values += a.size();
            viaAliases += a.size();
            if (viaAliases > limits.maxExpandedValues()) {
                throw new AliasBombException(
                        "refused: YAML aliases in this document expand to more than " + limits.maxExpandedValues()
                                + " values (an alias bomb?); the limit was reached at alias *" + name,
                        new Location(map.file(), line, column),
                        pointer);
            }
            return a.node();
        }

        private ObjectNode readObject(String pointer) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            List<JsonNode> merges = new ArrayList<>();
            Map<String, Integer> firstLine = new HashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                TokenStreamLocation keyAt = p.currentTokenLocation();
                String child = pointer + "/" + SourceMap.escape(name);
                p.nextToken();
                if ("<<".equals(name) && !isQuotedAt(keyAt)) {
                    merges.add(readValue(child));
                    continue;
                }
                if (object.has(name)) {
                    findings.add(Finding.error(
                            DUPLICATE_KEY,
                            "duplicate key '" + name + "' (first at line " + firstLine.get(name) + ")",
                            "remove one of the two '" + name + "' keys; YAML keeps only one of them",
                            new Location(map.file(), keyAt.getLineNr(), keyAt.getColumnNr()),
                            child));
                    readValue(child + "#duplicate");
                    continue;
                }
                firstLine.put(name, keyAt.getLineNr());
                map.putKey(child, keyAt.getLineNr(), keyAt.getColumnNr());
                object.set(name, readValue(child));
            }
            for (JsonNode merge : merges) {
                merge(object, merge, pointer);
            }
            return object;
        }

        private void merge(ObjectNode target, JsonNode source, String pointer) {
            if (source.isObject()) {
                for (Map.Entry<String, JsonNode> e : source.properties()) {
                    if (!target.has(e.getKey())) {
                        target.set(e.getKey(), e.getValue());
                    }
                }
            } else if (source.isArray()) {
                for (JsonNode each : source) {
                    merge(target, each, pointer);
                }
            } else {
                findings.add(Finding.error(
                        ALIAS,
                        "merge key '<<' needs a mapping or a list of mappings",
                        "write '<<: *anchor' where the anchor names a mapping",
                        map.locate(pointer + "/<<"),
                        pointer));
            }
        }

        private ArrayNode readArray(String pointer) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                array.add(readValue(pointer + "/" + index++));
            }
            return array;
        }

        private JsonNode scalarString(String pointer, TokenStreamLocation where) {
            String text = p.getString();
            if (p.getRawTag() == null && isPlainAt(where)) {
                String reading = null;
                if (YAML11_BOOLEAN.matcher(text).matches()) {
                    reading = "the boolean "
                            + !(text.equalsIgnoreCase("n")
                                    || text.equalsIgnoreCase("no")
                                    || text.equalsIgnoreCase("off"));
                } else if (YAML11_OCTAL.matcher(text).matches()) {
                    reading = "an octal number";
                } else if (YAML11_SEXAGESIMAL.matcher(text).matches()) {
                    reading = "a base-60 number";
                }
                if (reading != null) {
                    String shown = Redaction.shownValue(pointer, text);
                    ambiguous(
                            pointer,
                            where,
                            "unquoted '" + shown + "' is read as text here, but YAML 1.1 tools read it as " + reading,
                            shown.equals(text) ? "quote it: \"" + text + "\"" : "quote the value");
                }
            }
            return JsonNodeFactory.instance.stringNode(text);
        }

        private JsonNode scalarFloat(String pointer, TokenStreamLocation where) {
            String text = p.getString();
            map.putRaw(pointer, text);
            double value = p.getDoubleValue();
            int dot = text.indexOf('.');
            if (dot >= 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0 && text.endsWith("0")) {
                String shown = Redaction.shownValue(pointer, text);
                boolean hidden = !shown.equals(text);
                ambiguous(
                        pointer,
                        where,
                        "unquoted '" + shown + "' is read as the number "
                                + (hidden ? "without its trailing zeros" : stripZeros(text)),
                        hidden
                                ? "if this is a version or other text, quote the value"
                                : "if this is a version or other text, quote it: \"" + text + "\"");
            }
            return JsonNodeFactory.instance.numberNode(value);
        }

        private void ambiguous(String pointer, TokenStreamLocation where, String message, String hint) {
            findings.add(Finding.warning(
                    AMBIGUOUS_SCALAR,
                    message,
                    hint,
                    new Location(map.file(), where.getLineNr(), where.getColumnNr()),
                    pointer));
        }

        private boolean isPlainAt(TokenStreamLocation where) {
            int i = index.charIndex(where.getCharOffset());
            if (i < 0 || i >= src.length()) {
                return false;
            }
            // Skip an anchor or tag in front of the scalar.
            while (i < src.length() && (src.charAt(i) == '&' || src.charAt(i) == '!')) {
                while (i < src.length() && !Character.isWhitespace(src.charAt(i))) {
                    i++;
                }
                while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
                    i++;
                }
            }
            if (i >= src.length()) {
                return false;
            }
            char c = src.charAt(i);
            return c != '"' && c != '\'' && c != '|' && c != '>';
        }

        private boolean isQuotedAt(TokenStreamLocation where) {
            int i = index.charIndex(where.getCharOffset());
            return i >= 0 && i < src.length() && (src.charAt(i) == '"' || src.charAt(i) == '\'');
        }
    }

    private static String stripZeros(String text) {
        String s = text.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
