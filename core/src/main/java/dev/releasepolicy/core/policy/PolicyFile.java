package dev.releasepolicy.core.policy;

/**
 * The text of one policy module before it is evaluated.
 *
 * @param displayName how findings name the file ({@code policies/rollback-plan.js} for a built-in one)
 * @param text        the JavaScript module
 * @param origin      where it comes from: {@link PolicyCatalog#BUILTIN_ORIGIN} or its team folder. Policies of
 *                    different origins run in separate contexts, so that one source cannot change what
 *                    another sees
 */
public record PolicyFile(String displayName, String text, String origin) {

    /** A policy file whose origin is the folder of its display name. */
    public PolicyFile(String displayName, String text) {
        this(displayName, text, folderOf(displayName));
    }

    private static String folderOf(String displayName) {
        int slash = displayName.lastIndexOf('/');
        return slash < 0 ? "." : displayName.substring(0, slash);
    }

    /** The file name without folders and without {@code .js}/{@code .mjs}: the id when meta is unreadable. */
    public String baseName() {
        String n = displayName.substring(displayName.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
