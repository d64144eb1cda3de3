package dev.releasepolicy.core.verify;

import java.time.Instant;

/** Run-wide inputs of one {@code verify}: the instant that release-window checks take as "now". */
public record VerifyContext(Instant now) {}
