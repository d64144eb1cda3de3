package dev.releasepolicy.core.secret;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs free text (an exception message, a log line, an audit field) before it is shown: masks every
 * known secret value it was told about, every URL in the text (through {@link Redaction#url}),
 * {@code Bearer}/{@code Basic} credentials and {@code name=value} pairs whose name suggests a
 * credential. Immutable and thread-safe; {@link #with} returns a redactor that knows more secrets.
 */
public final class Redactor {

    /** Secrets shorter than this are not searched for in text (they would mask ordinary words). */
    static final int MIN_SECRET_LENGTH = 4;

    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>`]*[^\\s\"'<>`.,;:)\\]]");
    // "Bearer abc.def", "Basic dXNlcg==", "Token 9f8e": the scheme is a word of its own (not the end of a
    // header name such as "X-Num-Token must be a string") and the credential is not a lower-case word.
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)(?<![A-Za-z0-9_.\\-])(Bearer|Basic|Token)\\s+"
            + "(?-i:(?![a-z]+(?![A-Za-z0-9._~+/=\\-])))[A-Za-z0-9._~+/=\\-]+");
    // name=value with a credential-like name; "name: value" only for unmistakable names, because
    // prose such as "duplicate key: replicas" must stay readable.
    private static final Pattern PAIR = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_.\\-]*(?:token|secret|passw|password|pwd|signature|sig|api[_-]?key|key|auth"
                    + "|authorization|credential))"
                    + "(\\s*=\\s*)(\"?)([^\\s&\"',;]+)"
                    + "|(?i)\\b([A-Za-z0-9_.\\-]*(?:token|secret|password|passwd|api[_-]?key"
                    + "|authorization|credentials?))"
                    + "(\\s*:\\s*)(\"?)([^\\s&\"',;]+)");
    // In "X-Num-Token: must be a string" the word after the colon is prose, not a credential: a value of
    // lower-case letters that a further word follows is left alone in the "name: value" form (the
    // "name=value" form, and "api_key: hidden" at the end of a text, are masked whatever the value).
    private static final Pattern PROSE_WORD = Pattern.compile("[a-z]+");
    private static final Pattern NEXT_WORD = Pattern.compile("^ [a-z]");
    // user:pass@ in text that the URL pattern does not take for a URL ("https//u:p@h", "u:p@h").
    private static final Pattern USERINFO = Pattern.compile(
            "(?i)\\b((?:[a-z][a-z0-9+.-]*:)?/*)[^\\s/@:\"'<>]+:(?!/)(?![0-9]+/)" + "[^\\s@\"'<>]*@(?=[a-z0-9\\[])");
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor that knows no particular secret (it still masks URLs and credential patterns). */
    public static Redactor none() {
        return NONE;
    }

    /** A redactor that also masks the given secret values wherever they appear. */
    public Redactor with(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(secrets);
        for (String s : more) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                all.add(s);
            }
        }
        List<String> sorted = new ArrayList<>(all);
        // Longest first, so a secret containing another is masked whole.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted));
    }

    /** A redactor that also masks the secret parts of this URL (see {@link Redaction#secretsOf}). */
    public Redactor withUrl(String url) {
        return with(Redaction.secretsOf(url));
    }

    /** A redactor that also masks the values of the sensitive headers among these. */
    public Redactor withHeaders(Map<String, String> headers) {
        List<String> values = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (Redaction.isSensitiveHeader(k)) {
                values.add(v);
                // "Bearer abc": the credential alone may be echoed back by a server.
                int space = v.indexOf(' ');
                if (space > 0) {
                    values.add(v.substring(space + 1).trim());
                }
            }
        });
        return with(values);
    }

    /** The number of secret values this redactor searches for. */
    public int size() {
        return secrets.size();
    }

    /** The text with all secrets masked; {@code null} becomes the empty string. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            out = mask(out, s);
        }
        out = replaceAll(URL, out, m -> Redaction.url(m.group()));
        out = replaceAll(USERINFO, out, m -> m.group(1) + Redaction.MASK + "@");
        out = replaceAll(AUTH_SCHEME, out, m -> m.group(1) + " " + Redaction.MASK);
        String pairs = out;
        out = replaceAll(PAIR, pairs, m -> {
            int g = m.group(1) != null ? 1 : 5;
            String value = m.group(g + 3);
            boolean prose = g == 5
                    && PROSE_WORD.matcher(value).matches()
                    && m.group(g + 2).isEmpty()
                    && NEXT_WORD.matcher(pairs.substring(m.end())).find();
            return prose
                            || value.equals(Redaction.MASK)
                            || value.startsWith("http")
                            || value.matches("(?i)bearer|basic|token")
                    ? m.group()
                    : m.group(g) + m.group(g + 1) + m.group(g + 2) + Redaction.MASK;
        });
        return out;
    }

    /**
     * The text with every occurrence of one secret masked. A secret made only of letters is masked as a
     * whole word only, so the secret "pass" leaves "password" and "bypass" readable; any other secret is
     * masked wherever it appears, also inside longer text (URL-encoded, glued to a prefix).
     */
    private static String mask(String text, String secret) {
        boolean word = secret.chars().allMatch(Character::isLetter);
        if (!word) {
            return text.replace(secret, Redaction.MASK);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + secret.length())) {
            int end = at + secret.length();
            boolean whole = (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
            if (whole) {
                out.append(text, from, at).append(Redaction.MASK);
                from = end;
            }
        }
        return out.append(text.substring(from)).toString();
    }

    private static String replaceAll(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Redactor[" + secrets.size() + " secrets]";
    }
}
