package dev.releasepolicy.core.manifest;

import dev.releasepolicy.core.finding.Location;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where each value of one YAML document came from: JSON Pointer → line and column. Values reached
 * through a YAML alias have no entry of their own; {@link #locate} then answers with the nearest
 * ancestor that has one (the alias itself), which is where a user would look.
 */
public final class SourceMap {

    private final String file;
    private final Map<String, Long> values = new HashMap<>();
    private final Map<String, Long> keys = new HashMap<>();
    private final Map<String, String> rawScalars = new HashMap<>();
    /** For a document built in memory: answers every lookup (see {@link #derived}). */
    private final Optional<Function<String, Location>> derived;

    public SourceMap(String file) {
        this.file = file;
        this.derived = Optional.empty();
    }

    private SourceMap(String file, Function<String, Location> derived) {
        this.file = file;
        this.derived = Optional.of(derived);
    }

    /**
     * The source map of a document built in memory from other documents (a release read from an Argo
     * Rollout or a Flagger Canary): {@code locate} answers, for each pointer of the built document,
     * where its value was written, possibly in another file than {@code file}.
     */
    public static SourceMap derived(String file, Function<String, Location> locate) {
        return new SourceMap(file, locate);
    }

    /** The file as the user named it. */
    public String file() {
        return file;
    }

    void putValue(String pointer, int line, int column) {
        values.putIfAbsent(pointer, pack(line, column));
    }

    void putKey(String pointer, int line, int column) {
        keys.putIfAbsent(pointer, pack(line, column));
    }

    void putRaw(String pointer, String text) {
        rawScalars.put(pointer, text);
    }

    /**
     * The source text of a number or boolean scalar as written ({@code 1.10} for a value read as
     * 1.1), for hints that tell the user what to quote.
     */
    public java.util.Optional<String> rawScalar(String pointer) {
        return java.util.Optional.ofNullable(rawScalars.get(pointer));
    }

    /** The location of the value at {@code pointer}, or of its nearest located ancestor. */
    public Location locate(String pointer) {
        String p = pointer == null ? "" : pointer;
        if (derived.isPresent()) {
            return derived.get().apply(p);
        }
        while (true) {
            Long packed = values.get(p);
            if (packed != null) {
                return unpack(packed);
            }
            if (p.isEmpty()) {
                return new Location(file, 1, 1);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /**
     * The location of the key that names the value at {@code pointer} (for "unknown property" and
     * "duplicate key" findings); falls back to {@link #locate}.
     */
    public Location locateKey(String pointer) {
        if (derived.isPresent()) {
            return locate(pointer);
        }
        Long packed = keys.get(pointer);
        return packed != null ? unpack(packed) : locate(pointer);
    }

    private static long pack(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }

    private Location unpack(long packed) {
        return new Location(file, (int) (packed >>> 32), (int) packed);
    }

    /** Escapes one reference token for a JSON Pointer (RFC 6901). */
    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }
}
