package dev.releasepolicy.core.secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows what a secret looks like in a URL or an HTTP header, and hides it.
 *
 * <p>In a URL it masks: user information ({@code user:pass@}), the values of query parameters whose
 * names suggest a credential ({@code token}, {@code key}, {@code sig}, {@code secret}, {@code
 * password}, {@code auth}, ...), the fragment, the secret path of known webhook services (Slack
 * {@code hooks.slack.com/services/T…/B…/…}, Discord, Microsoft Teams, Zapier, Telegram bots) and any
 * other path segment that looks like a generated token (20 or more letters and digits in mixed case,
 * or 32 or more hex digits). In headers it masks {@code Authorization}, {@code Cookie} and any name
 * containing token, secret, key, signature, password, auth, session or credential.
 *
 * <p>Over-masking is preferred to leaking: a masked value is shown as {@value #MASK}. The class is
 * dependency-free so every module (planner, reports, executor) can use it.
 */
public final class Redaction {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    private static final Pattern URL_PARTS =
            Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)([^?#]*)(\\?[^#]*)?(#.*)?$");
    // pass (password, passwd, passphrase), pwd, key (apikey, api_key, x-api-key), sig (signature), auth
    // (authorization, oauth), token (access_token, id_token), jwt, private (private_key): a name that merely
    // contains one of these is masked too, because over-masking is preferred to leaking.
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(token|secret|pass|pwd|sig|key|auth|credential|session|cookie|bearer|hash|code|jwt|private).*");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i).*(secret|token|password|passwd|passphrase|api[_-]?key|credential|private[_-]?key|signature).*");
    private static final Pattern HOST_PORT = Pattern.compile("^[^:]*:[0-9]+$");
    /** User information written before an '@' but after a '/', '?' or '#' that ends the authority early. */
    private static final Pattern LOOSE_USERINFO = Pattern.compile("^[^=&]*:[^=&]*$");
    /** {@code scheme:/user:pass@} or {@code user:pass@host} in text that is not a well-formed URL. */
    private static final Pattern MALFORMED_USERINFO =
            Pattern.compile("((?:[A-Za-z][A-Za-z0-9+.-]*:)?/*)[^\\s/@]*:(?![0-9]+/)[^\\s@]*@");

    private static final Pattern MIXED_TOKEN =
            Pattern.compile("^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9_\\-.~]{20,}$");
    private static final Pattern HEX_TOKEN = Pattern.compile("^[0-9a-fA-F]{32,}$");
    private static final Pattern TELEGRAM_BOT = Pattern.compile("^bot[0-9]+:.+$");

    private Redaction() {}

    /** The URL with its secrets masked; a string that is not an absolute URL is returned as is. */
    public static String url(String url) {
        return redactUrl(url, new ArrayList<>());
    }

    /** The secret parts of a URL (user info, sensitive parameter values, token path segments). */
    public static List<String> secretsOf(String url) {
        List<String> found = new ArrayList<>();
        redactUrl(url, found);
        return List.copyOf(found);
    }

    /** Whether a header with this name carries a credential (case-insensitive). */
    public static boolean isSensitiveHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization")
                || n.equals("proxy-authorization")
                || n.equals("cookie")
                || n.equals("set-cookie")
                || SECRET_NAME.matcher(n).matches();
    }

    /** The header value to show: masked when the header is sensitive. */
    public static String header(String name, String value) {
        return isSensitiveHeader(name) ? MASK : value;
    }

    /** The headers to show, in their order, with sensitive values masked. */
    public static Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((k, v) -> shown.put(k, header(k, v)));
        return shown;
    }

    /**
     * Whether the manifest field at this JSON Pointer holds a credential: the value of a sensitive
     * header ({@code .../headers/X-Api-Key}) or a field named like a secret ({@code secret}, {@code
     * token}, {@code password}, {@code apiKey}). Narrower than header names, so {@code testsPassed}
     * stays readable.
     */
    public static boolean isSensitiveField(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return false;
        }
        String[] tokens = pointer.split("/", -1);
        String last = tokens[tokens.length - 1].replace("~1", "/").replace("~0", "~");
        boolean header = tokens.length >= 2 && tokens[tokens.length - 2].equalsIgnoreCase("headers");
        return (header && isSensitiveHeader(last)) || SECRET_FIELD.matcher(last).matches();
    }

    /**
     * How a value read from the manifest field at {@code pointer} may be quoted in a message or hint:
     * {@value #MASK} for a sensitive field, otherwise the value with the secrets of any URL in it masked
     * (also in text that is not a well-formed URL).
     */
    public static String shownValue(String pointer, String value) {
        if (isSensitiveField(pointer)) {
            return MASK;
        }
        return value == null ? "" : Redactor.none().scrub(value);
    }

    /** Whether a query parameter with this name carries a credential (case-insensitive). */
    public static boolean isSensitiveParameter(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    private static String redactUrl(String url, List<String> found) {
        Matcher m = URL_PARTS.matcher(url);
        if (!m.matches()) {
            return redactMalformed(url, found);
        }
        String scheme = m.group(1);
        String rest = url.substring(scheme.length());
        int looseAt = looseUserinfoEnd(m.group(2), rest);
        if (looseAt >= 0) {
            // "https://user:pa/ss@host": the '/' (or '?', '#') ends the authority for a URL parser, which
            // would show "pa" as a port and the rest as a path; mask everything up to the '@' instead.
            found.add(rest.substring(0, looseAt));
            Matcher after = URL_PARTS.matcher("x://" + rest.substring(looseAt + 1));
            String shown = after.matches() ? redactUrl("x://" + rest.substring(looseAt + 1), found) : MASK;
            return scheme + MASK + "@" + (after.matches() ? shown.substring("x://".length()) : "");
        }
        StringBuilder out = new StringBuilder(scheme);
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String host = authority;
        if (at >= 0) {
            found.add(authority.substring(0, at));
            out.append(MASK).append('@');
            host = authority.substring(at + 1);
        }
        out.append(host);
        out.append(redactPath(host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", ""), m.group(3), found));
        if (m.group(4) != null) {
            out.append('?').append(redactQuery(m.group(4).substring(1), found));
        }
        if (m.group(5) != null && m.group(5).length() > 1) {
            found.add(m.group(5).substring(1));
            out.append('#').append(MASK);
        }
        return out.toString();
    }

    /**
     * The end of user information that a '/', '?' or '#' cut short ({@code user:pa/ss@host}): the last
     * '@' in the text before which there is a ':' but no '=' or '&' (so {@code ?mail=a@b.c} is a query,
     * not user information); -1 when there is none or the authority already holds the '@'.
     */
    private static int looseUserinfoEnd(String authority, String rest) {
        if (authority.indexOf('@') >= 0 || HOST_PORT.matcher(authority).matches()) {
            // "registry:5000/app@sha256:..." is a host, a port and a digest, not user information.
            return -1;
        }
        for (int at = rest.lastIndexOf('@'); at > 0; at = rest.lastIndexOf('@', at - 1)) {
            if (LOOSE_USERINFO.matcher(rest.substring(0, at)).matches()) {
                return at;
            }
        }
        return -1;
    }

    /** Text that is not a URL but may hold {@code user:pass@}: the credential part is masked whole. */
    private static String redactMalformed(String text, List<String> found) {
        Matcher m = MALFORMED_USERINFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            found.add(m.group().substring(m.group(1).length(), m.group().length() - 1));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String redactPath(String host, String path, List<String> found) {
        if (path.isEmpty()) {
            return path;
        }
        String[] segments = path.split("/", -1);
        int keep = secretPathStart(host, segments);
        StringBuilder out = new StringBuilder();
        boolean masked = false;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (i >= keep && !s.isEmpty()) {
                found.add(s);
                if (!masked) {
                    out.append('/').append(MASK);
                    masked = true;
                }
                continue;
            }
            if (looksLikeToken(s)) {
                found.add(s);
                out.append('/').append(MASK);
            } else {
                out.append('/').append(s);
            }
        }
        return out.toString();
    }

    /** Index of the first path segment that is secret for a known hook service, or MAX_VALUE. */
    private static int secretPathStart(String host, String[] segments) {
        // segments[0] is the empty string before the leading '/'.
        if (host.equals("hooks.slack.com")
                || host.endsWith(".webhook.office.com")
                || host.equals("outlook.office.com")
                || host.equals("hooks.zapier.com")) {
            return 2;
        }
        if ((host.equals("discord.com") || host.equals("discordapp.com"))
                && segments.length > 3
                && segments[1].equals("api")
                && segments[2].equals("webhooks")) {
            return 3;
        }
        if (host.equals("api.telegram.org")) {
            return segments.length > 1 && TELEGRAM_BOT.matcher(segments[1]).matches() ? 1 : Integer.MAX_VALUE;
        }
        return Integer.MAX_VALUE;
    }

    private static boolean looksLikeToken(String segment) {
        return MIXED_TOKEN.matcher(segment).matches()
                || HEX_TOKEN.matcher(segment).matches();
    }

    private static String redactQuery(String query, List<String> found) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (eq >= 0 && !value.isEmpty() && (isSensitiveParameter(name) || looksLikeToken(value))) {
                found.add(value);
                out.append(name).append('=').append(MASK);
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }
}
