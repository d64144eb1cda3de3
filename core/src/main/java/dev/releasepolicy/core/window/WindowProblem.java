package dev.releasepolicy.core.window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something wrong with a window definition (unknown zone, unreadable time, empty range, ...).
 *
 * @param path    JSON Pointer of the offending value, e.g. {@code /spec/window/allow/0/from}
 * @param message what is wrong, naming the value
 * @param hint    how to fix it
 */
public record WindowProblem(String path, String message, String hint) {

    /** {@code {path, message, hint}}, the shape policies see in {@code ctx.window.problems}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("message", message);
        m.put("hint", hint);
        return m;
    }
}
