package dev.releasepolicy.executor.audit;

import dev.releasepolicy.core.secret.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends audit entries as hash-chained JSON lines to an {@link AuditSink} and verifies such trails.
 *
 * <p>Each line holds {@code seq, time, actor, application, fingerprint, operation, step, result,
 * reason, detail, prev, hash}. {@code prev} is the previous line's {@code hash} (64 zeros for the
 * first) and {@code hash} is the SHA-256 (hex) of the record's canonical form: the JSON object
 * without {@code hash}, keys sorted at every level, no white space. Editing a record breaks its hash;
 * removing, inserting or reordering records breaks the chain at the first line out of place. Only
 * cutting records off the end leaves a valid chain: compare the head with the one kept elsewhere
 * (the release state in the cluster) via {@link #verify(List, Optional)}.
 *
 * <p>Every text field is scrubbed by the {@link Redactor} before it is hashed and stored, so no
 * secret can reach the trail. Appends are synchronized; one {@code AuditLog} per trail.
 */
public final class AuditLog {

    /** {@code prev} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Reads records for verification: a duplicate key or text after the record is an error, because
     * a reader keeping only one of two {@code "result"} keys would see a record other than the one
     * hashed ({@code {"result":"FORGED", ...original keys}} once verified as intact).
     */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The text fields of a record, in the order they are written; {@code seq} and {@code detail} come besides. */
    private static final List<String> TEXT_FIELDS = List.of(
            "time", "actor", "application", "fingerprint", "operation", "step", "result", "reason", "prev", "hash");

    private final AuditSink sink;
    private final Clock clock;
    private final Redactor redactor;
    private String head = GENESIS;

    public AuditLog(AuditSink sink, Clock clock, Redactor redactor) {
        this.sink = sink;
        this.clock = clock;
        this.redactor = redactor;
    }

    /**
     * A trail in a JSON-lines file, verified before anything is appended to it (a missing or empty file
     * starts a new trail).
     *
     * @throws DamagedAuditTrailException when the existing trail does not verify
     * @throws IOException when the file cannot be read
     */
    public static AuditLog toIntactFile(Path file) throws IOException {
        FileAuditSink sink = new FileAuditSink(file);
        AuditVerification v = verify(sink.lines(), Optional.empty());
        if (!v.intact()) {
            throw new DamagedAuditTrailException(file, v);
        }
        return new AuditLog(sink, Clock.systemUTC(), Redactor.none());
    }

    /**
     * Appends an entry, chained on the trail's last record as the sink holds it at that moment (other
     * writers may have appended since this log's last append), and returns the stored record.
     */
    public synchronized AuditRecord append(AuditEntry entry) {
        return append(entry, clock.instant());
    }

    /**
     * Appends an entry stamped with {@code time}: writers that keep several copies of a trail stamp an
     * entry once, so that every copy holds the same record (and the same hashes).
     */
    public synchronized AuditRecord append(AuditEntry entry, Instant time) {
        AuditEntry clean = scrub(entry);
        AuditRecord[] made = new AuditRecord[1];
        try {
            sink.append(last -> {
                long seq = 1;
                String prev = GENESIS;
                if (last.isPresent()) {
                    JsonNode tail = parseLast(last.get());
                    seq = tail.path("seq").asLong() + 1;
                    prev = tail.path("hash").asString();
                }
                ObjectNode node = toNode(seq, time, clean, prev);
                String hash = sha256(canonical(node));
                node.put("hash", hash);
                String line = JSON.writeValueAsString(node);
                made[0] = new AuditRecord(seq, time, clean, prev, hash, line);
                return line;
            });
            head = made[0].hash();
            return made[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit trail " + sink + ": " + e.getMessage(), e);
        }
    }

    /** The hash of the last record appended (or {@link #GENESIS}); store it to detect truncation. */
    public synchronized String head() {
        return head;
    }

    private JsonNode parseLast(String last) {
        try {
            JsonNode node = JSON.readTree(last);
            if (node == null
                    || node.path("hash").asString("").length() != 64
                    || !node.path("seq").canConvertToLong()) {
                throw new IllegalStateException("the audit trail " + sink
                        + " is damaged at its last line (no hash or seq): run 'release-policy audit verify' on it");
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the audit trail " + sink
                            + " is damaged at its last line (not JSON): run 'release-policy audit verify' on it",
                    e);
        }
    }

    private AuditEntry scrub(AuditEntry e) {
        Map<String, String> detail = new TreeMap<>();
        e.detail().forEach((k, v) -> detail.put(redactor.scrub(k), redactor.scrub(v)));
        return new AuditEntry(
                redactor.scrub(e.actor()),
                redactor.scrub(e.application()),
                redactor.scrub(e.fingerprint()),
                redactor.scrub(e.operation()),
                redactor.scrub(e.step()),
                redactor.scrub(e.result()),
                redactor.scrub(e.reason()),
                detail);
    }

    private static ObjectNode toNode(long seq, Instant time, AuditEntry e, String prev) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seq", seq);
        node.put("time", time.toString());
        node.put("actor", e.actor());
        node.put("application", e.application());
        node.put("fingerprint", e.fingerprint());
        node.put("operation", e.operation());
        node.put("step", e.step());
        node.put("result", e.result());
        node.put("reason", e.reason());
        ObjectNode detail = node.putObject("detail");
        e.detail().forEach(detail::put);
        node.put("prev", prev);
        return node;
    }

    /** Verifies a trail file; a missing file is an I/O error, an empty one is intact with 0 records. */
    public static AuditVerification verify(Path file) throws IOException {
        return verify(new FileAuditSink(file).lines(), Optional.empty());
    }

    /** Verifies trail lines. */
    public static AuditVerification verify(List<String> lines) {
        return verify(lines, Optional.empty());
    }

    /**
     * Verifies trail lines and, when given, that the last record's hash is {@code expectedHead} (the
     * head kept with the release state), which also detects records cut off the end.
     */
    public static AuditVerification verify(List<String> lines, Optional<String> expectedHead) {
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            JsonNode node;
            try {
                node = STRICT.readTree(lines.get(i));
            } catch (StreamReadException e) {
                String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
                return AuditVerification.tampered(
                        lineNo,
                        why.startsWith("Duplicate")
                                ? "a key appears twice in the record (" + duplicateName(why)
                                        + "): a reader would see another record than the one hashed"
                                : "not a JSON record",
                        prev);
            } catch (JacksonException e) {
                return AuditVerification.tampered(lineNo, "not a JSON record, or text after the record", prev);
            }
            if (node == null
                    || !node.isObject()
                    || !node.path("hash").isString()
                    || !node.path("prev").isString()) {
                return AuditVerification.tampered(lineNo, "not an audit record (no hash or prev)", prev);
            }
            Optional<String> shape = shapeProblem(node);
            if (shape.isPresent()) {
                return AuditVerification.tampered(lineNo, shape.get(), prev);
            }
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            String stored = copy.remove("hash").asString();
            String actual = sha256(canonical(copy));
            if (!actual.equals(stored)) {
                return AuditVerification.tampered(
                        lineNo, "the record was edited: its hash does not match its content", prev);
            }
            if (!node.path("prev").asString().equals(prev)) {
                return AuditVerification.tampered(
                        lineNo,
                        lineNo == 1
                                ? "the first record does not start the chain: records were removed or inserted"
                                        + " before it"
                                : "the chain is broken: this record does not follow line " + (lineNo - 1)
                                        + " (a record was removed, inserted or reordered here)",
                        prev);
            }
            if (node.path("seq").asLong(-1) != lineNo) {
                return AuditVerification.tampered(
                        lineNo,
                        "sequence number " + node.path("seq").asString() + " where " + lineNo
                                + " was expected: records were removed, inserted or reordered",
                        prev);
            }
            prev = stored;
        }
        if (expectedHead.isPresent() && !expectedHead.get().equals(prev)) {
            return AuditVerification.tampered(
                    lines.size() + 1,
                    "the trail ends at head " + prev
                            + " but the release state records head " + expectedHead.get()
                            + ": records were cut off the end or the trail was replaced",
                    prev);
        }
        return AuditVerification.ok(lines.size(), prev);
    }

    /**
     * What makes this object something other than an audit record: a key the record schema does not
     * have, a missing one, or a value of the wrong type. Keys are compared as written, so a record with
     * an extra key cannot verify even when its hash was recomputed over it.
     */
    private static Optional<String> shapeProblem(JsonNode node) {
        for (String name : node.propertyNames()) {
            if (!name.equals("seq") && !name.equals("detail") && !TEXT_FIELDS.contains(name)) {
                return Optional.of("key '" + printable(name) + "' is not part of an audit record");
            }
        }
        if (!node.path("seq").isIntegralNumber()) {
            return Optional.of("'seq' is missing or not a whole number");
        }
        for (String name : TEXT_FIELDS) {
            if (!node.path(name).isString()) {
                return Optional.of("'" + name + "' is missing or not text");
            }
        }
        JsonNode detail = node.path("detail");
        if (!detail.isObject()) {
            return Optional.of("'detail' is missing or not an object");
        }
        for (Map.Entry<String, JsonNode> e : detail.properties()) {
            if (!e.getValue().isString()) {
                return Optional.of("detail '" + printable(e.getKey()) + "' is not text");
            }
        }
        return Optional.empty();
    }

    /** A key from a (possibly hostile) line, cut short and without control characters, for a message. */
    private static String printable(String key) {
        String shown = key.codePoints()
                .map(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }

    /** The key named in Jackson's "Duplicate Object property \"result\"" message. */
    private static String duplicateName(String message) {
        int open = message.indexOf('"');
        int close = open < 0 ? -1 : message.indexOf('"', open + 1);
        return close > open ? "'" + printable(message.substring(open + 1, close)) + "'" : "a key";
    }

    /** The canonical form: keys sorted at every level, no white space. */
    static String canonical(JsonNode node) {
        return JSON.writeValueAsString(sorted(node));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            for (String n : names) {
                out.set(n, sorted(node.get(n)));
            }
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + sink + "]";
    }
}
