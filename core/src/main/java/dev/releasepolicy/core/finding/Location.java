package dev.releasepolicy.core.finding;

/**
 * A place in a source file: the file as the user named it, 1-based line and column.
 * Line 0 means "the file as a whole" (for example an empty or unreadable file).
 */
public record Location(String file, int line, int column) {

    public Location {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
    }

    /** A location that names only the file. */
    public static Location ofFile(String file) {
        return new Location(file, 0, 0);
    }

    /** {@code file:line:column}, or just {@code file} when the line is unknown. */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + Math.max(column, 1);
    }
}
