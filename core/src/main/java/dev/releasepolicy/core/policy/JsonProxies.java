package dev.releasepolicy.core.policy;

import java.util.Iterator;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;
import tools.jackson.databind.JsonNode;

/**
 * Read-only views of a Jackson tree for policies: objects and arrays are {@link ProxyObject} and
 * {@link ProxyArray} wrappers made on access, scalars are plain strings, numbers and booleans.
 *
 * <p>Why not {@code JSON.parse} of the manifest: building and freezing a full JavaScript copy of every
 * manifest cost about 200 µs (interpreter mode) — more than all built-in policies together — while
 * the policies read only part of it. Proxies cost nothing up front and are read-only by nature
 * (writes fail with a TypeError in the policy). Host access stays {@code NONE}: proxies are the
 * polyglot API's own interfaces, not Java objects a policy could reflect on.
 */
final class JsonProxies {

    private JsonProxies() {}

    /** The value a policy sees for a node. */
    static Object wrap(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            return new Obj(n);
        }
        if (n.isArray()) {
            return new Arr(n);
        }
        if (n.isString()) {
            return n.asString();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.asInt() : (Object) n.asDouble();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return n.asString();
    }

    /**
     * The value a policy sees for {@code ctx}'s run-wide part ({@code {now, window}}), recording into
     * {@code reads} each top-level member read and each member read of an object one level below, as
     * {@code name} and {@code name/member} ({@code name/*} when its keys were listed).
     */
    static Object recording(JsonNode ctx, Set<String> reads) {
        return new Recording(ctx, reads, "");
    }

    /** A JSON object that records which members are read; otherwise the plain {@link Obj}. */
    static final class Recording extends Obj {
        private final Set<String> reads;
        private final String prefix;

        Recording(JsonNode node, Set<String> reads, String prefix) {
            super(node);
            this.reads = reads;
            this.prefix = prefix;
        }

        @Override
        public Object getMember(String key) {
            reads.add(prefix + key);
            JsonNode v = node.get(key);
            if (prefix.isEmpty() && v != null && v.isObject()) {
                return new Recording(v, reads, key + "/");
            }
            return super.getMember(key);
        }

        @Override
        public Object getMemberKeys() {
            reads.add(prefix + "*");
            return super.getMemberKeys();
        }

        @Override
        public boolean hasMember(String key) {
            reads.add(prefix + key);
            return super.hasMember(key);
        }
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the release manifest is read-only");
    }

    /** A JSON object. */
    static class Obj implements ProxyObject {
        final JsonNode node;

        Obj(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object getMember(String key) {
            return wrap(node.get(key));
        }

        @Override
        public Object getMemberKeys() {
            Object[] keys = new Object[node.size()];
            int i = 0;
            for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
                keys[i++] = it.next();
            }
            return ProxyArray.fromArray(keys);
        }

        @Override
        public boolean hasMember(String key) {
            return node.has(key);
        }

        @Override
        public void putMember(String key, Value value) {
            throw readOnly();
        }

        @Override
        public boolean removeMember(String key) {
            throw readOnly();
        }

        /** What JavaScript shows for a plain object: never a Java class name. */
        @Override
        public String toString() {
            return "[object Object]";
        }
    }

    /** A JSON array. */
    static final class Arr implements ProxyArray {
        private final JsonNode node;

        Arr(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(long index) {
            return index >= 0 && index < node.size() ? wrap(node.get((int) index)) : null;
        }

        @Override
        public void set(long index, Value value) {
            throw readOnly();
        }

        @Override
        public boolean remove(long index) {
            throw readOnly();
        }

        @Override
        public long getSize() {
            return node.size();
        }

        /** What JavaScript shows for an array (its elements joined by commas): never a Java class name. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                Object v = wrap(node.get(i));
                b.append(v == null ? "" : v);
            }
            return b.toString();
        }
    }
}
