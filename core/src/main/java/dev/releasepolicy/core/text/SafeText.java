package dev.releasepolicy.core.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutralises text that comes from a manifest or a policy (messages, hints, names, waiver reasons) for the
 * output it lands in, so that such text cannot forge output of its own: no terminal escape sequence, no
 * GitHub workflow command at the start of a line, no HTML or link in a Markdown report.
 *
 * <p>Control characters become visible escapes ({@code \x1B}, {@code \u2028}): C0 and C1 controls, DEL,
 * the Unicode line and paragraph separators, and the bidirectional overrides that reorder what a reader
 * sees. Line breaks are kept only where the caller says how the next line is indented.
 */
public final class SafeText {

    /** Schemes a Markdown or HTML renderer may turn into something that runs or loads. */
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(javascript|vbscript|data|file|blob|about)\\s*:");

    private SafeText() {}

    /** One line: every control character and line break escaped. */
    public static String line(String s) {
        return escape(s, false);
    }

    /**
     * Several lines: line breaks ({@code \n}, {@code \r\n}, {@code \r}) kept and each continuation line
     * indented by {@code indent}, which must not be empty so that no line can start with text of the
     * source (such as {@code ::error}); every other control character escaped.
     */
    public static String lines(String s, String indent) {
        if (indent.isEmpty()) {
            throw new IllegalArgumentException("continuation lines need an indent");
        }
        String[] parts = s.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('\n').append(indent);
                sb.append(lineStart(escape(parts[i], false)));
            } else {
                sb.append(escape(parts[i], false));
            }
        }
        return sb.toString();
    }

    /**
     * A line that starts with {@code ::} (after leading spaces, which the GitHub Actions runner skips) with
     * its first colon escaped, so it is no workflow command; other lines as they are.
     */
    public static String lineStart(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.startsWith("::", i) ? line.substring(0, i) + "\\x3A" + line.substring(i + 1) : line;
    }

    /**
     * Markdown text (a table cell or a list item): on one line; HTML ({@code <}, {@code >}, {@code &})
     * as entities; Markdown punctuation that starts emphasis, code, strike-through or links
     * backslash-escaped; pipes escaped so they do not end a cell; and the colon of a scheme such as
     * {@code javascript:} as an entity so no renderer makes it a link.
     */
    public static String markdown(String s) {
        String one = escape(s, true);
        StringBuilder sb = new StringBuilder(one.length() + 16);
        for (int i = 0; i < one.length(); i++) {
            char c = one.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '|', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return schemes(sb.toString());
    }

    /**
     * Text inside a Markdown code span in a table: on one line, backticks (which would end the span)
     * as apostrophes, pipes escaped (GitHub ends a cell at a pipe even inside a code span).
     */
    public static String markdownCode(String s) {
        return escape(s, true).replace('`', '\'').replace("|", "\\|");
    }

    private static String schemes(String s) {
        Matcher m = SCHEME.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String matched = m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(matched.substring(0, matched.length() - 1) + "&#58;"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Escapes control characters; line breaks become a space ({@code lineBreakAsSpace}) or an escape. The
     * runner's older command syntax {@code ##[command]} is recognised anywhere in a line: its bracket is
     * escaped too.
     */
    private static String escape(String s, boolean lineBreakAsSpace) {
        if (s.contains("##[")) {
            return escape(s.replace("##[", "##\\x5B"), lineBreakAsSpace);
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (lineBreakAsSpace && (c == '\n' || c == '\r')) {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                sb.append(' ');
            } else if (c < 0x100) {
                sb.append("\\x").append(String.format(Locale.ROOT, "%02X", (int) c));
            } else {
                sb.append("\\u").append(String.format(Locale.ROOT, "%04X", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 && c != '\t'
                || c >= 0x7F && c <= 0x9F
                || c == 0x2028
                || c == 0x2029
                || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C;
    }
}
