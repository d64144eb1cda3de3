package dev.releasepolicy.core.manifest;

/**
 * Bounds that keep hostile input from exhausting the process: file size, nesting depth and the
 * number of values that YAML aliases may add to a document.
 *
 * @param maxFileBytes      larger files are refused unread
 * @param maxNestingDepth   deeper mappings/sequences are refused
 * @param maxExpandedValues values that expanding aliases may add to one document (a file without aliases
 *                          is bounded by its size alone, so 163,000 alerts written out pass)
 */
public record LoadLimits(long maxFileBytes, int maxNestingDepth, int maxExpandedValues) {

    /** 5 MB files, 64 levels, 100,000 values through aliases: far beyond any real manifest. */
    public static final LoadLimits DEFAULT = new LoadLimits(5L * 1024 * 1024, 64, 100_000);
}
