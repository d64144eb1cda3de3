package dev.releasepolicy.core.verify;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Run-wide inputs of one {@code verify}: the instant that release-window checks take as "now", and
 * (per file, when the verify cache is on) the trace that records what the checks read besides the
 * manifest.
 */
public record VerifyContext(Instant now, CheckTrace trace) {

    public VerifyContext(Instant now) {
        this(now, CheckTrace.NONE);
    }

    /**
     * {@code ctx.today}: the UTC date of {@code instant}, {@code YYYY-MM-DD}. A policy that needs the day
     * only (a rehearsal's age in days) reads this rather than {@code ctx.now}, so that the verify cache
     * reuses its result all day instead of for one instant; the cache compares with the same value.
     */
    public static String today(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** The same context recording into {@code t}. */
    public VerifyContext tracing(CheckTrace t) {
        return new VerifyContext(now, t);
    }
}
