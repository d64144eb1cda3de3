package dev.releasepolicy.core.policy;

/**
 * The text of one policy module before it is evaluated.
 *
 * @param displayName how findings name the file ({@code policies/rollback-plan.js} for a built-in one)
 * @param text        the JavaScript module
 */
public record PolicyFile(String displayName, String text) {

    /** The file name without folders and without {@code .js}/{@code .mjs}: the id when meta is unreadable. */
    public String baseName() {
        String n = displayName.substring(displayName.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
