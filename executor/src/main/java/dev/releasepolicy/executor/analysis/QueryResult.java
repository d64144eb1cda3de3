package dev.releasepolicy.executor.analysis;

/**
 * What one query of a {@link MetricsProvider} gave: a number, no data (an empty result or NaN), or
 * no answer at all (unreachable, refused, malformed). Only {@link Value} can pass a threshold.
 */
public sealed interface QueryResult {

    /** One number. */
    record Value(double value) implements QueryResult {}

    /** The provider answered but had no number, e.g. an empty vector or NaN (no traffic). */
    record NoData(String why) implements QueryResult {}

    /** The provider could not be asked or refused the query; {@code why} is already redacted. */
    record Unavailable(String why) implements QueryResult {}
}
