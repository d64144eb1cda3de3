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
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(token|secret|passw|pwd|sig|key|auth|credential|session|cookie|bearer|hash|code).*");
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

    /** Whether a query parameter with this name carries a credential (case-insensitive). */
    public static boolean isSensitiveParameter(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    private static String redactUrl(String url, List<String> found) {
        Matcher m = URL_PARTS.matcher(url);
        if (!m.matches()) {
            return url;
        }
        StringBuilder out = new StringBuilder(m.group(1));
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
