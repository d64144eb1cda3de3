package dev.releasepolicy.core.verify;

import java.time.Instant;

/**
 * Run-wide inputs of one {@code verify}: the instant that release-window checks take as "now", and
 * (per file, when the verify cache is on) the trace that records what the checks read besides the
 * manifest.
 */
public record VerifyContext(Instant now, CheckTrace trace) {

    public VerifyContext(Instant now) {
        this(now, CheckTrace.NONE);
    }

    /** The same context recording into {@code t}. */
    public VerifyContext tracing(CheckTrace t) {
        return new VerifyContext(now, t);
    }
}
