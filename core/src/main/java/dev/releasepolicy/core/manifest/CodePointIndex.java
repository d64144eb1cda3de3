package dev.releasepolicy.core.manifest;

import java.util.Arrays;

/**
 * Turns the offsets the YAML parser reports into indexes of the Java string it parsed.
 *
 * <p>The parser (snakeyaml-engine) counts code points, so its offsets, lines and columns are in code
 * points, while a Java {@link String} is indexed in UTF-16 units: every character beyond U+FFFF (an
 * emoji, say) takes two. Reading the source at a parser offset without this conversion looks at the
 * wrong character after the first such one, which once made a quoted value look unquoted and an alias
 * resolve to an earlier anchor. Columns shown to users stay in code points, as most editors count them.
 */
final class CodePointIndex {

    private static final int[] NONE = new int[0];

    /** Code-point offsets of the characters beyond U+FFFF, ascending. */
    private final int[] supplementary;

    private CodePointIndex(int[] supplementary) {
        this.supplementary = supplementary;
    }

    static CodePointIndex of(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isHighSurrogate(text.charAt(i))) {
                count++;
            }
        }
        if (count == 0) {
            return new CodePointIndex(NONE);
        }
        int[] at = new int[count];
        int n = 0;
        int codePoint = 0;
        for (int i = 0; i < text.length(); codePoint++) {
            int c = text.codePointAt(i);
            if (Character.isSupplementaryCodePoint(c)) {
                at[n++] = codePoint;
            }
            i += Character.charCount(c);
        }
        return new CodePointIndex(n == count ? at : Arrays.copyOf(at, n));
    }

    /** The UTF-16 index of the code point at {@code codePointOffset}; negative stays negative. */
    int charIndex(long codePointOffset) {
        if (codePointOffset < 0 || codePointOffset > Integer.MAX_VALUE) {
            return -1;
        }
        int offset = (int) codePointOffset;
        if (supplementary.length == 0) {
            return offset;
        }
        int found = Arrays.binarySearch(supplementary, offset);
        int before = found >= 0 ? found : -found - 1;
        return offset + before;
    }
}
