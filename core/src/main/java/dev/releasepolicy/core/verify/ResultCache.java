package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.finding.Waiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verify cache: the findings of a manifest file, stored on disk and reused while nothing that
 * decides them changed.
 *
 * <p><b>The key</b> of an entry is the SHA-256 of the run key (the tool build, the policy set digest
 * — schema, policy files, configuration with its waivers — and each waiver's expired-or-not state at
 * the run's clock; made by the caller), the file's name as findings show it, whether the user named
 * it, and the file's bytes. An entry also lists what else the checks read, checked on every hit: other
 * files (a workload's Deployment file) by content hash, and the time-dependent inputs a policy actually
 * read: {@code ctx.now} (then the entry holds only for that very instant), {@code ctx.today} (for that
 * UTC day) or fields of a
 * {@link TimedInput} such as {@code ctx.window} (then it holds while those fields keep their values,
 * computed again at the run's clock without the policy engine).
 *
 * <p><b>Never trusted blindly.</b> An entry is one file {@code <key[0..2]>/<key>.json}: a first line
 * with the SHA-256 of the rest, then the entry as JSON naming its own key and format. An entry whose
 * checksum, key or format does not match, or that cannot be read, is ignored (a miss) and rewritten.
 * <b>Concurrent runs</b> write each entry to a temporary file in the same folder and move it into place
 * atomically, so a reader sees a whole entry or none. <b>Size</b> is bounded: after a run that wrote
 * entries, the oldest entries (by write time) are deleted beyond {@link Limits}. A cache that cannot
 * be read or written never fails a run: it only makes it slower. Thread-safe.
 */
public final class ResultCache {

    /** Bounds of the cache folder. */
    public record Limits(long maxBytes, int maxEntries) {
        /** 256 MB and 100,000 entries (about 1-3 KB each). */
        public static final Limits DEFAULT = new Limits(256L * 1024 * 1024, 100_000);
    }

    /** A stored result, found valid for this run. */
    public record Hit(List<Finding> fileFindings, List<ManifestResult> manifests) {}

    static final int FORMAT = 1;
    private static final String SUFFIX = ".json";
    private static final String NOW = "now";
    private static final String TODAY = "today";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path dir;
    private final String runKey;
    private final Map<String, TimedInput> inputs;
    private final Limits limits;
    private final AtomicInteger written = new AtomicInteger();
    private final Set<Path> madeDirs = ConcurrentHashMap.newKeySet();
    /** Numbers temporary files: unique within the process, whichever instance or thread writes. */
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private static final long PID = ProcessHandle.current().pid();

    /**
     * @param dir    the cache folder (made when the first entry is written)
     * @param runKey what every entry of this run depends on (tool, rules, waiver states)
     * @param inputs the time-dependent inputs by name, to check entries that read them
     */
    public ResultCache(Path dir, String runKey, Map<String, TimedInput> inputs, Limits limits) {
        this.dir = dir;
        this.runKey = runKey;
        this.inputs = Map.copyOf(inputs);
        this.limits = limits;
    }

    /** The cache folder. */
    public Path dir() {
        return dir;
    }

    /** The key of a file's entry. */
    public String key(String displayName, boolean explicit, byte[] bytes) {
        return sha256(("release-policy verify cache " + FORMAT + "\n" + runKey + "\n" + displayName + "\n" + explicit
                        + "\n" + sha256(bytes))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The entry for {@code key} when it exists, is intact and still holds at {@code now}. */
    public Optional<Hit> lookup(String key, Instant now) {
        Optional<JsonNode> body = read(entryFile(key), key);
        if (body.isEmpty() || !stillHolds(body.get(), now)) {
            return Optional.empty();
        }
        try {
            JsonNode b = body.get();
            String file = b.path("file").asString();
            List<Finding> fileFindings = findings(b.path("fileFindings"));
            List<ManifestResult> manifests = new ArrayList<>();
            for (JsonNode m : b.path("manifests")) {
                manifests.add(new ManifestResult(
                        file,
                        m.path("document").asInt(),
                        m.path("name").asString(),
                        findings(m.path("findings")),
                        true));
            }
            return Optional.of(new Hit(fileFindings, manifests));
        } catch (RuntimeException e) {
            return Optional.empty(); // a well-formed but foreign entry: rewritten after the check
        }
    }

    /** Stores the result of checking a file at {@code now}, with what the checks read ({@code trace}). */
    public void store(
            String key,
            String file,
            Instant now,
            List<Finding> fileFindings,
            List<ManifestResult> manifests,
            CheckTrace trace) {
        ObjectNode b = JSON.createObjectNode();
        b.put("format", FORMAT);
        b.put("key", key);
        b.put("file", file);
        b.put("at", now.toString());
        ArrayNode reads = b.putArray("reads");
        List<Path> files = trace.files();
        List<String> hashes = trace.hashes();
        for (int i = 0; i < files.size(); i++) {
            reads.addObject().put("path", stored(files.get(i))).put("hash", hashes.get(i));
        }
        ArrayNode clock = b.putArray("clock");
        for (CheckTrace.Clock c : trace.clocks()) {
            ObjectNode o = clock.addObject();
            o.put("name", c.name());
            if (c.input() != null) {
                o.set("input", c.input());
            }
            o.set("value", c.value());
            o.put("all", c.all());
        }
        b.set("fileFindings", toJson(fileFindings));
        ArrayNode ms = b.putArray("manifests");
        for (ManifestResult m : manifests) {
            ObjectNode o = ms.addObject();
            o.put("document", m.document());
            o.put("name", m.name());
            o.set("findings", toJson(m.findings()));
        }
        write(entryFile(key), b);
    }

    /** A side entry of this run key (e.g. the policies' descriptions), when present and intact. */
    public Optional<JsonNode> side(String name) {
        String key = sideKey(name);
        return read(entryFile(key), key).map(b -> b.path("value"));
    }

    /** Stores a side entry of this run key. */
    public void storeSide(String name, JsonNode value) {
        String key = sideKey(name);
        ObjectNode b = JSON.createObjectNode();
        b.put("format", FORMAT);
        b.put("key", key);
        b.set("value", value);
        write(entryFile(key), b);
    }

    /** Entries written by this instance. */
    public int written() {
        return written.get();
    }

    /**
     * Deletes the oldest entries beyond the limits, and temporary files older than an hour (left by a
     * run that was killed); only after a run that wrote something, since a run that wrote nothing did
     * not make the cache bigger.
     */
    public void prune() {
        if (written.get() == 0 || !Files.isDirectory(dir)) {
            return;
        }
        record Stored(Path path, long size, FileTime time) {}
        List<Stored> all = new ArrayList<>();
        Instant staleTemp = Instant.now().minusSeconds(3600);
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
                Path p = it.next();
                try {
                    // One stat per file (a cold run over 10,000 manifests prunes 10,000 entries).
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    FileTime t = a.lastModifiedTime();
                    if (p.getFileName().toString().startsWith(".tmp")) {
                        if (t.toInstant().isBefore(staleTemp)) {
                            Files.deleteIfExists(p);
                        }
                        continue;
                    }
                    all.add(new Stored(p, a.size(), t));
                } catch (IOException e) {
                    // another run deleted it meanwhile
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return;
        }
        long total = all.stream().mapToLong(Stored::size).sum();
        int count = all.size();
        if (total <= limits.maxBytes() && count <= limits.maxEntries()) {
            return;
        }
        all.sort(Comparator.comparing(Stored::time));
        for (Stored s : all) {
            if (total <= limits.maxBytes() && count <= limits.maxEntries()) {
                break;
            }
            try {
                Files.deleteIfExists(s.path());
            } catch (IOException e) {
                // in use or gone: the next prune tries again
            }
            total -= s.size();
            count--;
        }
    }

    /** {@code sha256 hex} of a file's bytes, {@code absent} when it does not exist, else {@code unreadable}. */
    static String contentHash(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    private boolean stillHolds(JsonNode b, Instant now) {
        for (JsonNode r : b.path("reads")) {
            String hash = r.path("hash").asString();
            if (hash.equals("unreadable")
                    || !hash.equals(contentHash(Path.of(r.path("path").asString())))) {
                return false;
            }
        }
        String instant = now.toString();
        String today = VerifyContext.today(now);
        for (JsonNode c : b.path("clock")) {
            String name = c.path("name").asString();
            if (name.equals(NOW) && !c.path("value").asString().equals(instant)
                    || name.equals(TODAY) && !c.path("value").asString().equals(today)) {
                return false;
            }
        }
        if (b.path("at").asString().equals(instant)) {
            // Stored at this very instant: every time-dependent input (a function of its input and the
            // instant) has the value it had then, so none needs computing again.
            return true;
        }
        for (JsonNode c : b.path("clock")) {
            String name = c.path("name").asString();
            JsonNode value = c.path("value");
            if (name.equals(NOW) || name.equals(TODAY)) {
                continue;
            }
            TimedInput in = inputs.get(name);
            if (in == null) {
                return false;
            }
            JsonNode current;
            try {
                current = in.evaluate(c.path("input"), now);
            } catch (RuntimeException e) {
                return false;
            }
            if (!value.equals(c.path("all").asBoolean() ? current : project(current, value))) {
                return false;
            }
        }
        return true;
    }

    /** The fields of {@code current} named in {@code read} (null for a field that is missing). */
    private static JsonNode project(JsonNode current, JsonNode read) {
        ObjectNode o = JSON.createObjectNode();
        for (String name : read.propertyNames()) {
            if (current.has(name)) {
                o.set(name, current.get(name));
            } else {
                o.putNull(name); // as recorded: a field read but absent is kept as null
            }
        }
        return o;
    }

    private String sideKey(String name) {
        return sha256(("release-policy verify cache side " + FORMAT + "\n" + runKey + "\n" + name)
                .getBytes(StandardCharsets.UTF_8));
    }

    private Path entryFile(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + SUFFIX);
    }

    /** The body of an entry file when its checksum, format and key match. */
    private static Optional<JsonNode> read(Path file, String key) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        int nl = -1;
        for (int i = 0; i < bytes.length && i < 100; i++) {
            if (bytes[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            return Optional.empty();
        }
        String checksum = new String(bytes, 0, nl, StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOfRange(bytes, nl + 1, bytes.length);
        if (!checksum.equals(sha256(body))) {
            return Optional.empty();
        }
        try {
            JsonNode b = JSON.readTree(body);
            if (b.path("format").asInt() != FORMAT || !key.equals(b.path("key").asString())) {
                return Optional.empty();
            }
            return Optional.of(b);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private void write(Path file, JsonNode body) {
        byte[] json = JSON.writeValueAsBytes(body);
        byte[] head = (sha256(json) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + json.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(json, 0, bytes, head.length, json.length);
        Path tmp = null;
        try {
            // A cold run writes thousands of entries, and each file system call counts (about 1 ms of CPU
            // per entry with createTempFile and a directory check each time): the folder is made once per
            // run, and the temporary name is unique without a random number (process, thread, counter).
            Path parent = file.getParent();
            if (!madeDirs.contains(parent)) {
                Files.createDirectories(parent);
                madeDirs.add(parent);
            }
            tmp = parent.resolve(".tmp-" + PID + "-" + Thread.currentThread().threadId() + "-"
                    + TEMP_COUNTER.incrementAndGet() + SUFFIX);
            try (var out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only makes the next run slower. The folder may have been
            // deleted meanwhile: the next entry makes it again.
            madeDirs.remove(file.getParent());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    /** A path as stored: relative to the working directory when inside it, so a moved checkout still hits. */
    private static String stored(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static ArrayNode toJson(List<Finding> findings) {
        ArrayNode a = JSON.createArrayNode();
        for (Finding f : findings) {
            ObjectNode o = a.addObject();
            o.put("policy", f.policyId());
            o.put("severity", f.severity().name());
            o.put("message", f.message());
            o.put("hint", f.hint());
            o.put("file", f.location().file());
            o.put("line", f.location().line());
            o.put("column", f.location().column());
            o.put("pointer", f.pointer());
            f.waiver()
                    .ifPresent(w -> o.putObject("waiver")
                            .put("reason", w.reason())
                            .put("owner", w.owner())
                            .put("expires", w.expires()));
        }
        return a;
    }

    private static List<Finding> findings(JsonNode a) {
        if (!a.isArray()) {
            throw new IllegalArgumentException("findings are not an array");
        }
        List<Finding> out = new ArrayList<>();
        for (JsonNode o : a) {
            JsonNode w = o.path("waiver");
            Optional<Waiver> waiver = w.isObject()
                    ? Optional.of(new Waiver(
                            w.path("reason").asString(),
                            w.path("owner").asString(),
                            w.path("expires").asString()))
                    : Optional.empty();
            out.add(new Finding(
                    o.path("policy").asString(),
                    Severity.valueOf(o.path("severity").asString()),
                    o.path("message").asString(),
                    o.path("hint").asString(),
                    new Location(
                            o.path("file").asString(),
                            o.path("line").asInt(),
                            o.path("column").asInt()),
                    o.path("pointer").asString(),
                    waiver));
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
