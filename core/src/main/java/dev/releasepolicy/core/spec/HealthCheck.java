package dev.releasepolicy.core.spec;

import java.util.Optional;

/**
 * {@code spec.healthCheck}: the HTTP readiness check of the new version.
 *
 * @param path         the HTTP path, such as {@code /healthz}
 * @param port         the container port
 * @param timeout      how long the version may take to become ready
 * @param initialDelay the wait before the first check, when written
 */
public record HealthCheck(String path, int port, WrittenDuration timeout, Optional<WrittenDuration> initialDelay) {}
