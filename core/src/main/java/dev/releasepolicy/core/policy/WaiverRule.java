package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One waiver of the configuration: findings of {@code policy} in manifests matching {@code manifest}
 * are accepted until the end of {@code expires} (UTC).
 *
 * @param policy   policy id
 * @param manifest glob on the manifest file path (as given) or on {@code metadata.name}
 * @param reason   why
 * @param owner    who answers for it
 * @param expires  last day it applies
 * @param location where it is written in the configuration
 */
public record WaiverRule(
        String policy, String manifest, String reason, String owner, LocalDate expires, Location location) {

    /** Whether it still applies at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Whether it is about this manifest (file path glob, or a glob on the name). */
    public boolean matches(String file, String name) {
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + manifest);
        String normalized = file.replace('\\', '/');
        if (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        return glob.matches(Path.of(normalized))
                || glob.matches(Path.of(file))
                || (!name.contains("/") && !name.isEmpty() && glob.matches(Path.of(name)))
                || manifest.equals(file)
                || manifest.equals(name);
    }

    /** The finding-side view. */
    public Waiver waiver() {
        return new Waiver(reason, owner, expires.toString());
    }
}
