package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Severity;
import java.util.Optional;

/**
 * One element of the array a policy's {@code check} returned, already type-checked.
 *
 * @param path     JSON Pointer into the manifest ({@code ""} for the whole document)
 * @param message  what is wrong
 * @param hint     how to fix it (may be empty)
 * @param severity the finding's own severity, overriding {@code meta.severity}
 */
public record RawFinding(String path, String message, String hint, Optional<Severity> severity) {}
