package dev.releasepolicy.core.workload;

import java.util.Locale;

/**
 * How a version appears in Kubernetes names and labels: {@code 2.7.0} is the slug {@code 2-7-0} in
 * {@code orders-api-2-7-0} and the label value {@code 2.7.0}.
 */
public final class VersionNames {

    private VersionNames() {}

    /** A version as a DNS label part: lower case, other characters as {@code -}. */
    public static String slug(String version) {
        String s =
                version.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /** A version as a label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    public static String labelValue(String version) {
        String s = version.replaceAll("[^A-Za-z0-9._-]", "-");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        return s.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }

    /** {@code <application>-<version slug>}, cut to 63 characters. */
    public static String deploymentName(String application, String version) {
        String name = application + "-" + slug(version);
        return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
    }
}
